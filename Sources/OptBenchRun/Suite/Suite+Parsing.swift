import Foundation
import OptBench

extension Suite {
    /// The largest suite file read (a suite is a few kilobytes; this refuses garbage early).
    public static let maximumFileSize = 4 << 20

    static let topLevelKeys = [
        "name", "description", "seeds", "steps", "epochs", "log_every", "target", "divergence",
        "params_limit", "eval_every", "compression", "problems", "optimizers", "check",
    ]
    static let problemRunKeys = ["name", "grid", "steps", "epochs", "target", "precision", "log_every"]
    static let optimizerRunKeys = ["name", "grid", "schedule", "clip"]

    /// Reads and validates the suite at `path`.
    /// - Throws: ``InputError`` naming the file, line, column, key path and what was expected.
    /// The file is read once, as a snapshot (``FileSnapshot``): the text parsed is the text
    /// stored in the results (`suite`), even while an editor rewrites the file.
    public static func load(path: String) throws(InputError) -> Suite {
        let bytes = try FileSnapshot.read(path, expected: "a suite YAML file", maximumSize: maximumFileSize) { size in
            "the file is \(size) bytes; a suite is at most \(maximumFileSize) bytes"
        }
        guard let text = String(bytes: bytes, encoding: .utf8), !text.contains("\0") else {
            throw InputError(file: path, message: "not UTF-8 text; expected a suite YAML file")
        }
        return try Suite(parsing: text, file: path)
    }

    /// Parses and validates suite text; `file` names it in messages.
    public init(parsing text: String, file: String) throws(InputError) {
        let reader = SuiteReader(file: file)
        let root = try SuiteNode.parse(text, file: file)
        let pairs = try reader.mapping(root, "")
        try reader.checkKeys(pairs, allowed: Self.topLevelKeys, "")
        func node(_ key: String) -> SuiteNode? { pairs.first { $0.key == key }?.value }

        guard let nameNode = node("name") else { throw reader.error(root, "name", "missing; every suite needs a name (it names the results file)") }
        name = try reader.text(nameNode, "name")
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }), !name.hasPrefix(".") else {
            throw reader.error(nameNode, "name", "expected letters, digits, '-', '_' or '.' (it becomes a file name), got '\(name)'")
        }
        description = try node("description").map { node throws(InputError) in try reader.text(node, "description") } ?? ""
        seeds = try Self.readSeeds(node("seeds"), reader: reader)
        steps = try node("steps").map { node throws(InputError) in try reader.integer(node, "steps", minimum: 1, maximum: RunPlan.maximumSteps) }
        epochs = try node("epochs").map { node throws(InputError) in try reader.integer(node, "epochs", minimum: 1, maximum: RunPlan.maximumEpochs) }
        logEvery = try node("log_every").map { node throws(InputError) in try reader.integer(node, "log_every", minimum: 1) } ?? 1
        target = try node("target").map { node throws(InputError) in try reader.real(node, "target", range: ValidRange(lower: -.infinity)) }
        divergenceFactor = try node("divergence").map { node throws(InputError) in
            try reader.real(node, "divergence", range: ValidRange(lower: 1, lowerInclusive: false))
        } ?? Self.defaultDivergenceFactor
        paramsLimit = try node("params_limit").map { node throws(InputError) in try reader.integer(node, "params_limit", minimum: 0) } ?? Self.defaultParamsLimit
        evalEvery = try node("eval_every").map { node throws(InputError) in try reader.integer(node, "eval_every", minimum: 1) }
        compression = try node("compression").map { node throws(InputError) in
            let text = try reader.text(node, "compression")
            guard let compression = TrajectoryCompression(rawValue: text) else {
                let names = TrajectoryCompression.allCases.map(\.rawValue)
                throw reader.error(node, "compression", "expected \(names.joined(separator: " or ")), got '\(text)'" + NearestName.suggestion(for: text, among: names))
            }
            return compression
        } ?? .gzip

        guard let problemsNode = node("problems") else { throw reader.error(root, "problems", "missing; expected a list of problems") }
        let problemItems = try reader.list(problemsNode, "problems")
        guard !problemItems.isEmpty else { throw reader.error(problemsNode, "problems", "empty; expected at least one problem") }
        problems = []
        for (index, item) in problemItems.enumerated() {
            problems.append(try Self.readProblem(item, path: "problems[\(index)]", reader: reader))
        }
        guard let optimizersNode = node("optimizers") else { throw reader.error(root, "optimizers", "missing; expected a list of optimizers") }
        let optimizerItems = try reader.list(optimizersNode, "optimizers")
        guard !optimizerItems.isEmpty else { throw reader.error(optimizersNode, "optimizers", "empty; expected at least one optimizer") }
        optimizers = []
        for (index, item) in optimizerItems.enumerated() {
            optimizers.append(try Self.readOptimizer(item, path: "optimizers[\(index)]", reader: reader))
        }
        checkRules = try Self.readCheck(node("check"), problems: problems, optimizers: optimizers, reader: reader)
        sourceText = text
        sourcePath = file
    }

    static func readSeeds(_ node: SuiteNode?, reader: SuiteReader) throws(InputError) -> [UInt64] {
        guard let node else { return [0] }
        if case .list(let items, _) = node {
            guard !items.isEmpty else { throw reader.error(node, "seeds", "empty; expected a count or a list of seed numbers") }
            var seeds: [UInt64] = []
            var seen: Set<UInt64> = []  // a list may hold 10⁵ seeds: no search of `seeds`
            for (index, item) in items.enumerated() {
                let seed = UInt64(try reader.integer(item, "seeds[\(index)]", minimum: 0))
                guard seen.insert(seed).inserted else { throw reader.error(item, "seeds[\(index)]", "seed \(seed) is listed twice") }
                seeds.append(seed)
            }
            return seeds
        }
        let count = try reader.integer(node, "seeds", minimum: 1, maximum: RunPlan.maximumRuns)
        return (0..<UInt64(count)).map { $0 }
    }

    static func readProblem(_ node: SuiteNode, path: String, reader: SuiteReader) throws(InputError) -> ProblemEntry {
        let pairs = try reader.mapping(node, path)
        guard let name = pairs.first(where: { $0.key == "name" }) else { throw reader.error(node, path + ".name", "missing; expected a problem name") }
        let problemName = try reader.text(name.value, path + ".name")
        guard let spec = ProblemCatalog.spec(named: problemName) else {
            throw reader.error(name.value, path + ".name", "unknown problem '\(problemName)'; expected one of \(ProblemCatalog.names.joined(separator: ", "))"
                + NearestName.suggestion(for: problemName, among: ProblemCatalog.names))
        }
        let settingKeys = spec.parameters.map(\.name) + (spec.family == .network ? [] : ProblemCatalog.commonAnalyticKeys)
        try reader.checkKeys(pairs, allowed: problemRunKeys + settingKeys, path)
        var entry = ProblemEntry(name: problemName, settings: [], grid: [], position: node.position, path: path)
        for pair in pairs {
            let keyPath = reader.join(path, pair.key)
            switch pair.key {
            case "name": break
            case "grid": entry.grid = try readGrid(pair.value, path: keyPath, allowed: settingKeys, reader: reader)
            case "steps": entry.steps = try reader.integer(pair.value, keyPath, minimum: 1, maximum: RunPlan.maximumSteps)
            case "epochs": entry.epochs = try reader.integer(pair.value, keyPath, minimum: 1, maximum: RunPlan.maximumEpochs)
            case "target": entry.target = try reader.real(pair.value, keyPath, range: ValidRange(lower: -.infinity))
            case "log_every": entry.logEvery = try reader.integer(pair.value, keyPath, minimum: 1)
            case "precision":
                let text = try reader.text(pair.value, keyPath)
                guard let precision = Precision(rawValue: text) else {
                    throw reader.error(pair.value, keyPath, "expected float32 or float64, got '\(text)'")
                }
                entry.precision = precision
            default: entry.settings.append(SettingNode(key: pair.key, value: reader.value(of: pair.value), position: pair.value.position))
            }
        }
        for axis in entry.grid where entry.settings.contains(where: { $0.key == axis.axis.key }) {
            throw reader.error(at: axis.position, path + ".grid." + axis.axis.key, "'\(axis.axis.key)' is both a fixed setting and a grid axis; keep one")
        }
        return entry
    }

    static func readOptimizer(_ node: SuiteNode, path: String, reader: SuiteReader) throws(InputError) -> OptimizerEntry {
        let pairs = try reader.mapping(node, path)
        guard let name = pairs.first(where: { $0.key == "name" }) else { throw reader.error(node, path + ".name", "missing; expected an optimizer name") }
        let optimizerName = try reader.text(name.value, path + ".name")
        guard let spec = OptimizerCatalog.spec(named: optimizerName) else {
            throw reader.error(name.value, path + ".name", "unknown optimizer '\(optimizerName)'; expected one of \(OptimizerCatalog.names.joined(separator: ", "))"
                + NearestName.suggestion(for: optimizerName, among: OptimizerCatalog.names))
        }
        let hyperparameterKeys = spec.parameters.map(\.name)
        try reader.checkKeys(pairs, allowed: optimizerRunKeys + hyperparameterKeys, path)
        var entry = OptimizerEntry(name: optimizerName, settings: [], grid: [], schedule: nil, clipping: .none, position: node.position, path: path)
        for pair in pairs {
            let keyPath = reader.join(path, pair.key)
            switch pair.key {
            case "name": break
            case "grid": entry.grid = try readGrid(pair.value, path: keyPath, allowed: hyperparameterKeys, reader: reader)
            case "schedule": entry.schedule = try readSchedule(pair.value, path: keyPath, reader: reader)
            case "clip": entry.clipping = try readClip(pair.value, path: keyPath, reader: reader)
            default: entry.settings.append(SettingNode(key: pair.key, value: reader.value(of: pair.value), position: pair.value.position))
            }
        }
        for axis in entry.grid where entry.settings.contains(where: { $0.key == axis.axis.key }) {
            throw reader.error(at: axis.position, path + ".grid." + axis.axis.key, "'\(axis.axis.key)' is both a fixed setting and a grid axis; keep one")
        }
        return entry
    }

    static func readGrid(_ node: SuiteNode, path: String, allowed: [String], reader: SuiteReader) throws(InputError) -> [GridAxisNode] {
        let pairs = try reader.mapping(node, path)
        guard !pairs.isEmpty else { throw reader.error(node, path, "empty; expected keys with lists of values") }
        try reader.checkKeys(pairs, allowed: allowed, path)
        var axes: [GridAxisNode] = []
        for pair in pairs {
            let keyPath = reader.join(path, pair.key)
            let values: [ConfigValue]
            switch pair.value {
            case .list(let items, _):
                guard !items.isEmpty else { throw reader.error(pair.value, keyPath, "empty grid; expected at least one value") }
                values = items.map(reader.value(of:))
            case .map(let spacing, _):
                guard spacing.count == 1, let kind = spacing.first, kind.key == "logspace" || kind.key == "linspace" else {
                    throw reader.error(pair.value, keyPath, "expected a list of values, {logspace: [a, b, n]} or {linspace: [a, b, n]}")
                }
                let arguments = try reader.list(kind.value, keyPath + "." + kind.key)
                guard arguments.count == 3 else {
                    throw reader.error(kind.value, keyPath + "." + kind.key, "expected [start, stop, count], got \(arguments.count) values")
                }
                let a = try reader.real(arguments[0], keyPath + "." + kind.key + "[0]", range: ValidRange(lower: -.infinity))
                let b = try reader.real(arguments[1], keyPath + "." + kind.key + "[1]", range: ValidRange(lower: -.infinity))
                let n = try reader.integer(arguments[2], keyPath + "." + kind.key + "[2]", minimum: 1, maximum: 10_000)
                if kind.key == "logspace", max(abs(a), abs(b)) > 300 {
                    throw reader.error(kind.value, keyPath + ".logspace", "exponents must lie in [-300, 300]")
                }
                values = (kind.key == "logspace" ? GridAxis.logspace(a, b, count: n) : GridAxis.linspace(a, b, count: n)).map(ConfigValue.real)
            default:
                throw reader.error(pair.value, keyPath, "expected a list of values, {logspace: [a, b, n]} or {linspace: [a, b, n]}, got \(pair.value.kindDescription)")
            }
            axes.append(GridAxisNode(axis: GridAxis(key: pair.key, values: values), position: pair.value.position))
        }
        return axes
    }

    static func readSchedule(_ node: SuiteNode, path: String, reader: SuiteReader) throws(InputError) -> ScheduleSetting {
        if case .scalar = node {
            let name = try reader.text(node, path)
            return ScheduleSetting(name: name, settings: try checkSchedule(name: name, settings: [:], node: node, path: path, reader: reader))
        }
        let pairs = try reader.mapping(node, path)
        guard let nameNode = pairs.first(where: { $0.key == "name" }) else {
            throw reader.error(node, path + ".name", "missing; expected one of \(ScheduleCatalog.names.joined(separator: ", "))")
        }
        let name = try reader.text(nameNode.value, path + ".name")
        var settings: [ConfigEntry] = []
        for pair in pairs where pair.key != "name" {
            settings.append(ConfigEntry(pair.key, reader.value(of: pair.value)))
        }
        let canonical = try checkSchedule(name: name, settings: Dictionary(uniqueKeysWithValues: settings.map { ($0.key, $0.value) }), node: node, path: path, reader: reader)
        return ScheduleSetting(name: name, settings: canonical)
    }

    /// Builds the schedule once with a nominal length so that bad names and settings are
    /// reported now, with their position; returns the settings in canonical form.
    static func checkSchedule(name: String, settings: [String: ConfigValue], node: SuiteNode, path: String, reader: SuiteReader) throws(InputError) -> [ConfigEntry] {
        do {
            return try ScheduleCatalog.canonicalSettings(name, settings: settings)
        } catch {
            throw reader.error(node, path + (error.key.map { "." + $0 } ?? ""), error.message)
        }
    }

    static func readClip(_ node: SuiteNode, path: String, reader: SuiteReader) throws(InputError) -> GradientClipping {
        let pairs = try reader.mapping(node, path)
        guard pairs.count == 1, let pair = pairs.first, pair.key == "max_norm" || pair.key == "value" else {
            throw reader.error(node, path, "expected {max_norm: x} (clip by global norm) or {value: x} (clip each element)")
        }
        let limit = try reader.real(pair.value, path + "." + pair.key, range: .positive)
        return pair.key == "max_norm" ? .globalNorm(limit) : .value(limit)
    }
}
