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
}
