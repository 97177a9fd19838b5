import Foundation
import HDF5
import OptBench

/// Encodes finished runs into ``EncodedRun``s: each dataset cut into chunks and each chunk
/// shuffled and deflated as libhdf5's filters would (``H5ChunkEncoder``), with the store's
/// storage options. No libhdf5 call, so workers run it in parallel.
///
/// A long run (``parallelRows`` rows or more) has its datasets encoded on every core at once:
/// the tail of a suite and a single long run (one 10⁶-step run logs 56 MB) would otherwise
/// compress on one thread while the others idle.
///
/// Keeps its zlib states and scratch buffers from run to run. One per thread.
final class RunEncoder {
    /// One encoder per lane; lane 0 encodes short runs.
    private var lanes: [H5ChunkEncoder] = [H5ChunkEncoder(ResultsLayout.trajectoryOptions(rows: 1))]
    /// `params` of float32 runs, converted before encoding.
    private var singles: [Float] = []
    /// Rows from which a run's datasets are encoded in parallel: 8 chunks per column.
    static let parallelRows = 8 * ResultsLayout.maximumChunkRows

    /// The stored form of `run`.
    func encode(_ run: StoredRun) -> EncodedRun {
        typealias D = ResultsLayout.Data
        let t = run.trajectory
        let rows = t.rowCount
        // Each job encodes one dataset with the encoder it is given, heaviest first.
        var jobs: [Job] = []
        jobs.reserveCapacity(12)
        if t.parameterDimension > 0 {
            switch run.summary.precision {
            case .float64:
                jobs.append { Self.encode(D.params, t.parameters, rows: rows, columns: t.parameterDimension, with: $0) }
            case .float32:
                singles.removeAll(keepingCapacity: true)
                singles.append(contentsOf: t.parameters.lazy.map(Float.init))
                let values = singles
                jobs.append { Self.encode(D.params, values, rows: rows, columns: t.parameterDimension, with: $0) }
            }
        }
        if !t.layerNames.isEmpty {
            jobs.append { Self.encode(D.layerGradNorm, t.layerGradNorm, rows: rows, columns: t.layerNames.count, with: $0) }
        }
        jobs.append { Self.encode(D.loss, t.loss, rows: rows, with: $0) }
        jobs.append { Self.encode(D.gradNorm, t.gradNorm, rows: rows, with: $0) }
        jobs.append { Self.encode(D.time, t.seconds, rows: rows, with: $0) }
        jobs.append { Self.encode(D.step, t.step, rows: rows, with: $0) }
        jobs.append { Self.encode(D.lr, t.learningRate, rows: rows, with: $0) }
        if !t.evaluations.isEmpty {
            let e = t.evaluations
            jobs.append { Self.encode(D.evalStep, e.map(\.step), rows: e.count, with: $0) }
            jobs.append { Self.encode(D.trainLoss, e.map(\.evaluation.trainLoss), rows: e.count, with: $0) }
            jobs.append { Self.encode(D.trainAccuracy, e.map(\.evaluation.trainAccuracy), rows: e.count, with: $0) }
            jobs.append { Self.encode(D.testLoss, e.map(\.evaluation.testLoss), rows: e.count, with: $0) }
            jobs.append { Self.encode(D.testAccuracy, e.map(\.evaluation.testAccuracy), rows: e.count, with: $0) }
        }
        let datasets = rows >= Self.parallelRows
            ? encodeInParallel(jobs, lanes: ProcessInfo.processInfo.activeProcessorCount) : jobs.map { $0(lanes[0]) }
        return EncodedRun(summary: run.summary, datasets: Self.inLayoutOrder(datasets), layerNames: t.layerNames)
    }

    /// Encodes one dataset with the encoder it is given.
    typealias Job = @Sendable (H5ChunkEncoder) -> EncodedDataset

    /// Runs `jobs` on up to `count` threads, each with an encoder of its own; results in job order.
    private func encodeInParallel(_ jobs: [Job], lanes count: Int) -> [EncodedDataset] {
        let count = Swift.max(1, Swift.min(count, jobs.count))
        while lanes.count < count { lanes.append(H5ChunkEncoder(ResultsLayout.trajectoryOptions(rows: 1))) }
        let work = ParallelEncoding(jobs: jobs, encoders: Array(lanes.prefix(count)))
        DispatchQueue.concurrentPerform(iterations: count) { lane in work.runLane(lane) }
        return work.results()
    }

    /// The datasets in the order the writer creates them (docs/hdf5-layout.md): the five
    /// trajectory columns, `params`, `layer_grad_norm`, then `eval/`.
    private static func inLayoutOrder(_ datasets: [EncodedDataset]) -> [EncodedDataset] {
        typealias D = ResultsLayout.Data
        let order = [D.step, D.loss, D.gradNorm, D.lr, D.time, D.params, D.layerGradNorm,
                     D.evalStep, D.trainLoss, D.trainAccuracy, D.testLoss, D.testAccuracy]
        return datasets.sorted { order.firstIndex(of: $0.name)! < order.firstIndex(of: $1.name)! }
    }

    /// `values`, row-major `[rows]` or `[rows × columns]`, cut into the chunks of the store's
    /// options.
    private static func encode<T: H5Scalar>(_ name: String, _ values: [T], rows: Int, columns: Int? = nil, with encoder: H5ChunkEncoder) -> EncodedDataset {
        let shape = columns.map { [rows, $0] } ?? [rows]
        let columns = columns ?? 1
        precondition(values.count == rows * columns, "\(name): \(values.count) values for shape \(shape)")
        let chunkRows = ResultsLayout.trajectoryOptions(rows: rows).chunkRows!
        var bytes: [UInt8] = []
        var chunkEnds: [Int] = []
        chunkEnds.reserveCapacity((rows + chunkRows - 1) / chunkRows)
        values.withUnsafeBufferPointer { all in
            for start in stride(from: 0, to: rows, by: chunkRows) {
                let end = Swift.min(start + chunkRows, rows)
                let chunk = UnsafeBufferPointer(rebasing: all[(start * columns)..<(end * columns)])
                let encoded = encoder.encode(chunk, chunkElements: chunkRows * columns)
                if bytes.isEmpty { bytes.reserveCapacity(encoded.count * chunkEnds.capacity) }
                bytes.append(contentsOf: encoded)
                chunkEnds.append(bytes.count)
            }
        }
        return EncodedDataset(name: name, type: T.h5ScalarType, shape: shape, chunkRows: chunkRows, bytes: bytes, chunkEnds: chunkEnds)
    }
}

/// The jobs of one run shared by the lanes of ``RunEncoder``'s parallel encoding. Safe to share
/// (hence `@unchecked Sendable`): job numbers are handed out under a lock, each exactly once,
/// so each result slot is written by one lane; lane `i` alone uses encoder `i`; and the results
/// are read only after `concurrentPerform` has returned.
private final class ParallelEncoding: @unchecked Sendable {
    private let jobs: [RunEncoder.Job]
    private let encoders: [H5ChunkEncoder]
    private var slots: [EncodedDataset?]
    private let lock = NSLock()
    private var next = 0

    init(jobs: [RunEncoder.Job], encoders: [H5ChunkEncoder]) {
        self.jobs = jobs
        self.encoders = encoders
        slots = Array(repeating: nil, count: jobs.count)
    }

    func runLane(_ lane: Int) {
        while let job = take() {
            let result = jobs[job](encoders[lane])
            lock.lock()
            slots[job] = result
            lock.unlock()
        }
    }

    func results() -> [EncodedDataset] { slots.map { $0! } }

    private func take() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < jobs.count else { return nil }
        defer { next += 1 }
        return next
    }
}
