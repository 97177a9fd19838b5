import Foundation
import HDF5
import OptBench

/// Encodes finished runs into ``EncodedRun``s: each dataset cut into chunks and, with `gzip`
/// compression, each chunk shuffled and deflated as libhdf5's filters would
/// (``H5ChunkEncoder``), except that byte planes deflate cannot shrink are stored (any reader
/// inflates them as before; it halves the deflate time). No libhdf5 call, so workers run it in
/// parallel.
///
/// A run is encoded on the thread that ran it, like the run itself: one thread per run, so a
/// suite's `--jobs` are its cores, and a single long run is compared with single-threaded
/// peers on equal terms (one 10⁶-step run logs 56 MB, ~0.15 s of deflate on one core).
///
/// Keeps its zlib state and scratch buffers from run to run. One per thread.
final class RunEncoder {
    let compression: TrajectoryCompression
    private let encoder: H5ChunkEncoder

    init(compression: TrajectoryCompression = .gzip) {
        self.compression = compression
        encoder = H5ChunkEncoder(ResultsLayout.trajectoryOptions(rows: 1, compression: compression), storesIncompressiblePlanes: true)
    }

    /// `params` of float32 runs, converted before encoding.
    private var singles: [Float] = []

    /// The stored form of `run`: its datasets in the order the writer creates them
    /// (docs/hdf5-layout.md): the five trajectory columns, `params`, `layer_grad_norm`, `eval/`.
    func encode(_ run: StoredRun) -> EncodedRun {
        typealias D = ResultsLayout.Data
        let t = run.trajectory
        let rows = t.rowCount
        var datasets = [
            encode(D.step, t.step, rows: rows),
            encode(D.loss, t.loss, rows: rows),
            encode(D.gradNorm, t.gradNorm, rows: rows),
            encode(D.lr, t.learningRate, rows: rows),
            encode(D.time, t.seconds, rows: rows),
        ]
        if t.parameterDimension > 0 {
            switch run.summary.precision {
            case .float64:
                datasets.append(encode(D.params, t.parameters, rows: rows, columns: t.parameterDimension))
            case .float32:
                singles.removeAll(keepingCapacity: true)
                singles.append(contentsOf: t.parameters.lazy.map(Float.init))
                datasets.append(encode(D.params, singles, rows: rows, columns: t.parameterDimension))
            }
        }
        if !t.layerNames.isEmpty {
            datasets.append(encode(D.layerGradNorm, t.layerGradNorm, rows: rows, columns: t.layerNames.count))
        }
        if !t.evaluations.isEmpty {
            let e = t.evaluations
            datasets.append(encode(D.evalStep, e.map(\.step), rows: e.count))
            datasets.append(encode(D.trainLoss, e.map(\.evaluation.trainLoss), rows: e.count))
            datasets.append(encode(D.trainAccuracy, e.map(\.evaluation.trainAccuracy), rows: e.count))
            datasets.append(encode(D.testLoss, e.map(\.evaluation.testLoss), rows: e.count))
            datasets.append(encode(D.testAccuracy, e.map(\.evaluation.testAccuracy), rows: e.count))
        }
        return EncodedRun(summary: run.summary, datasets: datasets, layerNames: t.layerNames)
    }

    /// `values`, row-major `[rows]` or `[rows × columns]`, cut into the chunks of the store's
    /// options.
    private func encode<T: H5Scalar>(_ name: String, _ values: [T], rows: Int, columns: Int? = nil) -> EncodedDataset {
        let shape = columns.map { [rows, $0] } ?? [rows]
        let columns = columns ?? 1
        precondition(values.count == rows * columns, "\(name): \(values.count) values for shape \(shape)")
        let options = ResultsLayout.trajectoryOptions(rows: rows, compression: compression)
        let chunkRows = options.chunkRows!
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
        return EncodedDataset(name: name, type: T.h5ScalarType, shape: shape, options: options, bytes: bytes, chunkEnds: chunkEnds)
    }
}
