import HDF5
import OptBench

/// Writes a layout-v1 results file: root provenance, then one complete `/runs/NNNNNN` group
/// per call to ``write(_:)``. Used on one thread (the store's writer).
final class ResultsWriter {
    let path: String
    private let file: H5File
    private let runs: H5Group

    /// Creates `path`, which must not exist (callers write to a fresh temporary name and
    /// rename it into place).
    init(creating path: String, provenance: Provenance) throws(InputError) {
        self.path = path
        do {
            file = try H5File.create(at: path, chunkIndexFanout: ResultsLayout.chunkIndexFanout)
            let attributes = try file.attributes
            try attributes.set(ResultsLayout.Root.format, .int64(Int64(ResultsLayout.formatVersion)))
            try attributes.set(ResultsLayout.Root.version, .string(provenance.optbenchVersion))
            try attributes.set(ResultsLayout.Root.created, .string(provenance.created))
            try attributes.set(ResultsLayout.Root.suiteName, .string(provenance.suiteName))
            try attributes.set(ResultsLayout.Root.suite, .string(provenance.suiteText))
            try attributes.set(ResultsLayout.Root.command, .string(provenance.command))
            try attributes.set(ResultsLayout.Root.gitCommit, .string(provenance.gitCommit))
            try attributes.set(ResultsLayout.Root.host, .string(provenance.host))
            try attributes.set(ResultsLayout.Root.os, .string(provenance.os))
            try attributes.set(ResultsLayout.Root.swiftVersion, .string(provenance.swiftVersion))
            runs = try file.root.createGroup(ResultsLayout.runsGroup)
        } catch {
            throw Self.inputError(path, error)
        }
    }

    /// Encodes `StoredRun`s handed to ``write(_:)-(StoredRun)`` on this thread (workers hand
    /// ``EncodedRun``s instead).
    private lazy var encoder = RunEncoder()

    /// Opens `path`, a complete results file this store wrote (a part), to add runs to it.
    init(appendingTo path: String) throws(InputError) {
        self.path = path
        do {
            file = try H5File.open(at: path, mode: .readWrite)
            runs = try file.root.openGroup(ResultsLayout.runsGroup)
        } catch {
            throw Self.inputError(path, error)
        }
    }

    /// Writes one run as a complete group, encoding its chunks on this thread.
    func write(_ run: StoredRun) throws(InputError) {
        try write(encoder.encode(run))
    }

    /// Writes one run, its chunks already encoded, as a complete group.
    func write(_ run: EncodedRun) throws(InputError) {
        do {
            try writeGroup(run)
        } catch {
            throw Self.inputError(path, error)
        }
    }

    private func writeGroup(_ run: EncodedRun) throws {
        let s = run.summary
        let group = try runs.createGroup(ResultsLayout.runGroupName(s.index))
        typealias R = ResultsLayout.Run
        try group.attributes.add([
            R.runID: .string(s.id.text),
            R.problem: .string(s.problem),
            R.problemConfig: .string(s.problemConfig),
            R.optimizer: .string(s.optimizer),
            R.optimizerConfig: .string(s.optimizerConfig),
            R.seed: .int64(Int64(s.seed)),
            R.status: .string(s.status.rawValue),
            R.message: .string(s.message),
            R.steps: .int64(Int64(s.steps)),
            R.finalLoss: .double(s.finalLoss),
            R.bestLoss: .double(s.bestLoss),
            R.stepsToTarget: .int64(Int64(s.stepsToTarget ?? -1)),
            R.wallTime: .double(s.wallTime),
            R.configHash: .string(s.configHash),
            R.precision: .string(s.precision.rawValue),
            R.budgetSteps: .int64(Int64(s.budgetSteps)),
            R.logEvery: .int64(Int64(s.logEvery)),
            R.target: .double(s.target ?? .nan),
        ])
        for encoded in run.datasets {
            let dataset = try createDataset(encoded, in: group)
            try encoded.forEachChunk { bytes, row in try dataset.writeChunk(bytes, row: row) }
            if encoded.name == ResultsLayout.Data.layerGradNorm {
                try dataset.attributes.set(ResultsLayout.Data.layersAttribute, .strings(run.layerNames))
            }
        }
    }

    private func createDataset(_ encoded: EncodedDataset, in group: H5Group) throws -> H5Dataset {
        let options = encoded.options
        switch encoded.type {
        case .float64: return try group.createDataset(encoded.name, of: Double.self, shape: encoded.shape, options: options)
        case .float32: return try group.createDataset(encoded.name, of: Float.self, shape: encoded.shape, options: options)
        case .int64: return try group.createDataset(encoded.name, of: Int64.self, shape: encoded.shape, options: options)
        }
    }

    /// Copies run `index` of `reader` as stored (chunks are not decompressed) to
    /// `/runs/<newIndex>`.
    func copyRun(_ index: Int, from reader: ResultsReader, as newIndex: Int) throws(InputError) {
        do {
            try runs.copy(ResultsLayout.runGroupName(index), from: try reader.runsGroup(), to: ResultsLayout.runGroupName(newIndex))
        } catch {
            throw Self.inputError(path, error)
        }
    }

    /// Flushes and closes; with `durable`, also fsyncs, so the file survives a power cut.
    func close(durable: Bool) throws(InputError) {
        do {
            try file.flush(fsync: durable)
            try file.close()
        } catch {
            throw Self.inputError(path, error)
        }
    }

    static func inputError(_ path: String, _ error: any Error) -> InputError {
        if let error = error as? InputError { return error }
        if let error = error as? H5Error { return InputError(file: path, message: "cannot write: \(error.brief)") }
        return InputError(file: path, message: "cannot write: \(error)")
    }
}
