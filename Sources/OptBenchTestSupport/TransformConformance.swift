import OptBench

/// The generic checks every optimizer (and every transform) must pass (STYLE §5.3):
/// the state is sized to the parameter count, a zero gradient gives a finite update, two
/// fresh states give bit-identical trajectories, and the standard inputs produce no NaN.
/// Returns a description of each violation (empty when all hold).
public func checkOptimizerConformance(_ optimizer: Optimizer, steps: Int = 20) -> [String] {
    var failures: [String] = []
    let count = 7

    // A zero gradient gives a finite update and finite parameters.
    var x = [Double](repeating: 0.5, count: count)
    var g = [Double](repeating: 0, count: count)
    let zeroState = optimizer.makeState(parameterCount: count, scalar: Double.self)
    x.withUnsafeMutableBufferPointer { x in
        g.withUnsafeMutableBufferPointer { g in
            zeroState.step(parameters: x, gradient: g, learningRate: optimizer.learningRate)
        }
    }
    if !x.allSatisfy(\.isFinite) { failures.append("\(optimizer): a zero gradient gave non-finite parameters \(x)") }

    // Two fresh states on the same inputs agree bit for bit, and never produce NaN.
    func trajectory() -> [[Double]] {
        let state = optimizer.makeState(parameterCount: count, scalar: Double.self)
        var x = (0..<count).map { Double($0) - 3 }
        var rows: [[Double]] = []
        var gradient = [Double](repeating: 0, count: count)
        for _ in 0..<steps {
            for i in 0..<count { gradient[i] = Double(i + 1) * x[i] + 0.25 }  // ∇ of a convex quadratic
            x.withUnsafeMutableBufferPointer { x in
                gradient.withUnsafeMutableBufferPointer { g in
                    state.step(parameters: x, gradient: g, learningRate: optimizer.learningRate)
                }
            }
            rows.append(x)
        }
        if state.stepsTaken != steps { failures.append("\(optimizer): stepsTaken \(state.stepsTaken), expected \(steps)") }
        return rows
    }
    let first = trajectory(), second = trajectory()
    if first != second { failures.append("\(optimizer): two fresh states gave different trajectories") }
    if first.joined().contains(where: \.isNaN) { failures.append("\(optimizer): NaN on the standard inputs") }
    return failures
}
