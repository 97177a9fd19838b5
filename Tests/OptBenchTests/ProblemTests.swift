import OptBench
import OptBenchTestSupport
import Testing

// MARK: - The functions under test

/// An analytic function under test, labelled for the test report.
struct FunctionCase: Sendable, CustomTestStringConvertible {
    let function: any AnalyticFunction

    var name: String { type(of: function).name }
    var testDescription: String { "\(name)(\(function.configuration.canonicalArguments))" }
}

/// Every catalog function, at its catalog default and at least one other size where it has one.
let functionCases: [FunctionCase] = [
    Rosenbrock(dimension: 2), Rosenbrock(dimension: 5),
    try! Quadratic(), try! Quadratic(dimension: 1), try! Quadratic(dimension: 6, condition: 1000, rotationSeed: 3),
    Beale(), Booth(), Himmelblau(),
    Rastrigin(dimension: 2), Rastrigin(dimension: 3),
    Ackley(dimension: 2), Ackley(dimension: 3),
    StyblinskiTang(dimension: 2), StyblinskiTang(dimension: 3),
    SixHumpCamel(), GoldsteinPrice(), Matyas(), Saddle(), MonkeySaddle(),
    DixonPrice(dimension: 2), DixonPrice(dimension: 4),
    Zakharov(dimension: 2), Zakharov(dimension: 4),
].map(FunctionCase.init)

/// Three points drawn uniformly from the box start ± 2·max(1, |start_i|), seeded by the case.
func randomPoints(around start: [Double], label: String, count: Int = 3) -> [[Double]] {
    var rng = SplitMix64(seed: StableHash.of("gradient-check|\(label)"))
    return (0..<count).map { _ in start.map { $0 + 2 * max(1, abs($0)) * (2 * rng.nextUniform() - 1) } }
}

func isClose(_ a: Double, _ b: Double, relative: Double, absolute: Double = 0) -> Bool {
    abs(a - b) <= absolute + relative * max(abs(a), abs(b))
}

// MARK: - Gradients and minima

@Suite("Analytic functions")
struct AnalyticFunctionTests {
    @Test("the analytic gradient matches central differences at the start, every minimizer and three random points",
          arguments: functionCases)
    func gradientMatchesFiniteDifferences(_ c: FunctionCase) {
        let start = c.function.standardStart
        let points = [start] + (c.function.knownMinimum?.locations ?? []) + randomPoints(around: start, label: c.testDescription)
        for point in points {
            let mismatches = checkGradient(of: c.function, at: point)
            #expect(mismatches.isEmpty, "\(mismatches)")
        }
    }

    @Test("every listed minimizer attains the known minimum with a vanishing gradient",
          arguments: functionCases.filter { $0.function.knownMinimum != nil })
    func minimizersAttainTheMinimum(_ c: FunctionCase) throws {
        let minimum = try #require(c.function.knownMinimum)
        #expect(!minimum.locations.isEmpty)
        for location in minimum.locations {
            #expect(location.count == c.function.dimension)
            let value = c.function.value(at: location)
            #expect(isClose(value, minimum.value, relative: 1e-12, absolute: 1e-9), "f\(location) = \(value), expected \(minimum.value)")
            let largest = c.function.gradient(at: location).map(abs).max() ?? 0
            #expect(largest <= 1e-8, "|∇f| = \(largest) at \(location)")
        }
    }

    @Test("the standard start is not a minimizer: its gradient is non-zero and its value above the minimum",
          arguments: functionCases)
    func standardStartIsNotAMinimizer(_ c: FunctionCase) {
        let start = c.function.standardStart
        #expect(start.count == c.function.dimension)
        #expect(c.function.gradient(at: start).contains { abs($0) > 1e-6 })
        if let minimum = c.function.knownMinimum {
            #expect(c.function.value(at: start) > minimum.value + 1e-6)
        }
    }

    @Test("saddles are unbounded below, so they list no minimum")
    func saddlesAreUnbounded() {
        #expect(Saddle().knownMinimum == nil)
        #expect(MonkeySaddle().knownMinimum == nil)
        // x² − y² along the y-axis is −y²; x³ − 3xy² along the negative x-axis is x³.
        #expect(Saddle().value(at: [0, 1000]) == -1_000_000)
        #expect(MonkeySaddle().value(at: [-100, 0]) == -1_000_000)
    }
}

// MARK: - Hand-computed values

/// f and ∇f at one point, worked out by hand from the textbook formula.
struct HandValue: Sendable, CustomTestStringConvertible {
    let function: any AnalyticFunction
    let point: [Double]
    let value: Double
    let gradient: [Double]
    var testDescription: String { "\(type(of: function).name) at \(point)" }
}

let handValues: [HandValue] = [
    // (1 − 0)² + 100·(0 − 0²)² = 1;  ∂x = −2(1 − x) − 400x(y − x²) = −2,  ∂y = 200(y − x²) = 0.
    HandValue(function: Rosenbrock(), point: [0, 0], value: 1, gradient: [-2, 0]),
    // λ = (1, 10, 100) for d = 3, κ = 100 (κ^0, κ^½, κ^1);  f(1, 1, 1) = ½(1 + 10 + 100) = 55.5, ∇f = λ.
    HandValue(function: try! Quadratic(dimension: 3, condition: 100), point: [1, 1, 1], value: 55.5, gradient: [1, 10, 100]),
    // (1.5 − 1 + 1)² + (2.25 − 1 + 1)² + (2.625 − 1 + 1)² = 2.25 + 5.0625 + 6.890625 = 14.203125;
    // ∂x = Σ 2a_k(y^k − 1) = 0 at y = 1;  ∂y = 2·1.5·1 + 2·2.25·2 + 2·2.625·3 = 3 + 9 + 15.75 = 27.75.
    HandValue(function: Beale(), point: [1, 1], value: 14.203125, gradient: [0, 27.75]),
    // (0 + 0 − 7)² + (0 + 0 − 5)² = 49 + 25 = 74;  ∂x = 2(−7) + 4(−5) = −34,  ∂y = 4(−7) + 2(−5) = −38.
    HandValue(function: Booth(), point: [0, 0], value: 74, gradient: [-34, -38]),
    // (−11)² + (−7)² = 170;  ∂x = 4x(−11) + 2(−7) = −14,  ∂y = 2(−11) + 4y(−7) = −22 at the origin.
    HandValue(function: Himmelblau(), point: [0, 0], value: 170, gradient: [-14, -22]),
    // d = 1 at x = 0.25: 10 + 0.0625 − 10·cos(π/2) = 10.0625;  ∂ = 2x + 20π·sin(π/2) = 0.5 + 20π.
    HandValue(function: Rastrigin(dimension: 1), point: [0.25], value: 10.0625, gradient: [0.5 + 20 * Double.pi]),
    // d = 2 at (−2, 3.5): 20 + (4 − 10·cos 4π) + (12.25 − 10·cos 7π) = 20 − 6 + 22.25 = 36.25; the sines vanish, ∇ = 2x.
    HandValue(function: Rastrigin(dimension: 2), point: [-2, 3.5], value: 36.25, gradient: [-4, 7]),
    // d = 2 at (1, 0): r = √(1/2), Σcos = 2 so the second term is −e and cancels +e:
    // f = 20·(1 − exp(−0.2/√2)) = 2.637531092108302 (mpmath);  ∂x = 4·exp(−0.2r)·x/(2r) = 2.455423900582162,
    // ∂y = 0 (y = 0 and sin 0 = 0).
    HandValue(function: Ackley(dimension: 2), point: [1, 0], value: 2.637531092108302, gradient: [2.455423900582162, 0]),
    // ½[(1 − 16 + 5) + (1 − 16 − 5)] = ½(−10 − 20) = −15;  ∂ = 2x³ − 16x + 2.5 = −11.5 at 1 and 16.5 at −1.
    HandValue(function: StyblinskiTang(dimension: 2), point: [1, -1], value: -15, gradient: [-11.5, 16.5]),
    // (4 − 2.1 + 1/3)·1 + 1 + (−4 + 4)·1 = 97/30;  ∂x = 8 − 8.4 + 2 + 1 = 2.6,  ∂y = 1 − 8 + 16 = 9.
    HandValue(function: SixHumpCamel(), point: [1, 1], value: 97.0 / 30, gradient: [2.6, 9]),
    // [1 + 1·19]·[30 + 0] = 600;  ∂A/∂x = ∂A/∂y = 2·19 + (−14) = 24 and ∂B = 0 at 2x − 3y = 0, so ∇ = 24·30 = (720, 720).
    HandValue(function: GoldsteinPrice(), point: [0, 0], value: 600, gradient: [720, 720]),
    // 0.26·(36 + 4) − 0.48·12 = 10.4 − 5.76 = 4.64;  ∂x = 0.52·6 − 0.48·2 = 2.16,  ∂y = 0.52·2 − 0.48·6 = −1.84.
    HandValue(function: Matyas(), point: [6, 2], value: 4.64, gradient: [2.16, -1.84]),
    // 9 − 4 = 5;  ∇ = (2x, −2y) = (6, −4).
    HandValue(function: Saddle(), point: [3, 2], value: 5, gradient: [6, -4]),
    // 1 − 3·1·4 = −11;  ∂x = 3x² − 3y² = 3 − 12 = −9,  ∂y = −6xy = −12.
    HandValue(function: MonkeySaddle(), point: [1, 2], value: -11, gradient: [-9, -12]),
    // (1 − 1)² + 2·(2·1 − 1)² + 3·(2·1 − 1)² = 5;  ∂x1 = 2(x1 − 1) − 2·2·1 = −4,
    // ∂x2 = 2·2·1·4x2 − 2·3·1 = 16 − 6 = 10,  ∂x3 = 2·3·1·4x3 = 24.
    HandValue(function: DixonPrice(dimension: 3), point: [1, 1, 1], value: 5, gradient: [-4, 10, 24]),
    // S = 0.5·1 + 0.5·2 = 1.5;  2 + 2.25 + 5.0625 = 9.3125;  2S + 4S³ = 16.5, so ∇ = (2 + 16.5·0.5, 2 + 16.5·1) = (10.25, 18.5).
    HandValue(function: Zakharov(dimension: 2), point: [1, 1], value: 9.3125, gradient: [10.25, 18.5]),
]

@Suite("Hand-computed values")
struct HandValueTests {
    @Test("f and ∇f equal the values worked out by hand", arguments: handValues)
    func matchesHandComputation(_ h: HandValue) {
        let value = h.function.value(at: h.point)
        #expect(isClose(value, h.value, relative: 1e-14, absolute: 1e-14), "f = \(value), expected \(h.value)")
        let gradient = h.function.gradient(at: h.point)
        for (computed, expected) in zip(gradient, h.gradient) {
            #expect(isClose(computed, expected, relative: 1e-13, absolute: 1e-13), "∇f = \(gradient), expected \(h.gradient)")
        }
    }

    @Test("every catalog function has a hand-computed value")
    func everyFunctionIsCovered() {
        let covered = Set(handValues.map { type(of: $0.function).name })
        #expect(covered == Set(functionCases.map(\.name)))
    }
}

// MARK: - Literature minima

@Suite("Literature minima")
struct LiteratureMinimumTests {
    @Test("Styblinski–Tang: x_i = −2.903534027771178, minimum −39.16616570377142 per coordinate")
    func styblinskiTang() throws {
        #expect(abs(StyblinskiTang.minimizingCoordinate - -2.903534027771178) <= 1e-15)
        #expect(abs(StyblinskiTang.minimumPerCoordinate - -39.16616570377142) <= 1e-13)
        let minimum = try #require(StyblinskiTang(dimension: 3).knownMinimum)
        #expect(abs(minimum.value - 3 * -39.16616570377142) <= 1e-12)
        #expect(abs(StyblinskiTang(dimension: 3).value(at: [-2.903534027771178, -2.903534027771178, -2.903534027771178])
            - 3 * -39.16616570377142) <= 1e-12)
    }

    @Test("Goldstein–Price: exactly 3 at (0, −1)")
    func goldsteinPrice() {
        #expect(GoldsteinPrice().value(at: [0, -1]) == 3)
    }

    @Test("six-hump camel: −1.0316284534898774 at ±(0.0898420131, −0.7126564030)")
    func sixHumpCamel() throws {
        let minimum = try #require(SixHumpCamel().knownMinimum)
        #expect(abs(minimum.value - -1.0316284534898774) <= 1e-15)
        #expect(minimum.locations.count == 2)
        for (location, sign) in zip(minimum.locations, [1.0, -1.0]) {
            #expect(abs(location[0] - sign * 0.0898420131) <= 1e-10)
            #expect(abs(location[1] + sign * 0.7126564030) <= 1e-10)
        }
    }

    @Test("Himmelblau: four minimizers, (3, 2) and the three quoted to six decimals")
    func himmelblau() throws {
        let literature: [[Double]] = [[3, 2], [-2.805118, 3.131312], [-3.779310, -3.283186], [3.584428, -1.848126]]
        let minimum = try #require(Himmelblau().knownMinimum)
        #expect(minimum.locations.count == 4)
        for (location, quoted) in zip(minimum.locations, literature) {
            #expect(abs(location[0] - quoted[0]) <= 1e-6 && abs(location[1] - quoted[1]) <= 1e-6, "\(location) vs \(quoted)")
        }
    }

    @Test("Dixon–Price: minimizer 2^(−(2^i − 2)/2^i) = (1, 2^(−1/2), 2^(−3/4), 2^(−7/8)) in 4-D")
    func dixonPrice() throws {
        let minimum = try #require(DixonPrice(dimension: 4).knownMinimum)
        // 2^(−1/2) = 1/√2; 2^(−3/4) and 2^(−7/8) from mpmath.
        let expected = [1, 0.7071067811865476, 0.5946035575013605, 0.5452538663326288]
        for (computed, value) in zip(minimum.locations[0], expected) {
            #expect(abs(computed - value) <= 1e-15)
        }
    }
}

// MARK: - Quadratic

@Suite("Quadratic")
struct QuadraticTests {
    /// The second difference (f(t·e_i) − 2f(0) + f(−t·e_i)) / t², which is λ_i for an axis-aligned quadratic.
    func curvature(_ q: Quadratic, along i: Int, step t: Double = 0.5) -> Double {
        var plus = [Double](repeating: 0, count: q.dimension), minus = plus
        plus[i] = t
        minus[i] = -t
        return (q.value(at: plus) - 2 * q.value(at: plus.map { _ in 0 }) + q.value(at: minus)) / (t * t)
    }

    /// H_ij recovered from values alone: for f = ½xᵀHx, H_ii = 2f(e_i) and H_ij = f(e_i + e_j) − f(e_i) − f(e_j).
    func hessianFromValues(_ q: Quadratic) -> [[Double]] {
        let d = q.dimension
        func unit(_ indices: Int...) -> [Double] {
            var x = [Double](repeating: 0, count: d)
            for i in indices { x[i] += 1 }
            return x
        }
        return (0..<d).map { i in
            (0..<d).map { j in
                i == j ? 2 * q.value(at: unit(i)) : q.value(at: unit(i, j)) - q.value(at: unit(i)) - q.value(at: unit(j))
            }
        }
    }

    @Test("the curvature along the first axis is 1, along the last is κ, and geometric in between")
    func eigenvalueEndpoints() throws {
        let q = try Quadratic(dimension: 5, condition: 1000)
        #expect(isClose(curvature(q, along: 0), 1, relative: 1e-12))
        #expect(isClose(curvature(q, along: 2), 1000.0.squareRoot(), relative: 1e-12))  // κ^(2/4)
        #expect(isClose(curvature(q, along: 4), 1000, relative: 1e-12))
    }

    @Test("one variable has the single eigenvalue 1, whatever κ")
    func oneDimension() throws {
        let q = try Quadratic(dimension: 1, condition: 50)
        #expect(q.value(at: [2]) == 2)  // ½·1·2²
    }

    @Test("a rotation is orthogonal: with κ = 1 the values give QᵀQ = I to 1e-12", arguments: [1, 2, 7, 60])
    func rotationIsOrthogonal(dimension: Int) throws {
        let q = try Quadratic(dimension: dimension, condition: 1, rotationSeed: 5)
        let gram = hessianFromValues(q)  // = QᵀQ when Λ = I
        for i in 0..<dimension {
            for j in 0..<dimension {
                #expect(abs(gram[i][j] - (i == j ? 1 : 0)) <= 1e-12, "(QᵀQ)[\(i)][\(j)] = \(gram[i][j])")
            }
        }
    }

    @Test("a rotated 3-D quadratic has eigenvalues exactly 1, √κ and κ, and is not diagonal")
    func rotatedSpectrum() throws {
        let q = try Quadratic(dimension: 3, condition: 100, rotationSeed: 11)
        let h = hessianFromValues(q)
        // The three power sums fix the three eigenvalues: λ = (1, 10, 100) ⇔ trace 111,
        // Σλ² = 10101 (= ‖H‖_F²) and det = 1000.
        let trace = h[0][0] + h[1][1] + h[2][2]
        let frobenius = h.joined().map { $0 * $0 }.reduce(0, +)
        let determinant = h[0][0] * (h[1][1] * h[2][2] - h[1][2] * h[2][1])
            - h[0][1] * (h[1][0] * h[2][2] - h[1][2] * h[2][0])
            + h[0][2] * (h[1][0] * h[2][1] - h[1][1] * h[2][0])
        #expect(isClose(trace, 111, relative: 1e-12))
        #expect(isClose(frobenius, 10101, relative: 1e-12))
        #expect(isClose(determinant, 1000, relative: 1e-9))
        #expect([h[0][1], h[0][2], h[1][2]].contains { abs($0) > 1e-3 }, "the rotation left H diagonal: \(h)")
        #expect(abs(h[0][1] - h[1][0]) <= 1e-12)
    }

    @Test("the same rotation_seed gives identical values; another seed gives different ones")
    func rotationSeedDeterminesTheInstance() throws {
        let a = try Quadratic(dimension: 8, condition: 100, rotationSeed: 1)
        let b = try Quadratic(dimension: 8, condition: 100, rotationSeed: 1)
        let c = try Quadratic(dimension: 8, condition: 100, rotationSeed: 2)
        for x in randomPoints(around: a.standardStart, label: "rotation-seed", count: 5) {
            #expect(a.value(at: x) == b.value(at: x))
            #expect(a.gradient(at: x) == b.gradient(at: x))
            #expect(!isClose(a.value(at: x), c.value(at: x), relative: 1e-6))
        }
    }

    @Test("a rotated quadratic refuses dim 5000, naming dim and the limit")
    func refusesLargeRotation() {
        let error = #expect(throws: ProblemError.self) { try Quadratic(dimension: 5000, rotationSeed: 0) }
        #expect(error?.key == "dim")
        #expect(error?.message.contains("4096") == true)
        // The axis-aligned quadratic has no such limit.
        #expect(throws: Never.self) { try Quadratic(dimension: 5000) }
    }

    @Test("condition below 1 and a negative rotation_seed are refused, naming the key")
    func refusesBadSettings() {
        let condition = #expect(throws: ProblemError.self) { try Quadratic(condition: 0.5) }
        #expect(condition?.key == "condition")
        let seed = #expect(throws: ProblemError.self) { try Quadratic(rotationSeed: -1) }
        #expect(seed?.key == "rotation_seed")
        let dimension = #expect(throws: ProblemError.self) { try Quadratic(dimension: 0) }
        #expect(dimension?.key == "dim")
    }
}

// MARK: - Stochastic problems

/// Mean and unbiased variance of each coordinate over `samples`.
func moments(_ samples: [[Double]]) -> (mean: [Double], variance: [Double]) {
    let n = Double(samples.count)
    let d = samples[0].count
    let mean = (0..<d).map { i in samples.reduce(0) { $0 + $1[i] } / n }
    let variance = (0..<d).map { i in samples.reduce(0) { $0 + ($1[i] - mean[i]) * ($1[i] - mean[i]) } / (n - 1) }
    return (mean, variance)
}

@Suite("Stochastic problems")
struct StochasticProblemTests {
    @Test("noisy_quadratic: the mean gradient is H·x, the variance h_i/b, and the loss the exact ½ Σ h_i x_i²")
    func noisyQuadraticMoments() throws {
        let problem = try NoisyQuadraticModel(dimension: 4, batchSize: 4)
        let x: [Double] = [1, -2, 3, 4]
        let evaluator = problem.makeEvaluator(scalar: Double.self)
        var streams = RandomStreams(seed: 7, identity: problem.identity)
        let draws = 20_000
        var samples: [[Double]] = []
        for _ in 0..<draws {
            let (loss, gradient) = ProblemProbe.lossAndGradient(using: evaluator, at: x, streams: &streams)
            // ½(1·1 + 4/2 + 9/3 + 16/4) = ½(1 + 2 + 3 + 4) = 5
            #expect(loss == 5)
            samples.append(gradient)
        }
        let (mean, variance) = moments(samples)
        // H·x = (1/1·1, 1/2·(−2), 1/3·3, 1/4·4) = (1, −1, 1, 1);  h/b = (1/4, 1/8, 1/12, 1/16).
        let expectedMean: [Double] = [1, -1, 1, 1]
        let expectedVariance: [Double] = [1.0 / 4, 1.0 / 8, 1.0 / 12, 1.0 / 16]
        for i in 0..<4 {
            // 5 standard errors: sqrt(var/N) for the mean, var·sqrt(2/N) for the variance.
            let meanTolerance = 5 * (expectedVariance[i] / Double(draws)).squareRoot()
            #expect(abs(mean[i] - expectedMean[i]) <= meanTolerance, "mean[\(i)] = \(mean[i])")
            #expect(abs(variance[i] - expectedVariance[i]) <= 5 * expectedVariance[i] * (2 / Double(draws)).squareRoot(),
                    "variance[\(i)] = \(variance[i])")
        }
    }

    @Test("noisy_quadratic: with b = 1 the variance is h_i, and coordinates are uncorrelated")
    func noisyQuadraticUnitBatch() throws {
        let problem = try NoisyQuadraticModel(dimension: 3, batchSize: 1)
        let evaluator = problem.makeEvaluator(scalar: Double.self)
        var streams = RandomStreams(seed: 3, identity: problem.identity)
        let draws = 20_000
        let samples = (0..<draws).map { _ in ProblemProbe.lossAndGradient(using: evaluator, at: [0, 0, 0], streams: &streams).gradient }
        let (mean, variance) = moments(samples)
        for (i, h) in [1.0, 1.0 / 2, 1.0 / 3].enumerated() {
            #expect(abs(mean[i]) <= 5 * (h / Double(draws)).squareRoot())
            #expect(abs(variance[i] - h) <= 5 * h * (2 / Double(draws)).squareRoot(), "variance[\(i)] = \(variance[i])")
        }
        let covariance = samples.reduce(0) { $0 + ($1[0] - mean[0]) * ($1[1] - mean[1]) } / Double(draws - 1)
        #expect(abs(covariance) <= 5 * (1.0 / 2 / Double(draws)).squareRoot())
    }

    @Test("noisy_quadratic: the mean of sampled gradients matches central differences of the reported loss")
    func noisyQuadraticGradientCheck() throws {
        let problem = try NoisyQuadraticModel(dimension: 5, batchSize: 16)
        // Standard error of a mean ≤ sqrt(1/16/20000) ≈ 0.0018; allow about 5 of them.
        let mismatches = checkGradient(of: problem, at: [1, -1, 2, 0.5, -3], relativeTolerance: 0.01, draws: 20_000, seed: 1)
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test("noisy_quadratic draws only from the noise stream, d Gaussians per evaluation")
    func noisyQuadraticUsesTheNoiseStream() throws {
        let problem = try NoisyQuadraticModel(dimension: 3)
        let fresh = RandomStreams(seed: 9, identity: problem.identity)
        var streams = fresh
        var first = fresh
        let a = ProblemProbe.lossAndGradient(of: problem, at: [1, 1, 1], scalar: Double.self, streams: &streams)
        let b = ProblemProbe.lossAndGradient(of: problem, at: [1, 1, 1], scalar: Double.self, streams: &first)
        #expect(a.gradient == b.gradient)
        #expect(streams.initialization == fresh.initialization)
        #expect(streams.minibatch == fresh.minibatch)
        #expect(streams.dropout == fresh.dropout)
        var expected = fresh.noise
        for _ in 0..<3 { _ = expected.nextGaussian() }
        #expect(streams.noise == expected)
    }

    @Test("booth with noise_std 0.5: the loss stays noiseless and the gradient noise has std 0.5")
    func gradientNoiseProblem() throws {
        let problem = try ProblemCatalog.make("booth", settings: ["noise_std": 0.5])
        let x: [Double] = [0.5, -1]
        let exactLoss = Booth().value(at: x)
        let exactGradient = Booth().gradient(at: x)
        let evaluator = try problem.makeEvaluator(scalar: Double.self)
        var streams = RandomStreams(seed: 2, identity: problem.identity)
        var noise: [Double] = []
        for _ in 0..<20_000 {
            let (loss, gradient) = ProblemProbe.lossAndGradient(using: evaluator, at: x, streams: &streams)
            #expect(loss == exactLoss)
            noise += zip(gradient, exactGradient).map { $0 - $1 }
        }
        let (mean, variance) = moments(noise.map { [$0] })
        // 40 000 samples: standard error of the mean 0.0025, of the standard deviation ≈ 0.5/√80000 ≈ 0.0018.
        #expect(abs(mean[0]) <= 5 * 0.0025)
        #expect(abs(variance[0].squareRoot() - 0.5) <= 5 * 0.0018)
    }
}

// MARK: - The checker itself

/// Booth with a deliberate error: ∂f/∂y is 1% too large, and ∂f/∂x is left unwritten when `forget`.
private struct BrokenBooth: AnalyticFunction {
    static let name = "broken_booth"
    let forget: Bool
    var dimension: Int { 2 }
    var standardStart: [Double] { [0, 0] }
    var knownMinimum: KnownMinimum? { nil }
    var configuration: [ConfigEntry] { [] }

    func evaluate<T: OptScalar>(_ x: UnsafeBufferPointer<T>, gradient: UnsafeMutableBufferPointer<T>) -> T {
        let a = x[0] + 2 * x[1] - 7
        let b = 2 * x[0] + x[1] - 5
        if !forget { gradient[0] = 2 * a + 4 * b }
        gradient[1] = T(1.01) * (4 * a + 2 * b)
        return a * a + b * b
    }
}

@Suite("Gradient checker")
struct GradientCheckerTests {
    @Test("reports a wrong partial derivative, and only that one")
    func reportsWrongDerivative() {
        let mismatches = checkGradient(of: BrokenBooth(forget: false), at: [0.3, -0.2])
        #expect(mismatches.map(\.index) == [1])
    }

    @Test("reports a gradient element the function never wrote")
    func reportsUnwrittenElement() {
        let mismatches = checkGradient(of: BrokenBooth(forget: true), at: [0.3, -0.2])
        #expect(mismatches.map(\.index) == [0, 1])
        #expect(mismatches.first?.analytic.isNaN == true)
    }

    @Test("the Problem checker reports the same error through an evaluator")
    func problemCheckerUsesItsProblem() throws {
        let broken = try AnalyticProblem(BrokenBooth(forget: false))
        #expect(checkGradient(of: broken, at: [1, 1]).map(\.index) == [1])
        #expect(checkGradient(of: try AnalyticProblem(Booth()), at: [1, 1]).isEmpty)
    }
}
