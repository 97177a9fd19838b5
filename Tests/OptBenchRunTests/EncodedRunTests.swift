import Foundation
import HDF5
import OptBench
@testable import OptBenchRun
import Testing

/// Runs encoded on the workers (``RunEncoder``) and stored raw (``ResultsWriter``) against
/// libhdf5 doing it all itself: for each dataset, the test writes the same values through
/// libhdf5's own shuffle and deflate filters (`H5Dwrite`) with the layout's options, and expects
/// every stored chunk to inflate to the same shuffled bytes (the encoder stores the planes of
/// noise that libhdf5 would deflate, so the compressed bytes may differ) at about the same
/// size; the reader and h5py read the values back bit for bit.
@Suite("Runs encoded off the HDF5 thread")
struct EncodedRunTests {
    /// Short and long (a partial last chunk of 4096-row chunks) analytic runs, one long enough
    /// to be encoded on several threads, float32 params, a network with layer norms and
    /// evaluations, a diverging run.
    static let suite = """
        name: encoded
        problems:
          - {name: rosenbrock, dim: 2, steps: 30}
          - {name: rosenbrock, dim: 3, steps: 5000, precision: float32}
          - {name: beale, steps: 40000}
          - {name: logreg, dataset: moons, epochs: 2}
        optimizers:
          - {name: adam, lr: 0.01}
          - {name: sgd, lr: 5.0}
        """

    static func storedRuns() throws -> [StoredRun] {
        let plan = try RunPlan(suite: Suite(parsing: suite, file: "encoded.yaml"))
        var runs = plan.runs.map { StoredRun(RunExecutor.execute($0, cancellation: CancellationFlag())) }
        // A run that could not start: no rows at all.
        var empty = runs[0]
        empty.summary.index = runs.count
        empty.summary.status = .failed
        empty.trajectory = Trajectory()
        empty.trajectory.parameterDimension = 2
        runs.append(empty)
        return runs
    }

    @Test("the stored chunks inflate to libhdf5's own filter input, and every value reads back bit for bit")
    func chunksEqualLibhdf5() throws {
        let runs = try Self.storedRuns()
        #expect(runs.contains { $0.trajectory.rowCount > 4096 && $0.summary.precision == .float32 })
        #expect(runs.contains { !$0.trajectory.evaluations.isEmpty && !$0.trajectory.layerNames.isEmpty })
        #expect(runs.contains { $0.summary.status == .diverged })
        #expect(runs.contains { $0.trajectory.rowCount > 8 * ResultsLayout.maximumChunkRows })  // many chunks per dataset
        let (directory, path) = try Self.writeEncoded(runs)
        defer { try? FileManager.default.removeItem(at: directory) }

        // The reference: every dataset written by libhdf5 through its filters.
        let reference = try H5File.create(at: directory.appendingPathComponent("reference.h5").path)
        let file = try H5File.open(at: path)
        var chunks = 0, differing = 0, storedBytes = 0, libhdf5Bytes = 0
        for run in runs {
            let group = try file.root.openGroup("runs/" + ResultsLayout.runGroupName(run.summary.index))
            let expected = try Self.referenceDatasets(run, in: reference.root.createGroup("r\(run.summary.index)"))
            #expect(try Set(group.memberNames()).union(try group.exists("eval") ? try group.openGroup("eval").memberNames().map { "eval/" + $0 } : [])
                        == Set(expected.keys).union(expected.keys.contains { $0.hasPrefix("eval/") } ? ["eval"] : []))
            for (name, libhdf5) in expected {
                let stored = try group.openDataset(name)
                #expect(try stored.shape == libhdf5.shape, "\(name)")
                #expect(try stored.chunkRows == libhdf5.chunkRows, "\(name)")
                let rows = try stored.shape[0]
                guard let chunkRows = try stored.chunkRows else { Issue.record("\(name) is not chunked"); continue }
                for row in stride(from: 0, to: rows, by: chunkRows) {
                    let (mine, theirs) = (try stored.readChunk(row: row), try libhdf5.readChunk(row: row))
                    #expect(mine.filterMask == 0)
                    let inflate = { (bytes: [UInt8]) throws in try Gzip.decompress(Data(bytes), file: name, maximumSize: 1 << 26) }
                    #expect(try inflate(mine.bytes) == inflate(theirs.bytes), "\(name) at row \(row)")
                    chunks += 1
                    differing += mine.bytes == theirs.bytes ? 0 : 1
                    storedBytes += mine.bytes.count
                    libhdf5Bytes += theirs.bytes.count
                }
            }
            let read = try ResultsReader(path: path).run(run.summary.index)
            #expect(Self.bits(read.trajectory) == Self.bits(run.trajectory), "run \(run.summary.index)")
            #expect(read.trajectory.layerNames == run.trajectory.layerNames)
        }
        #expect(chunks > 40)
        #expect(differing > 0, "some planes of noise are stored, not deflated")
        #expect(storedBytes <= libhdf5Bytes * 23 / 20, "\(storedBytes) bytes stored against libhdf5's \(libhdf5Bytes)")
    }

    /// The run's datasets written by libhdf5 (`H5Dwrite` through the filters), by name.
    static func referenceDatasets(_ run: StoredRun, in group: H5Group) throws -> [String: H5Dataset] {
        typealias D = ResultsLayout.Data
        let t = run.trajectory
        let rows = t.rowCount
        let options = ResultsLayout.trajectoryOptions(rows: rows)
        var result: [String: H5Dataset] = [:]
        result[D.step] = try group.createDataset(D.step, values: t.step, options: options)
        result[D.loss] = try group.createDataset(D.loss, values: t.loss, options: options)
        result[D.gradNorm] = try group.createDataset(D.gradNorm, values: t.gradNorm, options: options)
        result[D.lr] = try group.createDataset(D.lr, values: t.learningRate, options: options)
        result[D.time] = try group.createDataset(D.time, values: t.seconds, options: options)
        if t.parameterDimension > 0 {
            let shape = [rows, t.parameterDimension]
            result[D.params] = run.summary.precision == .float32
                ? try group.createDataset(D.params, values: t.parameters.map(Float.init), shape: shape, options: options)
                : try group.createDataset(D.params, values: t.parameters, shape: shape, options: options)
        }
        if !t.layerNames.isEmpty {
            result[D.layerGradNorm] = try group.createDataset(D.layerGradNorm, values: t.layerGradNorm, shape: [rows, t.layerNames.count], options: options)
        }
        if !t.evaluations.isEmpty {
            let e = t.evaluations
            let options = ResultsLayout.trajectoryOptions(rows: e.count)
            result[D.evalStep] = try group.createDataset(D.evalStep, values: e.map(\.step), options: options)
            result[D.trainLoss] = try group.createDataset(D.trainLoss, values: e.map(\.evaluation.trainLoss), options: options)
            result[D.trainAccuracy] = try group.createDataset(D.trainAccuracy, values: e.map(\.evaluation.trainAccuracy), options: options)
            result[D.testLoss] = try group.createDataset(D.testLoss, values: e.map(\.evaluation.testLoss), options: options)
            result[D.testAccuracy] = try group.createDataset(D.testAccuracy, values: e.map(\.evaluation.testAccuracy), options: options)
        }
        return result
    }

    /// Every value of a trajectory as bits (NaN payloads included).
    static func bits(_ t: Trajectory) -> [[UInt64]] {
        [t.step.map { UInt64(bitPattern: $0) }, t.loss.map(\.bitPattern), t.gradNorm.map(\.bitPattern),
         t.learningRate.map(\.bitPattern), t.seconds.map(\.bitPattern), t.parameters.map(\.bitPattern),
         t.layerGradNorm.map(\.bitPattern), t.evaluations.map { UInt64(bitPattern: $0.step) },
         t.evaluations.flatMap { [$0.evaluation.trainLoss, $0.evaluation.trainAccuracy, $0.evaluation.testLoss, $0.evaluation.testAccuracy].map(\.bitPattern) }]
    }

    @Test("h5py reads the raw-stored trajectories as the run logged them")
    func h5pyReadsThem() throws {
        let runs = try Self.storedRuns().filter { $0.trajectory.rowCount > 0 }
        let (directory, path) = try Self.writeEncoded(runs)
        defer { try? FileManager.default.removeItem(at: directory) }
        // Sums of the bit patterns of loss and params per run, in h5py and here.
        let script = """
            import sys, h5py, numpy as np
            with h5py.File(sys.argv[1], "r") as f:
                for name, run in f["runs"].items():
                    loss = run["loss"]
                    assert loss.compression == "gzip" and loss.compression_opts == 1 and loss.shuffle
                    p = run["params"][:]
                    bits = p.view(np.uint64 if p.dtype == np.float64 else np.uint32).astype(np.uint64)
                    print(name, loss.shape[0], int(loss[:].view(np.uint64).sum(dtype=np.uint64)), int(bits.sum(dtype=np.uint64)))
            """
        let result = try CheckReportTests.python(script, arguments: [path])
        let expected = runs.map { run in
            let t = run.trajectory
            let params = run.summary.precision == .float32
                ? t.parameters.reduce(UInt64(0)) { $0 &+ UInt64(Float($1).bitPattern) }
                : t.parameters.reduce(UInt64(0)) { $0 &+ $1.bitPattern }
            return "\(ResultsLayout.runGroupName(run.summary.index)) \(t.rowCount) \(t.loss.reduce(UInt64(0)) { $0 &+ $1.bitPattern }) \(params)"
        }
        #expect(result.split(separator: "\n").map(String.init) == expected)
    }

    /// `runs` written through ``RunEncoder`` and ``ResultsWriter`` into `encoded.h5` of a new
    /// directory (the caller removes it).
    static func writeEncoded(_ runs: [StoredRun]) throws -> (directory: URL, path: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("optbench-encoded-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("encoded.h5").path
        let writer = try ResultsWriter(creating: path, provenance: ReportFixtures.provenance)
        let encoder = RunEncoder()
        for run in runs { try writer.write(encoder.encode(run)) }
        try writer.close(durable: false)
        return (directory, path)
    }
}
