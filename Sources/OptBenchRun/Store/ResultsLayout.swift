import HDF5

/// The names of HDF5 layout version 1 (DESIGN §4, `docs/hdf5-layout.md`): the contract that
/// users, scripts and CI read. Only the store's reader and writer use them.
public enum ResultsLayout {
    /// `optbench_format` on the root.
    public static let formatVersion = 1
    static let runsGroup = "runs"

    /// `/runs/000042`.
    public static func runGroupName(_ index: Int) -> String {
        let digits = String(index)
        return String(repeating: "0", count: Swift.max(0, 6 - digits.count)) + digits
    }

    /// Storage of a run's datasets of `rows` rows: extendable, chunks of up to 4096 rows,
    /// shuffle + deflate 1 unless `compression` is `.none`. Level 1 deflate after shuffle
    /// compresses float64 trajectories about as well as higher levels at a fraction of the time
    /// (docs/hdf5-layout.md). A run with fewer rows gets one chunk of its own size: a 4096-row
    /// chunk for an 11-row dataset had the writer shuffle and deflate 32 KiB of fill values per
    /// dataset, most of the CPU time of a suite of many short runs.
    static func trajectoryOptions(rows: Int, compression: TrajectoryCompression = .gzip) -> H5DatasetOptions {
        let chunkRows = Swift.max(1, Swift.min(maximumChunkRows, rows))
        switch compression {
        case .gzip: return H5DatasetOptions(extendable: true, chunkRows: chunkRows, shuffle: true, deflateLevel: 1)
        case .none: return H5DatasetOptions(extendable: true, chunkRows: chunkRows)
        }
    }

    static let maximumChunkRows = 4096
    /// Chunks per node of the datasets' chunk indexes: 8, where libhdf5's 64 gave every dataset,
    /// most of them one chunk, a node of about 2 KiB (six per short run, 12 KB, about a quarter
    /// of `classic`'s file).
    static let chunkIndexFanout = 8

    enum Root {
        static let format = "optbench_format"
        static let version = "optbench_version"
        static let created = "created"
        static let suiteName = "suite_name"
        static let suite = "suite"
        static let command = "command"
        static let gitCommit = "git_commit"
        static let host = "host"
        static let os = "os"
        static let swiftVersion = "swift_version"
    }

    enum Run {
        static let runID = "run_id"
        static let problem = "problem"
        static let problemConfig = "problem_config"
        static let optimizer = "optimizer"
        static let optimizerConfig = "optimizer_config"
        static let seed = "seed"
        static let status = "status"
        static let message = "message"
        static let steps = "steps"
        static let finalLoss = "final_loss"
        static let bestLoss = "best_loss"
        static let stepsToTarget = "steps_to_target"
        static let wallTime = "wall_time_s"
        // Additions beyond DESIGN §4 (documented in docs/hdf5-layout.md):
        static let configHash = "config_hash"
        static let precision = "precision"
        static let budgetSteps = "budget_steps"
        static let logEvery = "log_every"
        static let target = "target"
    }

    enum Data {
        static let step = "step"
        static let loss = "loss"
        static let gradNorm = "grad_norm"
        static let lr = "lr"
        static let time = "time_s"
        static let params = "params"
        static let layerGradNorm = "layer_grad_norm"
        static let layersAttribute = "layers"
        static let eval = "eval"
        static let evalStep = "eval/step"
        static let trainLoss = "eval/train_loss"
        static let trainAccuracy = "eval/train_accuracy"
        static let testLoss = "eval/test_loss"
        static let testAccuracy = "eval/test_accuracy"
    }
}
