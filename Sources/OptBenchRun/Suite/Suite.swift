import OptBench

/// A parsed, validated suite: what to run (DESIGN §3, `docs/suite-format.md`).
///
/// Values are checked as they are read; the combinations a grid produces are checked when
/// the suite is expanded into a ``RunPlan``, before anything runs.
public struct Suite: Sendable {
    public var name: String
    public var description: String
    /// The seed numbers: `seeds: 3` means 0, 1, 2.
    public var seeds: [UInt64]
    /// Default budget of problems counted in updates (analytic and stochastic ones).
    public var steps: Int?
    /// Default budget of problems counted in epochs (networks).
    public var epochs: Int?
    /// Log every k-th update (the start and the last step are always logged).
    public var logEvery: Int
    /// Loss threshold for steps-to-target, unless a problem sets its own.
    public var target: Double?
    /// A run diverges when |loss| exceeds this factor × max(|initial loss|, 1), or when the
    /// loss or the gradient is not finite.
    public var divergenceFactor: Double
    /// Parameters are logged only for problems of at most this many dimensions.
    public var paramsLimit: Int
    /// Evaluate networks every k updates instead of at every epoch boundary.
    public var evalEvery: Int?
    /// How the results file stores every run's datasets.
    public var compression: TrajectoryCompression
    public var problems: [ProblemEntry]
    public var optimizers: [OptimizerEntry]
    /// The tolerance rules of the `check:` section, in order (empty without one); see
    /// `Suite+Check.swift` and ``ToleranceRule``.
    public var checkRules: [ToleranceRule]
    /// The YAML text as read, stored in every results file.
    public var sourceText: String
    /// The path the suite was read from (for messages).
    public var sourcePath: String

    public static let defaultDivergenceFactor = 1e6
    public static let defaultParamsLimit = 64
}

/// One entry of `problems:`: a catalog name, fixed settings, an optional grid, and overrides of
/// the suite's run settings.
public struct ProblemEntry: Sendable {
    public var name: String
    public var settings: [SettingNode]
    public var grid: [GridAxisNode]
    public var steps: Int?
    public var epochs: Int?
    public var target: Double?
    public var precision: Precision?
    public var logEvery: Int?
    /// Where the entry starts in the file, and its key path (`problems[1]`).
    var position: SuiteNode.Position
    var path: String
}

/// One entry of `optimizers:`: a catalog name, fixed hyperparameters, an optional grid, a
/// schedule and clipping.
public struct OptimizerEntry: Sendable {
    public var name: String
    public var settings: [SettingNode]
    public var grid: [GridAxisNode]
    public var schedule: ScheduleSetting?
    public var clipping: GradientClipping
    var position: SuiteNode.Position
    var path: String
}

/// `schedule: {name: cosine, warmup_steps: 100}`.
public struct ScheduleSetting: Sendable, Hashable {
    public var name: String
    public var settings: [ConfigEntry]

    /// `cosine(warmup_steps=100)`.
    public var identity: String {
        settings.isEmpty ? name : "\(name)(\(settings.canonicalArguments))"
    }
}

/// A fixed setting with where it was written, so errors found later can point at it.
public struct SettingNode: Sendable {
    public var key: String
    public var value: ConfigValue
    var position: SuiteNode.Position
}

/// A grid axis with where it was written.
public struct GridAxisNode: Sendable {
    public var axis: GridAxis
    var position: SuiteNode.Position
}
