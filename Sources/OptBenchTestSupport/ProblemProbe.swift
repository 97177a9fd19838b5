import OptBench

/// Array-based access to a problem for tests: one evaluation, or the start point, without the
/// buffer plumbing of a run. Allocates; never for hot loops.
public enum ProblemProbe {
    /// The loss and gradient of `problem` at `x`, computed in precision `T` by a fresh
    /// evaluator and widened to `Double`; draws come from `streams`.
    public static func lossAndGradient<T: OptScalar>(
        of problem: some Problem, at x: [Double], scalar: T.Type, streams: inout RandomStreams
    ) -> (loss: Double, gradient: [Double]) {
        lossAndGradient(using: makeEvaluatorOrTrap(problem, scalar: T.self), at: x, streams: &streams)
    }

    /// The loss and gradient from an existing evaluator (so repeated draws reuse its workspace).
    public static func lossAndGradient<T: OptScalar>(
        using evaluator: any ProblemEvaluator<T>, at x: [Double], streams: inout RandomStreams
    ) -> (loss: Double, gradient: [Double]) {
        let point = x.map { T($0) }
        var gradient = [T](repeating: .nan, count: x.count)
        let loss = point.withUnsafeBufferPointer { p in
            gradient.withUnsafeMutableBufferPointer { g in evaluator.lossAndGradient(at: p, gradient: g, streams: &streams) }
        }
        return (loss, gradient.map { Double($0) })
    }

    /// The point `problem.initialParameters` writes for a generator seeded with `seed`.
    public static func initialParameters(of problem: some Problem, seed: UInt64 = 0) -> [Double] {
        var x = [Double](repeating: .nan, count: problem.dimension)
        var rng = SplitMix64(seed: seed)
        x.withUnsafeMutableBufferPointer { problem.initialParameters(into: $0, rng: &rng) }
        return x
    }
}

/// A problem's evaluator for a test; a setup error is a bug in the test, so it traps with it.
public func makeEvaluatorOrTrap<T: OptScalar>(_ problem: some Problem, scalar: T.Type) -> any ProblemEvaluator<T> {
    do {
        return try problem.makeEvaluator(scalar: T.self)
    } catch {
        preconditionFailure("\(problem.identity): \(error)")
    }
}

extension AnalyticFunction {
    /// ∇f(x) alone, for tests (allocates).
    public func gradient(at x: [Double]) -> [Double] {
        var gradient = [Double](repeating: .nan, count: x.count)
        x.withUnsafeBufferPointer { x in
            gradient.withUnsafeMutableBufferPointer { g in _ = evaluate(x, gradient: g) }
        }
        return gradient
    }
}
