/// The problems a suite can name.
public enum ProblemCatalog {
    /// The largest dimension an analytic problem accepts (a rotated quadratic stores a d×d
    /// matrix, so it has its own, smaller limit).
    public static let maximumDimension = 1_000_000

    /// Every catalog entry, in the order `optbench list problems` shows them.
    public static let all: [ProblemSpec] = [
        analytic(Rosenbrock.self, summary: "chained Rosenbrock valley; min 0 at (1, …, 1); start (−1.2, 1, …)",
                 parameters: [dimension(default: 2, minimum: 2)]) { s in Rosenbrock(dimension: s.integer("dim")) },
        analytic(Quadratic.self, summary: "convex quadratic, eigenvalues 1 … condition, optionally rotated; min 0 at 0; start (1, …, 1)",
                 parameters: quadraticParameters) { s throws(ProblemError) in
            try Quadratic(dimension: s.integer("dim"), condition: s.real("condition"),
                          rotationSeed: s.flag("rotated") ? s.integer("rotation_seed") : nil)
        },
        analytic(Beale.self, summary: "Beale's curved valley with plateaus; min 0 at (3, 0.5); start (1, 1)") { _ in Beale() },
        analytic(Booth.self, summary: "Booth's tilted convex quadratic; min 0 at (1, 3); start (0, 0)") { _ in Booth() },
        analytic(Himmelblau.self, summary: "Himmelblau's function, four global minima 0, e.g. at (3, 2); start (0, 0)") { _ in Himmelblau() },
        analytic(Rastrigin.self, summary: "paraboloid with a lattice of local minima; min 0 at 0; start (−2, 3.5, …)",
                 parameters: [dimension(default: 2, minimum: 1)]) { s in Rastrigin(dimension: s.integer("dim")) },
        analytic(Ackley.self, summary: "flat region around a deep funnel, many local minima; min 0 at 0; start (2.3, …)",
                 parameters: [dimension(default: 2, minimum: 1)]) { s in Ackley(dimension: s.integer("dim")) },
        analytic(StyblinskiTang.self, summary: "sum of double wells; min −39.1661657·dim at x_i = −2.9035340; start (0, …, 0)",
                 parameters: [dimension(default: 2, minimum: 1)]) { s in StyblinskiTang(dimension: s.integer("dim")) },
        analytic(SixHumpCamel.self, summary: "six-hump camel back, two global minima −1.0316285 at ±(0.0898, −0.7127); start (1, 1)") { _ in
            SixHumpCamel()
        },
        analytic(GoldsteinPrice.self, summary: "Goldstein–Price, steep with local minima; min 3 at (0, −1); start (0, 0)") { _ in GoldsteinPrice() },
        analytic(Matyas.self, summary: "Matyas' flat convex valley along x = y; min 0 at (0, 0); start (6, 2)") { _ in Matyas() },
        analytic(Saddle.self, summary: "saddle x² − y², unbounded below; start (1, 0.001) near the stable axis") { _ in Saddle() },
        analytic(MonkeySaddle.self, summary: "monkey saddle x³ − 3xy², degenerate, unbounded below; start (1, 0.001)") { _ in MonkeySaddle() },
        analytic(DixonPrice.self, summary: "Dixon–Price chained quartic valley; min 0 at x_i = 2^(−(2^i − 2)/2^i); start (1, …, 1)",
                 parameters: [dimension(default: 2, minimum: 2)]) { s in DixonPrice(dimension: s.integer("dim")) },
        analytic(Zakharov.self, summary: "Zakharov's convex function with a quartic term; min 0 at 0; start (1, …, 1)",
                 parameters: [dimension(default: 2, minimum: 1)]) { s in Zakharov(dimension: s.integer("dim")) },
        ProblemSpec(name: NoisyQuadraticModel.name, family: .stochastic,
                    summary: "noisy quadratic model (Zhang et al. 2019), h_i = 1/i, gradient noise H/batch_size; min 0 at 0; start (1, …, 1)",
                    parameters: [dimension(default: 100, minimum: 1),
                                 .init("batch_size", .integer, default: 1, range: ValidRange(lower: 1), "simulated minibatch size b: noise covariance H/b")]
        ) { s throws(ProblemError) in
            try NoisyQuadraticModel(dimension: s.integer("dim"), batchSize: s.integer("batch_size"), start: s.start, startJitter: s.startJitter)
        },
    ] + networkProblems

    /// The settings table of `quadratic`.
    static let quadraticParameters: [HyperparameterSpec] = [
        dimension(default: 10, minimum: 1),
        .init("condition", default: 100.0, range: ValidRange(lower: 1), "condition number κ: eigenvalues run geometrically from 1 to κ"),
        .init("rotated", .flag, default: false,
              "express the quadratic in a seeded random orthonormal basis (needs dim ≤ \(Quadratic.maximumRotatedDimension))"),
        .init("rotation_seed", .integer, default: 0, range: .nonNegative, "seed of the random rotation (used only when rotated)"),
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
