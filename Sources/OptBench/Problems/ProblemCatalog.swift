/// The problems a suite can name.
public enum ProblemCatalog {
    /// The largest dimension an analytic problem accepts (a rotated quadratic stores a d×d
    /// matrix, so it has its own, smaller limit).
    public static let maximumDimension = 1_000_000

    /// Every catalog entry, in the order `optbench list problems` shows them.
    public static let all: [ProblemSpec] = [
        analytic(Rosenbrock.self, summary: "chained Rosenbrock valley; min 0 at (1, …, 1); start (−1.2, 1, …)",
                 parameters: [dimension(default: 2, minimum: 2)]) { s in Rosenbrock(dimension: s.integer("dim")) },
    ]

    /// The keys every analytic problem accepts besides its own.
    public static let commonAnalyticKeys = ["start", "start_jitter", "noise_std"]

    public static var names: [String] { all.map(\.name) }

    public static func spec(named name: String) -> ProblemSpec? {
        all.first { $0.name == name }
    }

    /// Builds the catalog problem `name` from suite settings: the problem's own keys plus,
    /// for analytic problems, `start` (a list of numbers), `start_jitter` (≥ 0) and
    /// `noise_std` (≥ 0; > 0 wraps the problem in additive Gaussian gradient noise).
    /// - Throws: ``ProblemError`` naming the key for an unknown name or key, a wrong kind,
    ///   or a value out of range.
    public static func make(_ name: String, settings: [String: ConfigValue] = [:]) throws(ProblemError) -> any Problem {
        guard let spec = spec(named: name) else {
            throw ProblemError(key: nil, message: "unknown problem '\(name)'; expected one of \(names.joined(separator: ", "))"
                + NearestName.suggestion(for: name, among: names))
        }
        let own = spec.parameters.map(\.name)
        let extra = spec.family == .network ? [] : commonAnalyticKeys
        for key in settings.keys.sorted() where !own.contains(key) && !extra.contains(key) {
            throw ProblemError(key: key, message: "unknown setting of \(name); expected one of \((own + extra).joined(separator: ", "))"
                + NearestName.suggestion(for: key, among: own + extra))
        }
        var entries: [ConfigEntry] = []
        for parameter in spec.parameters {
            guard let given = settings[parameter.name] else {
                entries.append(ConfigEntry(parameter.name, parameter.defaultValue))
                continue
            }
            switch parameter.validate(given) {
            case .success(let value): entries.append(ConfigEntry(parameter.name, value))
            case .failure(let error): throw ProblemError(key: parameter.name, message: "expected \(error.expected), got \(given.canonicalText)")
            }
        }
        var start: [Double]?
        if let given = settings["start"] {
            guard case .list(let items) = given, let numbers = Optional(items.compactMap(\.realValue)), numbers.count == items.count else {
                throw ProblemError(key: "start", message: "expected a list of numbers, got \(given.canonicalText)")
            }
            start = numbers
        }
        var startJitter = 0.0
        if let given = settings["start_jitter"] {
            guard let value = given.realValue, value >= 0, value.isFinite else {
                throw ProblemError(key: "start_jitter", message: "expected a finite number ≥ 0, got \(given.canonicalText)")
            }
            startJitter = value
        }
        let problem = try spec.build(ResolvedProblemSettings(entries: entries, start: start, startJitter: startJitter))
        if let given = settings["noise_std"] {
            guard let sigma = given.realValue, sigma >= 0, sigma.isFinite else {
                throw ProblemError(key: "noise_std", message: "expected a finite number ≥ 0, got \(given.canonicalText)")
            }
            if sigma > 0 { return GradientNoiseProblem(base: problem, standardDeviation: sigma) }
        }
        return problem
    }

    /// A `dim` row for a problem's table.
    static func dimension(default value: Int, minimum: Int) -> HyperparameterSpec {
        .init("dim", .integer, default: .integer(value), range: ValidRange(lower: Double(minimum), upper: Double(maximumDimension), upperInclusive: true),
              "number of variables")
    }

    /// A catalog entry for an analytic function; `make` builds the function from the
    /// settings, and the start settings are applied here.
    static func analytic<F: AnalyticFunction>(
        _ type: F.Type, summary: String, parameters: [HyperparameterSpec] = [],
        make: @escaping @Sendable (ResolvedProblemSettings) throws(ProblemError) -> F
    ) -> ProblemSpec {
        ProblemSpec(name: F.name, family: .analytic, summary: summary, parameters: parameters) { settings throws(ProblemError) in
            try AnalyticProblem(make(settings), start: settings.start, startJitter: settings.startJitter)
        }
    }
}
