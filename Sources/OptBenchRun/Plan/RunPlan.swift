import OptBench

/// A suite expanded into its runs, in grid order (problems outermost, then optimizers, then
/// seeds), every combination validated before anything runs.
public struct RunPlan: Sendable {
    /// The most runs one suite may expand to.
    public static let maximumRuns = 100_000
    /// The most updates one run may take.
    public static let maximumSteps = 100_000_000
    /// The most epochs one network run may take.
    public static let maximumEpochs = 100_000
    /// The most logged values one run may hold in memory (rows × columns).
    public static let maximumLoggedValues = 50_000_000

    public let suite: Suite
    public let runs: [RunSpec]

    /// Expands `suite`.
    /// - Throws: ``InputError`` pointing at the setting that makes a combination invalid, or
    ///   at the suite when it expands beyond the limits or two entries produce the same run id.
    public init(suite: Suite) throws(InputError) {
        self.suite = suite
        let reader = SuiteReader(file: suite.sourcePath)

        // Grids are counted before anything is built, in checked arithmetic: five axes of
        // 10 000 values (three YAML values each, with linspace) already overflow an Int.
        let problemCount = Self.instanceCount(suite.problems.map(\.grid))
        let optimizerCount = Self.instanceCount(suite.optimizers.map(\.grid))
        let runCount = Self.product([problemCount, optimizerCount, suite.seeds.count])
        guard let runCount, runCount <= Self.maximumRuns else {
            func spelled(_ count: Int?) -> String { count.map(String.init) ?? "more than \(Int.max)" }
            throw InputError(file: suite.sourcePath, message: "the suite expands to \(spelled(runCount)) runs "
                + "(\(spelled(problemCount)) problem instances × \(spelled(optimizerCount)) optimizer instances × \(suite.seeds.count) seeds); the limit is \(Self.maximumRuns)")
        }

        let datasets = ShippedDatasetLoader.standard(suitePath: suite.sourcePath)
        var problems: [(entry: ProblemEntry, problem: any Problem)] = []
        for entry in suite.problems {
            for combination in GridAxis.combinations(entry.grid.map(\.axis)) {
                problems.append((entry, try Self.makeProblem(entry, combination: combination, datasets: datasets, reader: reader)))
            }
        }
        var optimizers: [(entry: OptimizerEntry, optimizer: Optimizer)] = []
        for entry in suite.optimizers {
            for combination in GridAxis.combinations(entry.grid.map(\.axis)) {
                optimizers.append((entry, try Self.makeOptimizer(entry, combination: combination, reader: reader)))
            }
        }

        var runs: [RunSpec] = []
        runs.reserveCapacity(runCount)
        var seen: [RunID: String] = [:]
        for (problemEntry, problem) in problems {
            let resolved = try Self.resolveRunSettings(problemEntry, problem: problem, suite: suite, reader: reader)
            let dataFingerprint = DataFingerprint.of(problem)
            for (optimizerEntry, optimizer) in optimizers {
                for seed in suite.seeds {
                    let id = RunID(problem: problem, precision: resolved.precision, optimizer: optimizer, schedule: optimizerEntry.schedule, seed: seed)
                    let origin = "\(problemEntry.path) × \(optimizerEntry.path)"
                    if let first = seen[id] {
                        throw InputError(file: suite.sourcePath, keyPath: problemEntry.path,
                                         message: "run \(id) comes from both \(first) and \(origin); budgets and log settings are not part of a run's identity, so make the entries differ in a setting")
                    }
                    seen[id] = origin
                    var spec = RunSpec(
                        index: runs.count, id: id, problem: problem, optimizer: optimizer, schedule: optimizerEntry.schedule,
                        seed: seed, totalSteps: resolved.totalSteps, budget: resolved.budget, precision: resolved.precision,
                        target: problemEntry.target ?? suite.target, logEvery: resolved.logEvery, evalEvery: suite.evalEvery,
                        divergenceFactor: suite.divergenceFactor, paramsLimit: suite.paramsLimit, configHash: "")
                    let json = RunSpec.configJSON(
                        id: id, problemConfig: spec.problemConfigJSON, optimizerConfig: spec.optimizerConfigJSON,
                        totalSteps: spec.totalSteps, precision: spec.precision, target: spec.target, logEvery: spec.logEvery,
                        evalEvery: spec.evalEvery, divergence: spec.divergenceFactor, paramsLimit: spec.paramsLimit,
                        dataFingerprint: dataFingerprint)
                    spec.configHash = String(StableHash.of(json), radix: 16)
                    runs.append(spec)
                }
            }
        }
        self.runs = runs
    }

    /// The instances the entries with these grids make (the product of each grid's axis
    /// lengths, summed over the entries), or `nil` beyond `Int.max`.
    static func instanceCount(_ grids: [[GridAxisNode]]) -> Int? {
        var total = 0
        for grid in grids {
            guard let instances = product(grid.map(\.axis.values.count)) else { return nil }
            let sum = total.addingReportingOverflow(instances)
            guard !sum.overflow else { return nil }
            total = sum.partialValue
        }
        return total
    }

    /// The product of `factors`, or `nil` if one is `nil` or the product exceeds `Int.max`.
    static func product(_ factors: [Int?]) -> Int? {
        var result = 1
        for factor in factors {
            guard let factor else { return nil }
            let next = result.multipliedReportingOverflow(by: factor)
            guard !next.overflow else { return nil }
            result = next.partialValue
        }
        return result
    }

    static func makeProblem(_ entry: ProblemEntry, combination: [ConfigEntry], datasets: any DatasetResolver, reader: SuiteReader) throws(InputError) -> any Problem {
        var settings: [String: ConfigValue] = [:]
        for setting in entry.settings { settings[setting.key] = setting.value }
        for value in combination { settings[value.key] = value.value }
        do {
            return try ProblemCatalog.make(entry.name, settings: settings, datasets: datasets)
        } catch {
            throw locate(key: error.key, message: error.message, in: entry.settings, grid: entry.grid, entryPath: entry.path,
                         entryPosition: entry.position, combination: combination, reader: reader)
        }
    }

    static func makeOptimizer(_ entry: OptimizerEntry, combination: [ConfigEntry], reader: SuiteReader) throws(InputError) -> Optimizer {
        var settings: [String: ConfigValue] = [:]
        for setting in entry.settings { settings[setting.key] = setting.value }
        for value in combination { settings[value.key] = value.value }
        do {
            return try Optimizer(entry.name, settings, clipping: entry.clipping)
        } catch {
            throw locate(key: error.key, message: error.key == nil ? error.message : error.detail, in: entry.settings, grid: entry.grid,
                         entryPath: entry.path, entryPosition: entry.position, combination: combination, reader: reader)
        }
    }

    /// Points an error about `key` at the fixed setting or grid axis that gave the value.
    static func locate(key: String?, message: String, in settings: [SettingNode], grid: [GridAxisNode], entryPath: String,
                       entryPosition: SuiteNode.Position, combination: [ConfigEntry], reader: SuiteReader) -> InputError {
        if let key, let setting = settings.first(where: { $0.key == key }) {
            return reader.error(at: setting.position, entryPath + "." + key, message)
        }
        if let key, let axis = grid.first(where: { $0.axis.key == key }) {
            let value = combination[key]?.canonicalText ?? "?"
            return reader.error(at: axis.position, entryPath + ".grid." + key, message + " (grid value \(value))")
        }
        let suffix = combination.isEmpty ? "" : " (with grid values \(combination.canonicalArguments))"
        return reader.error(at: entryPosition, entryPath, message + suffix)
    }

    /// Budget, precision and logging of a problem instance's runs.
    static func resolveRunSettings(_ entry: ProblemEntry, problem: any Problem, suite: Suite, reader: SuiteReader) throws(InputError)
        -> (budget: Budget, totalSteps: Int, precision: Precision, logEvery: Int)
    {
        let budget: Budget
        let totalSteps: Int
        if let training = problem as? any TrainingProblem {
            if entry.steps != nil {
                throw reader.error(at: entry.position, entry.path + ".steps", "\(problem.name) is trained in epochs; set epochs instead")
            }
            var epochs = suite.epochs
            if let given = entry.epochs { epochs = given }
            if epochs == nil, case .epochs(let count) = problem.defaultBudget { epochs = count }
            let count = epochs ?? 10
            budget = .epochs(count)
            totalSteps = count * training.stepsPerEpoch
            guard totalSteps <= maximumSteps else {
                throw reader.error(at: entry.position, entry.path + ".epochs", "\(count) epochs of \(training.stepsPerEpoch) steps exceed \(maximumSteps) updates")
            }
        } else {
            if entry.epochs != nil {
                throw reader.error(at: entry.position, entry.path + ".epochs", "\(problem.name) is run for a number of steps; set steps instead")
            }
            var steps = entry.steps ?? suite.steps
            if steps == nil, case .steps(let count) = problem.defaultBudget { steps = count }
            totalSteps = steps ?? 1000
            budget = .steps(totalSteps)
        }
        let logEvery = entry.logEvery ?? suite.logEvery
        let layerCount = (problem as? any TrainingProblem)?.layers.count ?? 0
        let columns = 5 + layerCount + (problem.dimension <= suite.paramsLimit ? problem.dimension : 0)
        let rows = totalSteps / logEvery + 2
        guard rows * columns <= maximumLoggedValues else {
            throw reader.error(at: entry.position, entry.path,
                               "logging every \(logEvery) of \(totalSteps) steps keeps \(rows) rows × \(columns) columns per run in memory; raise log_every (the limit is \(maximumLoggedValues) values)")
        }
        return (budget, totalSteps, entry.precision ?? problem.defaultPrecision, logEvery)
    }

    /// The runs of shard `k` of `n` (1-based k): every n-th run starting at k − 1, a
    /// deterministic slice that balances long and short runs across shards.
    public func shard(_ k: Int, of n: Int) -> [RunSpec] {
        precondition(n >= 1 && k >= 1 && k <= n, "shard \(k)/\(n)")
        return runs.filter { $0.index % n == k - 1 }
    }
}
