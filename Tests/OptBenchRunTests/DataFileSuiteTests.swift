import Foundation
import HDF5
import OptBench
@testable import OptBenchRun
import Testing

@Suite("Suites with the user's own data files")
struct DataFileSuiteTests {
    /// A directory with a suite's data: two Gaussian blobs as CSV and as HDF5.
    static func workspace() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("optbench-datafile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("data"), withIntermediateDirectories: true)
        var rng = SplitMix64(seed: 5)
        var csv = "x1,species,x2\n"
        var features: [Double] = []
        var labels: [Int64] = []
        for i in 0..<120 {
            let label = i % 2
            let x1 = (label == 0 ? -1.5 : 1.5) + rng.nextGaussian() * 0.5, x2 = rng.nextGaussian()
            csv += "\(x1),\(label),\(x2)\n"
            features += [x1, x2]
            labels.append(Int64(label))
        }
        try csv.write(to: directory.appendingPathComponent("data/blobs.csv"), atomically: true, encoding: .utf8)
        try "x,label\n0.5,0\n1.5,2000000000\n".write(to: directory.appendingPathComponent("data/huge_label.csv"), atomically: true, encoding: .utf8)
        try "x,label\n0.5,1\n1.5,2\n2.5,1\n3.5,2\n".write(to: directory.appendingPathComponent("data/one_based.csv"), atomically: true, encoding: .utf8)
        let file = try H5File.create(at: directory.appendingPathComponent("data/blobs.h5").path)
        try file.root.createDataset("inputs", values: features, shape: [120, 2])
        try file.root.createDataset("classes", values: labels)
        try file.close()
        return directory
    }

    static func plan(_ yaml: String, in directory: URL) throws -> RunPlan {
        let path = directory.appendingPathComponent("s.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return try RunPlan(suite: Suite.load(path: path))
    }

    @Test("CSV (label column by name) and HDF5 (dataset names given) files train, paths relative to the suite")
    func csvAndHDF5() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let plan = try Self.plan("""
            name: mine
            problems:
              - {name: logreg, data_file: data/blobs.csv, label_column: species, epochs: 5}
              - {name: mlp, data_file: data/blobs.h5, x_name: inputs, y_name: classes, hidden: [8], epochs: 5}
            optimizers: [{name: adam, lr: 0.05}]
            """, in: directory)
        #expect(plan.runs.map(\.id.problem) == [
            "logreg(data_file=data/blobs.csv,label_column=species)",
            "mlp(data_file=data/blobs.h5,x_name=inputs,y_name=classes,hidden=[8])",
        ])
        for spec in plan.runs {
            let result = RunExecutor.execute(spec, cancellation: CancellationFlag())
            #expect(result.status == .completed)
            // Well separated blobs: the test accuracy after 5 epochs is high.
            #expect((result.trajectory.evaluations.last?.evaluation.testAccuracy ?? 0) >= 0.9, "\(spec.id)")
        }
    }

    @Test("editing a data file changes its runs' resume key, not their ids")
    func editedDataFileReruns() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let yaml = "name: e\nproblems: [{name: logreg, data_file: data/blobs.csv, label_column: species}]\noptimizers: [{name: sgd}]\n"
        let before = try Self.plan(yaml, in: directory).runs[0]
        let again = try Self.plan(yaml, in: directory).runs[0]
        #expect(before.configHash == again.configHash)
        let path = directory.appendingPathComponent("data/blobs.csv")
        let text = try String(contentsOf: path, encoding: .utf8)
        try (text + "0.25,1,0.5\n").write(to: path, atomically: true, encoding: .utf8)  // one more example
        let after = try Self.plan(yaml, in: directory).runs[0]
        #expect(after.id == before.id)
        #expect(after.configHash != before.configHash)
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        var what: String
        var problem: String
        var message: String
        var testDescription: String { what }
    }

    static let bad: [Bad] = [
        Bad(what: "missing HDF5 dataset", problem: "{name: mlp, data_file: data/blobs.h5}",
            message: "problems[0].data_file: DIR/data/blobs.h5: no dataset 'X'; the file has 'classes', 'inputs'; name them with x_name and y_name"),
        Bad(what: "missing CSV label column", problem: "{name: logreg, data_file: data/blobs.csv}",
            message: "problems[0].data_file: DIR/data/blobs.csv:1: no column 'label' in the header (columns: x1, species, x2)"),
        Bad(what: "unknown kind", problem: "{name: mlp, data_file: data/blobs.txt}",
            message: "problems[0].data_file: cannot tell the kind of data/blobs.txt: expected .csv, .h5/.hdf5, or IDX images together with labels_file"),
        Bad(what: "a file setting without a file", problem: "{name: mlp, dataset: moons, label_column: y}",
            message: "problems[0].label_column: applies to data_file only"),
        Bad(what: "one huge label", problem: "{name: logreg, data_file: data/huge_label.csv}",
            message: "problems[0].data_file: huge_label: a label of 2000000000 means 2000000001 classes for 2 examples; labels must be 0, 1, 2, …"),
        Bad(what: "1-based labels", problem: "{name: logreg, data_file: data/one_based.csv}",
            message: "problems[0].data_file: one_based: no example of class 0 among classes 0…2; labels must be 0, 1, 2, … (1-based labels?)"),
        Bad(what: "missing file", problem: "{name: logreg, data_file: data/none.csv}",
            message: "problems[0].data_file: DIR/data/none.csv: no such file"),
    ]

    @Test("bad data files are named in one line", arguments: bad)
    func badFiles(_ bad: Bad) throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            _ = try Self.plan("name: x\nproblems: [\(bad.problem)]\noptimizers: [{name: sgd}]\n", in: directory)
            Issue.record("accepted")
        } catch {
            let text = "\(error)".replacingOccurrences(of: directory.path, with: "DIR")
            #expect(text.hasSuffix(bad.message), "\(text)")
            #expect(!text.contains("\n"))
        }
    }

    @Test("a data file named by several problems is read once per plan: they share its data and fingerprint")
    func readOncePerPlan() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let loader = ShippedDatasetLoader(directories: [], baseDirectory: directory.path)
        let reference = DataFileReference(path: "data/blobs.h5", featuresName: "inputs", targetsName: "classes")
        let first = try loader.load(reference)
        try FileManager.default.removeItem(at: directory.appendingPathComponent("data/blobs.h5"))
        #expect(try loader.load(reference) == first, "read again, not from the loader's cache")
        #expect(throws: ProblemError.self) { try ShippedDatasetLoader(directories: [], baseDirectory: directory.path).load(reference) }

        let plan = try Self.plan("""
            name: once
            problems:
              - {name: mlp, data_file: data/blobs.csv, label_column: species, grid: {hidden: [[4], [8]]}, epochs: 1}
            optimizers: [{name: sgd}]
            """, in: directory)
        let fingerprints = plan.runs.map { DataFingerprint.of($0.problem) }
        #expect(fingerprints.count == 2 && fingerprints[0] != nil && fingerprints[0] == fingerprints[1])
    }

    @Test("an HDF5 dataset that declares more than 2^28 values is refused from its shape, before anything is read",
          arguments: [[(1 << 27) + 1, 2], [1 << 20, 1 << 20]])
    func hugeDeclaredShape(_ shape: [Int]) throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Chunked and never written: the file declares the shape but stores no chunk, so it stays
        // a few kilobytes. Reading it would allocate shape[0]·shape[1] doubles (2 GiB, or 8 TiB).
        let path = directory.appendingPathComponent("data/declared.h5").path
        let file = try H5File.create(at: path)
        _ = try file.root.createDataset("X", of: Double.self, shape: shape, options: H5DatasetOptions(chunkRows: 1))
        _ = try file.root.createDataset("y", of: Int64.self, shape: [shape[0]], options: H5DatasetOptions(chunkRows: 4096))
        try file.close()
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size < 1 << 20, "the test file itself is \(size) bytes")
        do {
            _ = try HDF5DatasetLoader.load(path: path)
            Issue.record("accepted")
        } catch {
            #expect("\(error)" == "\(path): X: shape \(shape) holds more than 268435456 values, the most a dataset may have")
        }
    }
}
