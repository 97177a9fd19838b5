import OptBench

/// Computes a ``ComparisonModel`` from run summaries, loading the trajectories it plots one
/// run at a time.
struct ComparisonBuilder {
    let provenance: Provenance
    let resultsFile: String
    private(set) var summaries: [RunSummary]
    let options: ComparisonModel.Options

    init(provenance: Provenance, resultsFile: String, summaries: [RunSummary], options: ComparisonModel.Options) {
        self.provenance = provenance
        self.resultsFile = resultsFile
        self.summaries = summaries.sorted { $0.index < $1.index }
        self.options = options
    }

    /// Problem instances in first-seen order, each with its configurations grouped by
    /// optimizer (in first-seen order).
    struct ProblemGroup {
        var problem: String
        var runs: [RunSummary] = []
        var optimizers: [String] = []
        var configurations: [String: [ConfigurationGroup]] = [:]
    }

    func groups() -> [ProblemGroup] {
        var order: [String] = []
        var runsByProblem: [String: [RunSummary]] = [:]
        for run in summaries {
            if runsByProblem[run.id.problem] == nil { order.append(run.id.problem) }
            runsByProblem[run.id.problem, default: []].append(run)
        }
        return order.map { problem in
            let runs = runsByProblem[problem]!
            var group = ProblemGroup(problem: problem, runs: runs)
            var identities: [String] = []
            var byIdentity: [String: [RunSummary]] = [:]
            for run in runs {
                if byIdentity[run.id.optimizer] == nil { identities.append(run.id.optimizer) }
                byIdentity[run.id.optimizer, default: []].append(run)
            }
            for identity in identities {
                let configuration = ConfigurationGroup(identity: identity, runs: byIdentity[identity]!)
                if group.configurations[configuration.optimizer] == nil { group.optimizers.append(configuration.optimizer) }
                group.configurations[configuration.optimizer, default: []].append(configuration)
            }
            return group
        }
    }

    /// What "final loss" means for network problems, and for the others.
    static let networkLossMeasure = "mean loss over the full training set at the last evaluation (best loss: the lowest such evaluation); the logged minibatch loss is too noisy to rank by"
    static let loggedLossMeasure = "the loss at the last logged step (best loss: the lowest loss seen at any step)"

    /// For network problems, replaces each run's final and best loss by its full-training-set
    /// evaluations (reading every run of those problems once, one at a time). A run without
    /// an evaluation at its last step keeps its stored values; its status decides anyway.
    mutating func useEvaluatedLosses(loadRun: (Int) throws(InputError) -> StoredRun) throws(InputError) -> Set<String> {
        var evaluated: Set<String> = []
        for i in summaries.indices where ProblemCatalog.spec(named: summaries[i].problem)?.family == .network {
            let t = try loadRun(summaries[i].index).trajectory
            guard let last = t.evaluations.last else { continue }
            if last.step == Int64(summaries[i].steps) { summaries[i].finalLoss = last.evaluation.trainLoss }
            if let best = t.evaluations.map(\.evaluation.trainLoss).filter(\.isFinite).min() { summaries[i].bestLoss = best }
            evaluated.insert(summaries[i].id.problem)
        }
        return evaluated
    }

    mutating func build(loadRun: (Int) throws(InputError) -> StoredRun) throws(InputError) -> ComparisonModel {
        let evaluated = try useEvaluatedLosses(loadRun: loadRun)
        var optimizers: [String] = []
        for run in summaries where !optimizers.contains(run.optimizer) { optimizers.append(run.optimizer) }
        let epochInterval = Self.evaluationsAreEpochs(provenance)
        var problems: [ProblemComparison] = []
        var bestGroups: [[String: ConfigurationGroup]] = []
        for group in groups() {
            var (comparison, best) = try compare(group, epochs: epochInterval, loadRun: loadRun)
            comparison.lossMeasure = evaluated.contains(group.problem) ? Self.networkLossMeasure : Self.loggedLossMeasure
            problems.append(comparison)
            bestGroups.append(best)
        }
        return ComparisonModel(
            title: "optbench report: \(provenance.suiteName)",
            provenance: ReportProvenance(provenance, resultsFile: resultsFile),
            statuses: StatusCounts(summaries.map(\.status)), optimizers: optimizers, problems: problems,
            ranking: standings(problems, optimizers: optimizers),
            performanceProfile: profile(problems, optimizers: optimizers),
            targetECDF: ecdf(problems, bestGroups: bestGroups, optimizers: optimizers),
            unfinished: summaries.filter { $0.status != .completed }.map(UnfinishedRun.init))
    }

    /// Whether network evaluations ran at epoch boundaries (the suite sets no `eval_every`).
    static func evaluationsAreEpochs(_ provenance: Provenance) -> Bool {
        guard let suite = try? Suite(parsing: provenance.suiteText, file: "suite") else { return false }
        return suite.evalEvery == nil
    }

    // MARK: One problem

    func compare(_ group: ProblemGroup, epochs: Bool, loadRun: (Int) throws(InputError) -> StoredRun) throws(InputError)
        -> (ProblemComparison, [String: ConfigurationGroup])
    {
        let target = group.runs.compactMap(\.target).first
        var results: [OptimizerResult] = []
        var best: [String: ConfigurationGroup] = [:]
        for optimizer in group.optimizers {
            let configurations = group.configurations[optimizer]!
            let byFinal = configurations.min { a, b in ConfigurationGroup.isBetter(a.finalBand, a.identity, than: b.finalBand, b.identity) }!
            let byBest = configurations.min { a, b in ConfigurationGroup.isBetter(a.bestBand, a.identity, than: b.bestBand, b.identity) }!
            best[optimizer] = byFinal
            let runs = byFinal.runs
            results.append(OptimizerResult(
                optimizer: optimizer, rank: 0, configuration: byFinal.readable, learningRate: byFinal.learningRate,
                finalLoss: byFinal.finalBand, bestLossConfiguration: byBest.readable, bestLoss: byBest.bestBand,
                stepsToTarget: CensoredSteps(runs.map(\.stepsToTarget), hasTarget: target != nil),
                wallTime: Statistics.median(runs.map(\.wallTime)),
                secondsPerStep: Statistics.median(runs.map { $0.steps > 0 ? $0.wallTime / Double($0.steps) : .nan }.filter { !$0.isNaN }),
                statuses: byFinal.statuses, allStatuses: StatusCounts(configurations.flatMap(\.runs).map(\.status)),
                configurations: configurations.count))
        }
        results.sort { a, b in
            ConfigurationGroup.isBetter(a.finalLoss, a.optimizer, than: b.finalLoss, b.optimizer)
        }
        for i in results.indices { results[i].rank = i + 1 }

        // Trajectories of the best configurations, one run at a time.
        let budget = Swift.max(group.runs.map(\.budgetSteps).max() ?? 0, group.runs.map(\.steps).max() ?? 0)
        let contourProblem = group.runs.first.flatMap(ContourBuilder.problem(of:))
        var lossCurves: [Curve] = []
        var paths: [ContourPlot.Path] = []
        var training = TrainingAccumulator(epochs: epochs)
        for result in results {
            let configuration = best[result.optimizer]!
            let logEvery = configuration.runs.map(\.logEvery).min() ?? 1
            let sampleSteps = StepThinning.steps(last: budget, every: logEvery, limit: options.curvePoints)
            var losses = CurveSampler(sampleSteps: sampleSteps, divergedAsInfinity: true)
            let medianRun = configuration.medianRun
            training.begin(optimizer: result.optimizer, sampleSteps: sampleSteps)
            for summary in configuration.runs {
                let run = try loadRun(summary.index)
                let t = run.trajectory
                losses.add(steps: t.step, status: summary.status) { t.loss[$0] }
                training.add(run)
                if contourProblem != nil, summary.index == medianRun.index, t.parameterDimension == 2 {
                    let rows = StepThinning.indices(of: t.step, limit: options.curvePoints)
                    paths.append(ContourPlot.Path(optimizer: result.optimizer, configuration: configuration.readable, seed: summary.seed,
                                                  status: summary.status, x: rows.map { t.parameters[2 * $0] },
                                                  y: rows.map { t.parameters[2 * $0 + 1] }))
                }
            }
            lossCurves.append(losses.curve(optimizer: result.optimizer, label: configuration.readable))
            training.end(label: configuration.readable)
        }
        let plotted = lossCurves.flatMap { $0.median + $0.lower + $0.upper }.filter(\.isFinite)
        let logarithmic = (plotted.min() ?? 0) > 0 && (plotted.max() ?? 0) / (plotted.min() ?? 1) >= 10

        let comparison = ProblemComparison(
            problem: group.problem, name: group.runs[0].problem,
            family: ProblemCatalog.spec(named: group.runs[0].problem)?.family.rawValue ?? "unknown",
            budgetSteps: budget, target: target,
            seeds: group.configurations.values.flatMap { $0 }.map(\.runs.count).max() ?? 0,
            statuses: StatusCounts(group.runs.map(\.status)), lossMeasure: Self.loggedLossMeasure, results: results, logarithmicLoss: logarithmic,
            lossCurves: lossCurves, sensitivity: sensitivity(group), significance: significance(results, best: best),
            contour: contourProblem.flatMap { paths.isEmpty ? nil : ContourBuilder.plot(problem: $0, paths: paths, grid: options.contourGrid) },
            training: training.curves)
        return (comparison, best)
    }

    func sensitivity(_ group: ProblemGroup) -> [SensitivityCurve] {
        group.optimizers.compactMap { optimizer in
            var byRate: [Double: ConfigurationGroup] = [:]
            for configuration in group.configurations[optimizer]! {
                guard let lr = configuration.learningRate else { continue }
                if let current = byRate[lr], !ConfigurationGroup.isBetter(configuration.finalBand, configuration.identity, than: current.finalBand, current.identity) {
                    continue
                }
                byRate[lr] = configuration
            }
            guard !byRate.isEmpty else { return nil }
            return SensitivityCurve(optimizer: optimizer, points: byRate.keys.sorted().map { lr in
                let c = byRate[lr]!
                return SensitivityCurve.Point(learningRate: lr, configuration: c.readable, finalLoss: c.finalBand,
                                              runs: c.runs.count, notCompleted: c.statuses.notCompleted)
            })
        }
    }

    func significance(_ results: [OptimizerResult], best: [String: ConfigurationGroup]) -> SignificanceTest? {
        guard results.count >= 2, let a = best[results[0].optimizer], let b = best[results[1].optimizer] else { return nil }
        let test = MannWhitneyU(a.finals, b.finals)
        let n1 = a.finals.count, n2 = b.finals.count
        var combinations = 1.0
        for i in 0..<Swift.min(n1, n2) { combinations = combinations * Double(n1 + n2 - i) / Double(i + 1) }
        let difference = a.finalBand.median == b.finalBand.median ? 0 : a.finalBand.median - b.finalBand.median
        return SignificanceTest(
            first: a.optimizer, second: b.optimizer, firstConfiguration: a.readable, secondConfiguration: b.readable,
            firstSeeds: n1, secondSeeds: n2, medianDifference: difference, statistic: test.statistic,
            pValue: test.pValue, method: test.isExact ? "exact" : "normal approximation with tie correction",
            smallestPossibleP: Swift.min(1, 2 / combinations))
    }

    // MARK: Across problems

    func standings(_ problems: [ProblemComparison], optimizers: [String]) -> [OptimizerStanding] {
        var rows = optimizers.map { optimizer -> OptimizerStanding in
            let results = problems.compactMap { $0.results.first { $0.optimizer == optimizer } }
            let withTarget = results.filter(\.stepsToTarget.hasTarget)
            return OptimizerStanding(
                optimizer: optimizer,
                meanRank: results.isEmpty ? .nan : Double(results.map(\.rank).reduce(0, +)) / Double(results.count),
                wins: results.filter { $0.rank == 1 }.count, problems: results.count,
                reached: withTarget.map(\.stepsToTarget.reached).reduce(0, +),
                runsWithTarget: withTarget.map(\.stepsToTarget.runs).reduce(0, +),
                statuses: StatusCounts(summaries.filter { $0.optimizer == optimizer }.map(\.status)))
        }
        rows.sort { a, b in a.meanRank != b.meanRank ? a.meanRank < b.meanRank : (a.wins != b.wins ? a.wins > b.wins : a.optimizer < b.optimizer) }
        return rows
    }

    func profile(_ problems: [ProblemComparison], optimizers: [String]) -> PerformanceProfile {
        let gaps: [[Double?]] = optimizers.map { optimizer in
            problems.map { problem in
                guard let result = problem.results.first(where: { $0.optimizer == optimizer }) else { return nil }
                let bestValue = summaries.filter { $0.id.problem == problem.problem && $0.status == .completed }
                    .map(\.bestLoss).filter(\.isFinite).min() ?? .nan
                return PerformanceProfile.gap(median: result.finalLoss.median, best: bestValue)
            }
        }
        return PerformanceProfile(problems: problems.map(\.problem), optimizers: optimizers, gaps: gaps)
    }

    func ecdf(_ problems: [ProblemComparison], bestGroups: [[String: ConfigurationGroup]], optimizers: [String]) -> TargetECDF {
        let withTarget = problems.indices.filter { problems[$0].target != nil }
        return TargetECDF(
            metric: TargetECDF.metricText, problems: withTarget.map { problems[$0].problem },
            maximumSteps: withTarget.map { problems[$0].budgetSteps }.max() ?? 0,
            entries: optimizers.map { optimizer in
                let runs = withTarget.compactMap { bestGroups[$0][optimizer] }.flatMap(\.runs)
                return TargetECDF.Entry(optimizer: optimizer, reachedSteps: runs.compactMap(\.stepsToTarget).sorted(), runs: runs.count)
            })
    }
}
