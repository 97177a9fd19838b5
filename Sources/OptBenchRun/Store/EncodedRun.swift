import HDF5

/// A finished run as the writer stores it: its summary and every dataset already encoded into
/// the chunks libhdf5 stores (``ResultsLayout/trajectoryOptions(rows:compression:)``).
///
/// Workers make it (``RunEncoder``) right after their run, in parallel; the one HDF5 thread
/// then only creates the objects and stores the bytes (``ResultsWriter/write(_:)-(EncodedRun)``).
/// Compression was a quarter of that thread's time, which bounded suites of many short runs.
public struct EncodedRun: Sendable {
    public var summary: RunSummary
    /// In the order they are created: the five trajectory columns, `params`, `layer_grad_norm`,
    /// then `eval/`.
    var datasets: [EncodedDataset]
    /// The `layers` attribute of `layer_grad_norm` (empty when there is none).
    var layerNames: [String]
}

/// One dataset of an ``EncodedRun``: what to create and its stored chunks.
struct EncodedDataset: Sendable {
    /// Path below the run's group, e.g. `loss` or `eval/step`.
    var name: String
    var type: H5ScalarType
    /// `[rows]` or `[rows, columns]`.
    var shape: [Int]
    /// How it is stored: the dataset is created with these options (rows per chunk, filters),
    /// the ones the chunks were encoded for.
    var options: H5DatasetOptions
    var chunkRows: Int { options.chunkRows! }
    /// The stored chunks back to back, in row order; chunk `i` ends at `chunkEnds[i]`.
    var bytes: [UInt8]
    var chunkEnds: [Int]

    /// Calls `body` with each chunk's bytes and first row.
    func forEachChunk(_ body: (UnsafeRawBufferPointer, Int) throws -> Void) rethrows {
        try bytes.withUnsafeBytes { all in
            var start = 0
            for (index, end) in chunkEnds.enumerated() {
                try body(UnsafeRawBufferPointer(rebasing: all[start..<end]), index * chunkRows)
                start = end
            }
        }
    }
}
