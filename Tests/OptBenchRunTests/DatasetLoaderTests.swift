import Foundation
import OptBench
import OptBenchRun
import Testing

/// The repository's `Suites/data/`.
private let dataDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Suites/data").path

/// A fresh temporary directory for one test's files.
private func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("optbench-loader-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The one-line description of the error `body` throws, or `nil` when it does not throw.
private func errorLine(_ body: () throws -> Any) -> String? {
    do {
        _ = try body()
        return nil
    } catch {
        return "\(error)"
    }
}

@Suite("Data loaders: shipped CSV datasets and IDX files")
struct DatasetLoaderTests {
    @Test("every shipped CSV loads with the rows, features and classes of its catalog entry", arguments: DatasetCatalog.shipped.map(\.name))
    func shippedDatasetsLoad(name: String) throws {
        let entry = try #require(DatasetCatalog.shipped(named: name))
        let dataset = try ShippedDatasetLoader(directories: [dataDirectory]).load(entry)
        #expect(dataset.name == name)
        #expect(dataset.count == entry.rows)
        #expect(dataset.featureCount == entry.featureCount)
        #expect(dataset.classCount == entry.classCount)
        #expect(dataset.classCounts.allSatisfy { $0 > 0 })
        #expect(dataset.imageShape == entry.imageShape)
    }

    @Test("the class counts are those of the provenance README")
    func classCounts() throws {
        let loader = ShippedDatasetLoader(directories: [dataDirectory])
        #expect(try loader.load(DatasetCatalog.shipped(named: "iris")!).classCounts == [50, 50, 50])
        #expect(try loader.load(DatasetCatalog.shipped(named: "wine")!).classCounts == [59, 71, 48])
        #expect(try loader.load(DatasetCatalog.shipped(named: "breast_cancer")!).classCounts == [212, 357])
        #expect(try loader.load(DatasetCatalog.shipped(named: "two_spirals")!).classCounts == [97, 97])
        // First iris row: 5.1, 3.5, 1.4, 0.2 → class 0.
        let iris = try CSVDatasetLoader.load(path: dataDirectory + "/iris.csv")
        #expect(iris.name == "iris" && Array(iris.features.row(0)) == [5.1, 3.5, 1.4, 0.2] && iris.labels?.first == 0)
    }

    @Test("the standard search path finds Suites/data beside a suite file, and a network problem builds through it")
    func standardSearchPath() throws {
        let loader = ShippedDatasetLoader.standard(suitePath: dataDirectory + "/../quickstart.yaml")
        #expect(loader.locate("digits.csv") != nil)
        let problem = try ProblemCatalog.make("mlp", settings: ["dataset": "digits"], datasets: loader)
        #expect(problem.identity == "mlp(dataset=digits)")
        #expect(problem.dimension == 64 * 128 + 128 + 128 * 10 + 10)
    }

    @Test("a dataset file that is nowhere to be found names the directories searched")
    func missingDataset() {
        let loader = ShippedDatasetLoader(directories: ["/nonexistent/a", "/nonexistent/b"])
        let line = errorLine { try loader.load(DatasetCatalog.shipped(named: "iris")!) }
        #expect(line == "dataset: iris.csv not found in /nonexistent/a, /nonexistent/b; set OPTBENCH_DATA to the directory that holds it")
    }

    @Test("each bad CSV gives one line with the file, the line and the reason", arguments: [
        ("ragged", "a,b,label\n1,2,0\n1,2\n", ":3: expected 3 fields, found 2"),
        ("too many fields", "a,b,label\n1,2,0,9\n", ":2: expected 3 fields, found 4"),
        ("non-numeric feature", "a,b,label\n1,2,0\n1,abc,1\n", ":3: column 'b': 'abc' is not a finite number"),
        ("infinite feature", "a,b,label\n1,inf,0\n", ":2: column 'b': 'inf' is not a finite number"),
        ("fractional label", "a,b,label\n1,2,0.5\n", ":2: label '0.5' is not a class index (an integer ≥ 0)"),
        ("negative label", "a,b,label\n1,2,-2\n", ":2: label '-2' is not a class index (an integer ≥ 0)"),
        ("no label column", "a,b,c\n1,2,0\n", ":1: no column 'label' in the header (columns: a, b, c)"),
        ("header only", "a,b,label\n", ": no data rows after the header"),
        ("empty", "", ": empty file: no header row"),
    ])
    func badCSV(label: String, text: String, expectedSuffix: String) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("bad.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let line = errorLine { try CSVDatasetLoader.load(path: path) }
        #expect(line == path + expectedSuffix, "\(label)")
        #expect(line?.contains("\n") == false)
    }

    @Test("a label outside the expected classes, a missing file and non-UTF-8 bytes are one-line errors")
    func otherCSVErrors() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("d.csv").path
        try "x,label\n1,0\n2,3\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(errorLine { try CSVDatasetLoader.load(path: path, classCount: 3) } == path + ":3: label 3 out of range 0..<3")
        #expect(try CSVDatasetLoader.load(path: path).classCount == 4)
        #expect(errorLine { try CSVDatasetLoader.load(path: path, labelColumn: "y") } == path + ":1: no column 'y' in the header (columns: x, label)")
        // The label column may be anywhere and have any name; the other columns are features in order.
        let first = directory.appendingPathComponent("first.csv").path
        try "species, a, b\n1, 0.5, 7\n0, 1.5, 8\n".write(toFile: first, atomically: true, encoding: .utf8)
        let labelFirst = try CSVDatasetLoader.load(path: first, labelColumn: "species")
        #expect(labelFirst.features.elements == [0.5, 7, 1.5, 8] && labelFirst.labels == [1, 0] && labelFirst.name == "first")
        #expect(errorLine { try CSVDatasetLoader.load(path: directory.appendingPathComponent("none.csv").path) } == directory.appendingPathComponent("none.csv").path + ": no such file")
        let binary = directory.appendingPathComponent("b.csv").path
        try Data([0x61, 0x2C, 0xFF, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: binary))
        #expect(errorLine { try CSVDatasetLoader.load(path: binary) } == binary + ": not UTF-8 text; expected a CSV file")
    }

    /// IDX bytes: a big-endian header then the body.
    private func idx(magic: UInt32, dimensions: [UInt32], body: [UInt8]) -> Data {
        var bytes: [UInt8] = []
        for word in [magic] + dimensions {
            bytes += [UInt8(word >> 24), UInt8((word >> 16) & 0xFF), UInt8((word >> 8) & 0xFF), UInt8(word & 0xFF)]
        }
        return Data(bytes + body)
    }

    @Test("IDX images and labels load as 1×rows×columns images with pixel features")
    func idxLoads() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let images = directory.appendingPathComponent("images.idx").path, labels = directory.appendingPathComponent("labels.idx").path
        // Three 2×3 images with pixels 0…17, labels 2, 0, 1.
        try idx(magic: 2051, dimensions: [3, 2, 3], body: Array(0..<18)).write(to: URL(fileURLWithPath: images))
        try idx(magic: 2049, dimensions: [3], body: [2, 0, 1]).write(to: URL(fileURLWithPath: labels))
        let dataset = try IDXDatasetLoader.load(images: images, labels: labels, name: "tiny")
        #expect(dataset.count == 3 && dataset.featureCount == 6)
        #expect(dataset.imageShape == FeatureShape(channels: 1, height: 2, width: 3))
        #expect(Array(dataset.features.row(1)) == [6, 7, 8, 9, 10, 11])
        #expect(dataset.labels == [2, 0, 1] && dataset.classCount == 3)
    }

    @Test("hostile IDX headers (sizes that overflow or exceed the file) are refused, not trusted")
    func hostileIDXHeaders() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let images = directory.appendingPathComponent("images.idx").path, labels = directory.appendingPathComponent("labels.idx").path
        try idx(magic: 2049, dimensions: [0], body: []).write(to: URL(fileURLWithPath: labels))
        for dimensions: [UInt32] in [[0, 0xFFFF_FFFF, 0xFFFF_FFFF], [0xFFFF_FFFF, 0xFFFF, 0xFFFF], [1_000_000, 28, 28]] {
            try idx(magic: 2051, dimensions: dimensions, body: []).write(to: URL(fileURLWithPath: images))
            let message = errorLine { try IDXDatasetLoader.load(images: images, labels: labels, name: "t") }
            #expect(message == images + ": the header announces \(dimensions[0]) images of \(dimensions[1])×\(dimensions[2]) pixels, more than the file's 16 bytes hold")
        }
        #expect(errorLine { try CSVDatasetLoader.load(path: "/dev/zero") } == "/dev/zero: not a regular file")
    }

    @Test("gzip-compressed IDX files (as MNIST ships) read like the plain ones")
    func gzipIDX() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let images = directory.appendingPathComponent("images.idx").path, labels = directory.appendingPathComponent("labels.idx").path
        try idx(magic: 2051, dimensions: [3, 2, 3], body: Array(0..<18)).write(to: URL(fileURLWithPath: images))
        try idx(magic: 2049, dimensions: [3], body: [2, 0, 1]).write(to: URL(fileURLWithPath: labels))
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-k", images, labels]
        try gzip.run()
        gzip.waitUntilExit()
        try #require(gzip.terminationStatus == 0)
        let plain = try IDXDatasetLoader.load(images: images, labels: labels, name: "t")
        let compressed = try IDXDatasetLoader.load(images: images + ".gz", labels: labels + ".gz", name: "t")
        #expect(compressed.features.elements == plain.features.elements && compressed.labels == plain.labels)
        // A .gz name that is not gzip, and gzip data cut short, are named as such.
        let fake = directory.appendingPathComponent("fake.idx.gz").path
        try idx(magic: 2049, dimensions: [1], body: [0]).write(to: URL(fileURLWithPath: fake))
        #expect(errorLine { try IDXDatasetLoader.load(images: images, labels: fake, name: "t") } == fake + ": named .gz but not gzip data (no gzip header)")
        let cut = directory.appendingPathComponent("cut.idx.gz").path
        let whole = try Data(contentsOf: URL(fileURLWithPath: images + ".gz"))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: cut))
        #expect(errorLine { try IDXDatasetLoader.load(images: cut, labels: labels, name: "t") } == cut + ": not valid gzip data (truncated)")
    }

    @Test("bad IDX files give one-line errors: wrong magic, truncation, extra bytes, count mismatch, gzip", arguments: [
        "wrong magic", "labels file as images", "short header", "truncated pixels", "extra bytes", "count mismatch", "gzip",
    ])
    func badIDX(label: String) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let images = directory.appendingPathComponent("images.idx").path, labels = directory.appendingPathComponent("labels.idx").path
        var imageData = idx(magic: 2051, dimensions: [2, 2, 2], body: Array(0..<8))
        var labelData = idx(magic: 2049, dimensions: [2], body: [0, 1])
        let expected: String
        switch label {
        case "wrong magic":
            imageData = idx(magic: 2052, dimensions: [2, 2, 2], body: Array(0..<8))
            expected = images + ": magic number 2052, expected 2051 (an IDX images file)"
        case "labels file as images":
            imageData = labelData
            expected = images + ": magic number 2049, expected 2051 (an IDX images file)"
        case "short header":
            imageData = Data([0, 0, 8, 3, 0, 0])
            expected = images + ": truncated: 6 bytes, shorter than the 16-byte IDX header"
        case "truncated pixels":
            imageData = imageData.dropLast(3)
            expected = images + ": truncated: expected 8 pixel bytes for 2 images of 2×2 after the header, found 5"
        case "extra bytes":
            labelData.append(contentsOf: [7, 7])
            expected = labels + ": 2 bytes beyond the 2 label bytes the header announces"
        case "count mismatch":
            labelData = idx(magic: 2049, dimensions: [3], body: [0, 1, 1])
            expected = labels + ": 3 labels for the 2 images of " + images
        default:
            imageData = Data([0x1F, 0x8B, 0x08, 0x00] + Array(repeating: 0, count: 20))
            expected = images + ": not valid gzip data (invalid stored block lengths)"
        }
        try imageData.write(to: URL(fileURLWithPath: images))
        try labelData.write(to: URL(fileURLWithPath: labels))
        #expect(errorLine { try IDXDatasetLoader.load(images: images, labels: labels, name: "t") } == expected)
    }
}
