import OptBench
import OptBenchTestSupport
import Testing

/// A catalog problem as a suite would name it, labelled by name and settings.
struct CatalogCase: Sendable, CustomTestStringConvertible {
    let name: String
    var settings: [String: ConfigValue] = [:]

    var testDescription: String {
        "\(name)(" + settings.keys.sorted().map { "\($0)=\(settings[$0]!)" }.joined(separator: ",") + ")"
    }

    func make() throws(ProblemError) -> any Problem {
        try ProblemCatalog.make(name, settings: settings)
    }

    var isStochastic: Bool { ProblemCatalog.spec(named: name)?.family == .stochastic }
}

/// Every catalog entry at its defaults, plus the non-default shapes worth covering.
/// Analytic and stochastic entries; networks need a dataset resolver and are covered by the
/// Nets tests (finite differences per layer, per network and per catalog network).
let functionCatalog = ProblemCatalog.all.filter { $0.family != .network }

let catalogCases: [CatalogCase] = functionCatalog.map { CatalogCase(name: $0.name) } + [
    CatalogCase(name: "quadratic", settings: ["dim": 6, "condition": 1000, "rotated": true, "rotation_seed": 4]),
    CatalogCase(name: "rosenbrock", settings: ["dim": 5]),
    CatalogCase(name: "rastrigin", settings: ["dim": 5]),
    CatalogCase(name: "dixon_price", settings: ["dim": 5]),
    CatalogCase(name: "noisy_quadratic", settings: ["dim": 8, "batch_size": 32]),
]

/// The names of the catalog entries that take `dim`.
let dimensionedNames = ProblemCatalog.all.filter { $0.parameters.contains { $0.name == "dim" } }.map(\.name)

@Suite("Problem catalog")
struct ProblemCatalogTests {
    @Test("every entry builds from its defaults, under its own name, with its default dim", arguments: functionCatalog.map(\.name))
    func buildsFromDefaults(name: String) throws {
        let spec = try #require(ProblemCatalog.spec(named: name))
        let problem = try ProblemCatalog.make(name)
        #expect(problem.name == name)
        if let dim = spec.parameters.first(where: { $0.name == "dim" })?.defaultValue.integerValue {
            #expect(problem.dimension == dim)
        }
    }

    @Test("names are unique snake_case, and each summary is one line")
    func namesAndSummaries() {
        #expect(Set(ProblemCatalog.names).count == ProblemCatalog.names.count)
        for spec in ProblemCatalog.all {
            #expect(spec.name.allSatisfy { $0.isLowercase || $0 == "_" }, "\(spec.name)")
            #expect(!spec.summary.isEmpty && !spec.summary.contains("\n"), "\(spec.name)")
        }
    }

    @Test("the function table of the tests covers every catalog problem")
    func testTablesCoverTheCatalog() {
        let stochastic = ProblemCatalog.all.filter { $0.family == .stochastic }.map(\.name)
        #expect(Set(functionCases.map(\.name) + stochastic) == Set(functionCatalog.map(\.name)))
    }

    @Test("an analytic entry is its function: same identity, start and values", arguments: functionCases)
    func analyticEntryIsItsFunction(_ c: FunctionCase) throws {
        var settings: [String: ConfigValue] = [:]
        for entry in c.function.configuration { settings[entry.key] = entry.value }
        let problem = try ProblemCatalog.make(c.name, settings: settings)
        #expect(problem.identity == "\(c.name)(\(c.function.configuration.canonicalArguments))")
        let start = ProblemProbe.initialParameters(of: problem)
        #expect(start == c.function.standardStart)
        var streams = RandomStreams(seed: 0, identity: problem.identity)
        let (loss, gradient) = ProblemProbe.lossAndGradient(of: problem, at: start, scalar: Double.self, streams: &streams)
        #expect(loss == c.function.value(at: start))
        #expect(gradient == c.function.gradient(at: start))
    }

    @Test("each problem's gradient matches central differences at its start and three random points", arguments: catalogCases)
    func gradientMatchesFiniteDifferences(_ c: CatalogCase) throws {
        let problem = try c.make()
        let start = ProblemProbe.initialParameters(of: problem)
        for point in [start] + randomPoints(around: start, label: c.testDescription) {
            // A stochastic problem is checked in the mean: 20 000 draws put the standard error of each
            // mean element at ≤ sqrt(1/20000) ≈ 0.007 (h_1/b ≤ 1), so 0.04 is more than 5 of them.
            let mismatches = c.isStochastic
                ? checkGradient(of: problem, at: point, relativeTolerance: 0.04, draws: 20_000, seed: 5)
                : checkGradient(of: problem, at: point)
            #expect(mismatches.isEmpty, "\(mismatches)")
        }
    }

    @Test("float32 evaluation agrees with float64 to a relative 1e-5 at the start", arguments: catalogCases)
    func float32AgreesWithFloat64(_ c: CatalogCase) throws {
        let problem = try c.make()
        let start = ProblemProbe.initialParameters(of: problem)
        let streams = RandomStreams(seed: 1, identity: problem.identity)
        var streams64 = streams, streams32 = streams
        let wide = ProblemProbe.lossAndGradient(of: problem, at: start, scalar: Double.self, streams: &streams64)
        let narrow = ProblemProbe.lossAndGradient(of: problem, at: start, scalar: Float.self, streams: &streams32)
        #expect(abs(narrow.loss - wide.loss) <= 1e-5 * abs(wide.loss), "f32 \(narrow.loss) vs f64 \(wide.loss)")
        let scale = wide.gradient.map(abs).max() ?? 0
        let error = zip(narrow.gradient, wide.gradient).map { abs($0 - $1) }.max() ?? 0
        #expect(error <= 1e-5 * scale, "largest gradient error \(error) against ‖∇f‖∞ = \(scale)")
    }

    // MARK: Identities

    @Test("quadratic identities list dim and condition, and the rotation only when rotated")
    func quadraticIdentity() throws {
        #expect(try ProblemCatalog.make("quadratic").identity == "quadratic(dim=10,condition=100.0)")
        #expect(try ProblemCatalog.make("quadratic", settings: ["rotated": true]).identity
            == "quadratic(dim=10,condition=100.0,rotated=true,rotation_seed=0)")
        // rotation_seed does not change an axis-aligned quadratic, so it is not part of its identity.
        #expect(try ProblemCatalog.make("quadratic", settings: ["rotation_seed": 3]).identity == "quadratic(dim=10,condition=100.0)")
    }

    @Test("noise_std > 0 wraps the problem in gradient noise; noise_std 0 leaves it alone")
    func noiseStandardDeviation() throws {
        let noisy = try ProblemCatalog.make("booth", settings: ["noise_std": 0.5])
        #expect(noisy is GradientNoiseProblem)
        #expect(noisy.identity == "booth(noise_std=0.5)")
        let plain = try ProblemCatalog.make("booth", settings: ["noise_std": 0])
        #expect(!(plain is GradientNoiseProblem))
        #expect(plain.identity == "booth()")
    }

    @Test("noisy_quadratic honours a given start and a seeded jitter")
    func noisyQuadraticStart() throws {
        let given = try ProblemCatalog.make("noisy_quadratic", settings: ["dim": 3, "start": .list([1, 2, 3])])
        #expect(ProblemProbe.initialParameters(of: given) == [1, 2, 3])
        #expect(given.identity == "noisy_quadratic(dim=3,batch_size=1,start=[1.0,2.0,3.0])")
        let jittered = try ProblemCatalog.make("noisy_quadratic", settings: ["dim": 3, "start_jitter": 0.1])
        let a = ProblemProbe.initialParameters(of: jittered, seed: 1)
        #expect(a == ProblemProbe.initialParameters(of: jittered, seed: 1))
        #expect(a != ProblemProbe.initialParameters(of: jittered, seed: 2))
        #expect(a.allSatisfy { abs($0 - 1) <= 0.1 })
    }

    // MARK: Validation

    @Test("an unknown problem name is refused with a suggestion")
    func unknownName() {
        let error = #expect(throws: ProblemError.self) { try ProblemCatalog.make("rosenbrok") }
        #expect(error?.key == nil)
        #expect(error?.message.contains("did you mean 'rosenbrock'") == true, "\(String(describing: error))")
    }

    @Test("an unknown setting is refused, naming it, with a suggestion")
    func unknownSetting() {
        let misspelt = #expect(throws: ProblemError.self) { try ProblemCatalog.make("quadratic", settings: ["conditon": 10]) }
        #expect(misspelt?.key == "conditon")
        #expect(misspelt?.message.contains("did you mean 'condition'") == true, "\(String(describing: misspelt))")
        let foreign = #expect(throws: ProblemError.self) { try ProblemCatalog.make("booth", settings: ["dim": 3]) }
        #expect(foreign?.key == "dim")
    }

    @Test("dim 0 is refused, naming dim", arguments: dimensionedNames)
    func zeroDimension(name: String) {
        let error = #expect(throws: ProblemError.self) { try ProblemCatalog.make(name, settings: ["dim": 0]) }
        #expect(error?.key == "dim")
    }

    @Test("a start of the wrong length is refused, naming start", arguments: ["booth", "rosenbrock", "quadratic", "noisy_quadratic"])
    func wrongStartLength(name: String) {
        let error = #expect(throws: ProblemError.self) { try ProblemCatalog.make(name, settings: ["start": .list([1, 2, 3])]) }
        #expect(error?.key == "start")
    }

    @Test("a rotated quadratic of dim 5000 is refused, naming dim and saying why")
    func largeRotation() {
        let error = #expect(throws: ProblemError.self) {
            try ProblemCatalog.make("quadratic", settings: ["rotated": true, "dim": 5000])
        }
        #expect(error?.key == "dim")
        #expect(error?.message.contains("4096") == true, "\(String(describing: error))")
    }

    @Test("out-of-range settings are refused, naming the key",
          arguments: [("quadratic", "condition", ConfigValue.real(0.5)), ("quadratic", "rotation_seed", -1),
                      ("noisy_quadratic", "batch_size", 0), ("quadratic", "rotated", 1)])
    func outOfRange(name: String, key: String, value: ConfigValue) {
        let error = #expect(throws: ProblemError.self) { try ProblemCatalog.make(name, settings: [key: value]) }
        #expect(error?.key == key)
    }
}
