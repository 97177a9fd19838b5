import OptBench

/// One partial derivative on which an analytic gradient and central finite differences
/// disagree by more than the allowed error.
public struct GradientMismatch: Sendable, Hashable, CustomStringConvertible {
    /// Where the gradient was checked.
    public var point: [Double]
    /// Which partial derivative.
    public var index: Int
    /// The gradient element the problem wrote (NaN when it wrote none).
    public var analytic: Double
    /// (f(x + h·e_i) − f(x − h·e_i)) / (2h).
    public var centralDifference: Double
    /// The error the check allowed for this element.
    public var allowedError: Double

    public var description: String {
        "∂f/∂x[\(index)] at \(point): analytic \(analytic), central difference \(centralDifference), "
            + "|difference| \(abs(analytic - centralDifference)) > allowed \(allowedError)"
    }
}

/// Compares the analytic gradient of `function` at `x` with central finite differences and
/// returns every element that disagrees (empty when the gradient is right).
///
/// ```
/// h_i  = 1e-6·max(1, |x_i|)
/// d_i  = (f(x + h_i·e_i) − f(x − h_i·e_i)) / (2h_i)      (2h_i as actually represented)
/// pass ⇔ |g_i − d_i| ≤ relativeTolerance·max(1, |g_i|, |d_i|) + 32·ε·max(|f(x ± h_i·e_i)|) / (2h_i)
/// ```
/// The first term is the tolerance for the O(h²) truncation error (relative for large
/// derivatives, absolute below 1); the second bounds the rounding error of the difference
/// quotient itself, so large-valued functions (Goldstein–Price) are not held to an accuracy the
/// finite difference cannot deliver. The gradient buffer is filled with NaN before the call, so
/// an element the function forgets to write is reported.
public func checkGradient(
    of function: some AnalyticFunction, at x: [Double], relativeTolerance: Double = 1e-6
) -> [GradientMismatch] {
    precondition(x.count == function.dimension, "point has \(x.count) elements, function has \(function.dimension)")
    var gradient = [Double](repeating: .nan, count: x.count)
    var scratch = [Double](repeating: 0, count: x.count)
    x.withUnsafeBufferPointer { x in
        gradient.withUnsafeMutableBufferPointer { g in _ = function.evaluate(x, gradient: g) }
    }
    return compareWithCentralDifferences(gradient: gradient, at: x, relativeTolerance: relativeTolerance) { point in
        point.withUnsafeBufferPointer { p in
            scratch.withUnsafeMutableBufferPointer { g in function.evaluate(p, gradient: g) }
        }
    }
}

/// Compares the gradient a ``Problem``'s float64 evaluator writes at `x` with central finite
/// differences of the loss it reports; see ``checkGradient(of:at:relativeTolerance:)`` for the
/// criterion.
///
/// For a stochastic problem pass `draws > 1`: the analytic side is then the mean of `draws`
/// sampled gradients (so the check is of E[g] = ∇f, and `relativeTolerance` must allow for the
/// sampling error), while every loss evaluation for the differences starts from one fixed copy
/// of the streams (common random numbers). Streams are `RandomStreams(seed: seed, identity:
/// problem.identity)`.
public func checkGradient(
    of problem: some Problem, at x: [Double], relativeTolerance: Double = 1e-6, draws: Int = 1, seed: UInt64 = 0
) -> [GradientMismatch] {
    precondition(x.count == problem.dimension, "point has \(x.count) elements, problem has \(problem.dimension)")
    precondition(draws >= 1, "draws must be ≥ 1")
    let evaluator = makeEvaluatorOrTrap(problem, scalar: Double.self)
    let fixedStreams = RandomStreams(seed: seed, identity: problem.identity)
    var streams = fixedStreams
    var sum = [Double](repeating: 0, count: x.count)
    var gradient = [Double](repeating: 0, count: x.count)
    for _ in 0..<draws {
        for i in gradient.indices { gradient[i] = .nan }
        x.withUnsafeBufferPointer { x in
            gradient.withUnsafeMutableBufferPointer { g in _ = evaluator.lossAndGradient(at: x, gradient: g, streams: &streams) }
        }
        for i in sum.indices { sum[i] += gradient[i] }
    }
    let mean = sum.map { $0 / Double(draws) }
    return compareWithCentralDifferences(gradient: mean, at: x, relativeTolerance: relativeTolerance) { point in
        var streams = fixedStreams
        return point.withUnsafeBufferPointer { p in
            gradient.withUnsafeMutableBufferPointer { g in evaluator.lossAndGradient(at: p, gradient: g, streams: &streams) }
        }
    }
}

/// The shared criterion of the two checkers.
private func compareWithCentralDifferences(
    gradient: [Double], at x: [Double], relativeTolerance: Double, loss: (inout [Double]) -> Double
) -> [GradientMismatch] {
    var point = x
    var mismatches: [GradientMismatch] = []
    for i in x.indices {
        let step = 1e-6 * max(1, abs(x[i]))
        point[i] = x[i] + step
        let upper = point[i]
        let lossUp = loss(&point)
        point[i] = x[i] - step
        let lower = point[i]
        let lossDown = loss(&point)
        point[i] = x[i]
        let width = upper - lower
        let difference = (lossUp - lossDown) / width
        let analytic = gradient[i]
        let allowed = relativeTolerance * max(1, abs(analytic), abs(difference))
            + 32 * Double.ulpOfOne * max(abs(lossUp), abs(lossDown)) / width
        // Written so that a NaN on either side fails.
        if !(abs(analytic - difference) <= allowed) {
            mismatches.append(GradientMismatch(point: x, index: i, analytic: analytic, centralDifference: difference, allowedError: allowed))
        }
    }
    return mismatches
}
