import HDF5
import OptBench

/// Reads a layout-v1 results file, checking as it goes that it is one: every problem found is
/// an ``InputError`` naming the file and the object.
public final class ResultsReader {
    public let path: String
    public let provenance: Provenance
    private let file: H5File

    /// Opens `path` read-only and checks the format. When a ``ResultsFileProbe`` is installed
    /// (the CLI installs one), the file is first read in a child process, as far as `scope`
    /// (what the caller will read), once per state of the file: see ``ResultsFileProbe/vet(_:scope:)``.
    public convenience init(path: String, scope: ResultsReadScope = .everything) throws(InputError) {
        try ResultsFileProbe.vet([path], scope: scope)
        try self.init(inProcess: path)
    }

    /// Opens `path` read-only and checks the format, in this process whatever probe is
    /// installed: for files this process wrote or has vetted (``CopySources``), and for the
    /// probe's own reading (``readEverything(path:scope:)``).
    init(inProcess path: String) throws(InputError) {
        self.path = path
        do {
            file = try H5File.open(at: path, mode: .readOnly)
        } catch let error as H5Error {
            throw InputError(file: path, message: Self.describe(error))
        } catch {
            throw InputError(file: path, message: "cannot open: \(error)")
        }
        do {
            let attributes = try file.attributes
            guard try attributes.contains(ResultsLayout.Root.format) else {
                throw InputError(file: path, message: "not an optbench results file (no '\(ResultsLayout.Root.format)' attribute on the root)")
            }
            let format = try attributes.int64(ResultsLayout.Root.format)
            guard format == Int64(ResultsLayout.formatVersion) else {
                throw InputError(file: path, message: format > Int64(ResultsLayout.formatVersion)
                    ? "results format \(format) is newer than this optbench reads (\(ResultsLayout.formatVersion)); use a newer optbench"
                    : "results format \(format) is not supported (this optbench reads \(ResultsLayout.formatVersion))")
            }
            typealias K = ResultsLayout.Root
            func text(_ key: String) throws -> String {
                try attributes.contains(key) ? attributes.string(key) : "unknown"
            }
            provenance = Provenance(
                optbenchVersion: try text(K.version), created: try text(K.created), suiteName: try text(K.suiteName),
                suiteText: try text(K.suite), command: try text(K.command), gitCommit: try text(K.gitCommit),
                host: try text(K.host), os: try text(K.os), swiftVersion: try text(K.swiftVersion))
            guard try file.root.exists(ResultsLayout.runsGroup) else {
                throw InputError(file: path, message: "not an optbench results file (no /\(ResultsLayout.runsGroup) group)")
            }
        } catch {
            throw Self.inputError(path, nil, error)
        }
    }

    /// The `/runs` group, for copying runs as stored.
    func runsGroup() throws -> H5Group {
        try file.root.openGroup(ResultsLayout.runsGroup)
    }

    /// The indices of the stored runs, ascending.
    public func runIndices() throws(InputError) -> [Int] {
        do {
            let names = try file.root.openGroup(ResultsLayout.runsGroup).memberNames()
            var indices: [Int] = []
            for name in names {
                guard name.count == 6, let index = Int(name) else {
                    throw InputError(file: path, message: "/runs/\(name): not a run group (expected a six-digit index)")
                }
                indices.append(index)
            }
            return indices.sorted()
        } catch {
            throw Self.inputError(path, "/runs", error)
        }
    }

    /// Every run's summary, in index order.
    public func summaries() throws(InputError) -> [RunSummary] {
        var result: [RunSummary] = []
        for index in try runIndices() { result.append(try summary(index)) }
        return result
    }

    /// The summary of run `index`.
    public func summary(_ index: Int) throws(InputError) -> RunSummary {
        let object = "/runs/" + ResultsLayout.runGroupName(index)
        do {
            let group = try file.root.openGroup(object)
            return try Self.readSummary(group, index: index, path: path, object: object)
        } catch {
            throw Self.inputError(path, object, error)
        }
    }

    /// Run `index` with its whole trajectory.
    public func run(_ index: Int) throws(InputError) -> StoredRun {
        let object = "/runs/" + ResultsLayout.runGroupName(index)
        do {
            let group = try file.root.openGroup(object)
            let summary = try Self.readSummary(group, index: index, path: path, object: object)
            typealias D = ResultsLayout.Data
            // A dataset's shape comes from the file and may declare terabytes in a few bytes:
            // each is checked against what a run can log (RunPlan's limits) before it is read.
            func open(_ name: String, limit: Int = RunPlan.maximumLoggedValues) throws -> H5Dataset {
                let dataset = try group.openDataset(name)
                let count = try dataset.elementCount
                guard count <= limit else {
                    throw InputError(file: path, keyPath: object + "/" + name, message: "\(count) values; a run logs at most \(limit)")
                }
                return dataset
            }
            func steps(_ name: String, limit: Int = RunPlan.maximumLoggedValues) throws -> [Int64] {
                let steps = try open(name, limit: limit).read(as: Int64.self)
                guard steps.allSatisfy({ (0...Int64(RunPlan.maximumSteps)).contains($0) }) else {
                    throw InputError(file: path, keyPath: object + "/" + name, message: "holds steps outside 0…\(RunPlan.maximumSteps)")
                }
                return steps
            }
            var t = Trajectory()
            t.step = try steps(D.step)
            t.loss = try open(D.loss).read(as: Double.self)
            t.gradNorm = try open(D.gradNorm).read(as: Double.self)
            t.learningRate = try open(D.lr).read(as: Double.self)
            t.seconds = try open(D.time).read(as: Double.self)
            let rows = t.step.count
            guard [t.loss.count, t.gradNorm.count, t.learningRate.count, t.seconds.count].allSatisfy({ $0 == rows }) else {
                throw InputError(file: path, keyPath: object, message: "trajectory datasets differ in length")
            }
            if try group.exists(D.params) {
                let dataset = try open(D.params)
                let shape = try dataset.shape
                guard shape.count == 2, shape[0] == rows else {
                    throw InputError(file: path, keyPath: object + "/params", message: "expected shape [\(rows), d], got \(shape)")
                }
                t.parameterDimension = shape[1]
                t.parameters = summary.precision == .float32
                    ? try dataset.read(as: Float.self).map(Double.init) : try dataset.read(as: Double.self)
            }
            if try group.exists(D.layerGradNorm) {
                let dataset = try open(D.layerGradNorm)
                t.layerNames = try dataset.attributes.strings(D.layersAttribute)
                let shape = try dataset.shape
                guard shape == [rows, t.layerNames.count] else {
                    throw InputError(file: path, keyPath: object + "/layer_grad_norm", message: "expected shape [\(rows), \(t.layerNames.count)], got \(shape)")
                }
                t.layerGradNorm = try dataset.read(as: Double.self)
            }
            if try group.exists(D.eval) {
                // An evaluation can follow every update: up to maximumSteps + 1 rows.
                let limit = RunPlan.maximumSteps + 1
                let steps = try steps(D.evalStep, limit: limit)
                let columns = try [D.trainLoss, D.trainAccuracy, D.testLoss, D.testAccuracy].map { try open($0, limit: limit).read(as: Double.self) }
                guard columns.allSatisfy({ $0.count == steps.count }) else {
                    throw InputError(file: path, keyPath: object + "/eval", message: "evaluation datasets differ in length")
                }
                t.evaluations = steps.indices.map { i in
                    (steps[i], EvaluationRecord(trainLoss: columns[0][i], trainAccuracy: columns[1][i], testLoss: columns[2][i], testAccuracy: columns[3][i]))
                }
            }
            return StoredRun(summary: summary, trajectory: t)
        } catch {
            throw Self.inputError(path, object, error)
        }
    }

    static func readSummary(_ group: H5Group, index: Int, path: String, object: String) throws -> RunSummary {
        let a = group.attributes
        typealias R = ResultsLayout.Run
        func need(_ key: String) throws {
            guard try a.contains(key) else { throw InputError(file: path, keyPath: object, message: "missing attribute '\(key)'") }
        }
        for key in [R.runID, R.problem, R.problemConfig, R.optimizer, R.optimizerConfig, R.seed, R.status, R.message, R.steps,
                    R.finalLoss, R.bestLoss, R.stepsToTarget, R.wallTime] {
            try need(key)
        }
        let idText = try a.string(R.runID)
        guard let id = RunID(parsing: idText) else {
            throw InputError(file: path, keyPath: object, message: "run_id '\(idText)' is not a run id")
        }
        let statusText = try a.string(R.status)
        guard let status = RunStatus(rawValue: statusText) else {
            throw InputError(file: path, keyPath: object, message: "status '\(statusText)'; expected one of \(RunStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        // Counts of updates never exceed RunPlan.maximumSteps in a file optbench writes; bounded
        // here, they keep the arithmetic of reports and checks in range on a hostile file.
        func updates(_ key: String, minimum: Int64) throws -> Int {
            let value = try a.int64(key)
            guard (minimum...Int64(RunPlan.maximumSteps)).contains(value) else {
                throw InputError(file: path, keyPath: object, message: "\(key) \(value); expected \(minimum)…\(RunPlan.maximumSteps)")
            }
            return Int(value)
        }
        let stepsToTarget = try updates(R.stepsToTarget, minimum: -1)
        let seed = try a.int64(R.seed)
        guard seed >= 0 else { throw InputError(file: path, keyPath: object, message: "seed \(seed); expected a number ≥ 0") }
        var precision = Precision.float64
        if try a.contains(R.precision) {
            let text = try a.string(R.precision)
            guard let known = Precision(rawValue: text) else {
                throw InputError(file: path, keyPath: object, message: "precision '\(text)'; expected float32 or float64")
            }
            precision = known
        }
        let target = try a.contains(R.target) ? try a.double(R.target) : .nan
        return RunSummary(
            index: index, id: id, problem: try a.string(R.problem), optimizer: try a.string(R.optimizer),
            problemConfig: try a.string(R.problemConfig), optimizerConfig: try a.string(R.optimizerConfig),
            seed: UInt64(seed), status: status, message: try a.string(R.message), steps: try updates(R.steps, minimum: 0),
            finalLoss: try a.double(R.finalLoss), bestLoss: try a.double(R.bestLoss),
            stepsToTarget: stepsToTarget < 0 ? nil : stepsToTarget, wallTime: try a.double(R.wallTime),
            configHash: try a.contains(R.configHash) ? try a.string(R.configHash) : "",
            precision: precision, budgetSteps: try a.contains(R.budgetSteps) ? try updates(R.budgetSteps, minimum: -1) : -1,
            logEvery: try a.contains(R.logEvery) ? Int(try a.int64(R.logEvery)) : 1,
            target: target.isNaN ? nil : target)
    }

    static func describe(_ error: H5Error) -> String {
        error.brief
    }

    static func inputError(_ path: String, _ object: String?, _ error: any Error) -> InputError {
        if let error = error as? InputError { return error }
        if let error = error as? H5Error { return InputError(file: path, keyPath: object, message: describe(error)) }
        return InputError(file: path, keyPath: object, message: "\(error)")
    }

    /// Closes the file now (it also closes when the reader is released).
    public func close() {
        try? file.close()
    }
}
