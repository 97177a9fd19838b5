import Foundation
import HDF5
import OptBench
@testable import OptBenchRun
import Testing

@Suite("Results files that are not what they claim give one clear line")
struct ResultsReaderErrorTests {
    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("optbench-reader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A real results file of one run, to damage.
    static func validFile(in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("r.h5").path
        let plan = try RunPlan(suite: Suite(parsing: "name: r\nsteps: 5\nproblems: [{name: booth}]\noptimizers: [{name: sgd}]\n", file: "r.yaml"))
        let runner = SuiteRunner(plan: plan, options: .init(jobs: 1, mode: .create, command: ["test"]))
        _ = try runner.run(outputPath: path, cancellation: CancellationFlag(), progress: ProgressReporter(style: .quiet))
        return path
    }

    static func message(_ path: String, _ body: (ResultsReader) throws -> Void = { _ = try $0.summaries() }) -> String? {
        do {
            try body(ResultsReader(path: path))
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test("an HDF5 file of another layout is not taken for results")
    func anotherLayout() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("other.h5").path
        let file = try H5File.create(at: path)
        try file.root.createDataset("X", values: [1.0, 2.0])
        try file.close()
        #expect(Self.message(path) == path + ": not an optbench results file (no 'optbench_format' attribute on the root)")
    }

    @Test("a newer format version is refused and named as newer")
    func newerFormat() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try Self.validFile(in: directory)
        let file = try H5File.open(at: path, mode: .readWrite)
        try file.attributes.set("optbench_format", .int64(2))
        try file.close()
        #expect(Self.message(path) == path + ": results format 2 is newer than this optbench reads (1); use a newer optbench")
    }

    @Test("a run missing an attribute or a dataset is named with its group")
    func missingPieces() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try Self.validFile(in: directory)
        let file = try H5File.open(at: path, mode: .readWrite)
        try file.root.openGroup("runs/000000").attributes.remove("status")
        try file.close()
        #expect(Self.message(path) == path + ": /runs/000000: missing attribute 'status'")
    }

    @Test("truncated files and random bytes after an HDF5 signature are refused, not read")
    func damagedBytes() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try Self.validFile(in: directory)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let truncated = directory.appendingPathComponent("truncated.h5").path
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: truncated))
        let truncatedMessage = Self.message(truncated) { reader in _ = try reader.run(0) }
        #expect(truncatedMessage?.hasPrefix(truncated + ": ") == true)
        var garbage = Data(bytes.prefix(8))  // the HDF5 signature
        var rng = SplitMix64(seed: 1)
        garbage.append(contentsOf: (0..<4096).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
        let random = directory.appendingPathComponent("random.h5").path
        try garbage.write(to: URL(fileURLWithPath: random))
        #expect(Self.message(random)?.hasPrefix(random + ": ") == true)
    }

    /// Opens run 0 of the results file at `path` for writing, and closes it after `body`.
    static func editRun(_ path: String, _ body: (H5Group) throws -> Void) throws {
        let file = try H5File.open(at: path, mode: .readWrite)
        try body(try file.root.openGroup("runs/000000"))
        try file.close()
    }

    @Test("a dataset whose shape declares more values than a run logs is refused before it is read")
    func hugeDatasets() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Chunked and never written: a few bytes in the file declare 2⁴¹ values, or 2⁶⁴.
        for name in ["declared", "overflowing"] {
            try FileManager.default.createDirectory(at: directory.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        let declared = try Self.validFile(in: directory.appendingPathComponent("declared"))
        try Self.editRun(declared) { run in
            _ = try run.createDataset("layer_grad_norm", of: Double.self, shape: [1 << 40, 2], options: H5DatasetOptions(chunkRows: 1))
        }
        #expect(Self.message(declared) { _ = try $0.run(0) }
            == declared + ": /runs/000000/layer_grad_norm: 2199023255552 values; a run logs at most 50000000")
        let overflowing = try Self.validFile(in: directory.appendingPathComponent("overflowing"))
        try Self.editRun(overflowing) { run in
            _ = try run.createDataset("eval/step", of: Int64.self, shape: [1 << 62, 4], options: H5DatasetOptions(chunkRows: 1))
        }
        #expect(Self.message(overflowing) { _ = try $0.run(0) }
            == overflowing + ": /runs/000000: dimensions [4611686018427387904, 4] hold more elements than can be counted")
    }

    @Test("step counts beyond what optbench writes are refused, so reports never overflow on them")
    func stepCountsOutOfRange() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try Self.validFile(in: directory)
        for (key, value) in [("budget_steps", Int64.max), ("steps", -1), ("steps_to_target", 100_000_001)] {
            var original: Int64 = 0
            try Self.editRun(path) { run in
                original = try run.attributes.int64(key)
                try run.attributes.set(key, .int64(value))
            }
            #expect(Self.message(path) { _ = try ComparisonModel(reader: $0) }
                == path + ": /runs/000000: \(key) \(value); expected \(key == "steps" ? 0 : -1)…100000000")
            try Self.editRun(path) { run in try run.attributes.set(key, .int64(original)) }
        }
        var steps: [Int64] = []
        try Self.editRun(path) { run in
            steps = try run.openDataset("step").read(as: Int64.self)
            try run.openDataset("step").write([Int64.min] + steps.dropFirst().dropLast() + [Int64.max])
        }
        #expect(Self.message(path) { _ = try ComparisonModel(reader: $0) } == path + ": /runs/000000/step: holds steps outside 0…100000000")
        try Self.editRun(path) { run in try run.openDataset("step").write(steps) }
        #expect(Self.message(path) { _ = try ComparisonModel(reader: $0) } == nil)
    }
}
