import Foundation
import OptBench

/// Finds and reads the datasets shipped in `Suites/data/` for the core (which does no I/O):
/// pass one to ``ProblemCatalog/make(_:settings:datasets:)`` when building a suite's problems.
///
/// A dataset `digits` is the file `digits.csv` in the first of these directories that has it:
/// 1. `$OPTBENCH_DATA`, when set;
/// 2. `data/` beside the suite file (suites live in `Suites/`, so this is `Suites/data/`);
/// 3. `Suites/data/` in the current directory (the package root, where the scripts run);
/// 4. `Suites/data/` in the nearest ancestor of the executable's directory that has one
///    (a built `optbench` run from anywhere finds its checkout's data).
///
/// Each file is read once per loader (and its copies), as a snapshot (``FileSnapshot``): every
/// problem of a suite that names the same file (a grid over `hidden`, say) gets the same data,
/// and so the same fingerprint in its resume key, even if the file changes meanwhile. Shipped
/// files are checked against their ``ShippedDataset`` entry (feature and class counts) and get
/// their image shape.
public struct ShippedDatasetLoader: DatasetResolver {
    /// Where to look, in order.
    public let directories: [String]
    /// What relative `data_file` paths are relative to: the suite file's directory.
    public let baseDirectory: String
    /// The datasets read so far, by file and settings.
    private let cache = Cache()

    public init(directories: [String], baseDirectory: String = FileManager.default.currentDirectoryPath) {
        self.directories = directories
        self.baseDirectory = baseDirectory
    }

    /// The standard search path for a suite at `suitePath` (or none).
    public static func standard(suitePath: String? = nil) -> ShippedDatasetLoader {
        var directories: [String] = []
        if let override = ProcessInfo.processInfo.environment["OPTBENCH_DATA"], !override.isEmpty {
            directories.append(override)
        }
        if let suitePath {
            directories.append(URL(fileURLWithPath: suitePath).deletingLastPathComponent().appendingPathComponent("data").path)
        }
        directories.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Suites/data").path)
        var ancestor = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = ancestor.appendingPathComponent("Suites/data").path
            if FileManager.default.fileExists(atPath: candidate) {
                directories.append(candidate)
                break
            }
            ancestor.deleteLastPathComponent()
        }
        var unique: [String] = []
        for directory in directories where !unique.contains(directory) { unique.append(directory) }
        let base = suitePath.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path } ?? FileManager.default.currentDirectoryPath
        return ShippedDatasetLoader(directories: unique, baseDirectory: base)
    }

    /// The path of `fileName` in the first directory that has it.
    public func locate(_ fileName: String) -> String? {
        directories.lazy.map { URL(fileURLWithPath: $0).appendingPathComponent(fileName).path }
            .first { FileManager.default.fileExists(atPath: $0) }
    }

    /// - Throws: ``ProblemError`` for the `dataset` key with the one-line reason: not found
    ///   (listing where it looked), or the file's ``InputError``.
    public func load(_ dataset: ShippedDataset) throws(ProblemError) -> Dataset {
        guard let path = locate(dataset.fileName) else {
            throw ProblemError(key: "dataset", message: "\(dataset.fileName) not found in \(directories.joined(separator: ", ")); set OPTBENCH_DATA to the directory that holds it")
        }
        do {
            return try cache.dataset(for: "shipped|\(path)|\(dataset.name)") { () throws(InputError) in
                try CSVDatasetLoader.load(path: path, name: dataset.name, classCount: dataset.classCount, imageShape: dataset.imageShape)
            }
        } catch {
            throw ProblemError(key: "dataset", message: error.description)
        }
    }

    /// Reads a user's data file by its kind: `.csv` (possibly `.csv.gz`), `.h5`/`.hdf5`, or IDX
    /// images with `labelsPath`. Relative paths are taken from the suite file's directory.
    public func load(_ file: DataFileReference) throws(ProblemError) -> Dataset {
        func resolve(_ path: String) -> String {
            path.hasPrefix("/") ? path : URL(fileURLWithPath: baseDirectory).appendingPathComponent(path).path
        }
        let path = resolve(file.path)
        let lowered = file.path.lowercased()
        let key = [path, file.labelsPath.map(resolve) ?? "", file.labelColumn, file.featuresName, file.targetsName].joined(separator: "|")
        do {
            if lowered.hasSuffix(".csv") || lowered.hasSuffix(".csv.gz") {
                return try cache.dataset(for: key) { () throws(InputError) in try CSVDatasetLoader.load(path: path, labelColumn: file.labelColumn) }
            }
            if lowered.hasSuffix(".h5") || lowered.hasSuffix(".hdf5") {
                return try cache.dataset(for: key) { () throws(InputError) in
                    try HDF5DatasetLoader.load(path: path, featuresName: file.featuresName, targetsName: file.targetsName)
                }
            }
            guard let labels = file.labelsPath else {
                throw ProblemError(key: "data_file", message: "cannot tell the kind of \(file.path): expected .csv, .h5/.hdf5, or IDX images together with labels_file")
            }
            return try cache.dataset(for: key) { () throws(InputError) in
                try IDXDatasetLoader.load(images: path, labels: resolve(labels), name: URL(fileURLWithPath: path).lastPathComponent)
            }
        } catch let error as ProblemError {
            throw error
        } catch let error as InputError {
            throw ProblemError(key: "data_file", message: error.description)
        } catch {
            throw ProblemError(key: "data_file", message: "\(error)")
        }
    }
}

extension ShippedDatasetLoader {
    /// Datasets by key, shared by a loader and its copies.
    final class Cache: @unchecked Sendable {
        private let lock = NSLock()
        private var datasets: [String: Dataset] = [:]

        /// The dataset for `key`, loaded by `load` the first time (failures are not kept).
        func dataset(for key: String, load: () throws(InputError) -> Dataset) throws(InputError) -> Dataset {
            lock.lock()
            defer { lock.unlock() }
            if let known = datasets[key] { return known }
            let dataset = try load()
            datasets[key] = dataset
            return dataset
        }
    }
}
