/// The comparison a researcher reads, computed once from a results file as plain data. The
/// HTML, Markdown and JSON reports are renderers of it (``ReportRenderer``), so they cannot
/// disagree; the statistics are defined on the types it holds (see `docs/reports.md`).
///
/// Runs are read one at a time (summaries first, then the trajectories of each optimizer's
/// best configuration), so memory stays bounded by one trajectory plus the thinned curves.
public struct ComparisonModel: Sendable, Hashable, Codable {
    /// Layout of this model's JSON; bumped when a field changes meaning.
    public var reportFormat = 1
    public var title: String
    public var provenance: ReportProvenance
    public var statuses: StatusCounts
    /// Catalog names of the optimizers in order of first appearance: the colour order.
    public var optimizers: [String]
    public var problems: [ProblemComparison]
    /// Across problems, best mean rank first.
    public var ranking: [OptimizerStanding]
    public var performanceProfile: PerformanceProfile
    public var targetECDF: TargetECDF
    /// Every run that did not complete, in index order.
    public var unfinished: [UnfinishedRun]

    /// How finely curves and contour grids are sampled.
    public struct Options: Sendable, Hashable {
        /// At most this many points per curve (first and last step always kept).
        public var curvePoints = 400
        /// Grid nodes per axis of contour plots.
        public var contourGrid = 64
        public init() {}
    }

    /// The comparison of the results file at `path`.
    public init(resultsPath path: String, options: Options = Options()) throws(InputError) {
        let reader = try ResultsReader(path: path)
        defer { reader.close() }
        try self.init(reader: reader, options: options)
    }

    /// The comparison of an open results file.
    public init(reader: ResultsReader, options: Options = Options()) throws(InputError) {
        let summaries = try reader.summaries()
        try self.init(provenance: reader.provenance, resultsFile: reader.path, summaries: summaries, options: options) { index throws(InputError) in
            try reader.run(index)
        }
    }

    /// The comparison of `summaries`, loading whole runs through `loadRun` (by index) one at
    /// a time, only for the runs it plots.
    public init(provenance: Provenance, resultsFile: String, summaries: [RunSummary], options: Options = Options(),
                loadRun: (Int) throws(InputError) -> StoredRun) throws(InputError) {
        var builder = ComparisonBuilder(provenance: provenance, resultsFile: resultsFile, summaries: summaries, options: options)
        self = try builder.build(loadRun: loadRun)
    }

    init(title: String, provenance: ReportProvenance, statuses: StatusCounts, optimizers: [String], problems: [ProblemComparison],
         ranking: [OptimizerStanding], performanceProfile: PerformanceProfile, targetECDF: TargetECDF, unfinished: [UnfinishedRun]) {
        self.title = title
        self.provenance = provenance
        self.statuses = statuses
        self.optimizers = optimizers
        self.problems = problems
        self.ranking = ranking
        self.performanceProfile = performanceProfile
        self.targetECDF = targetECDF
        self.unfinished = unfinished
    }
}
