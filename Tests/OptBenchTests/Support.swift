import OptBench

/// Runs `optimizer` from `start` on a fixed sequence of gradients (no problem involved) and
/// returns the parameters after each step.
func parametersAfterSteps(_ optimizer: Optimizer, start: [Double], gradients: [[Double]], learningRates: [Double]? = nil) -> [[Double]] {
    let state = optimizer.makeState(parameterCount: start.count, scalar: Double.self)
    var x = start
    var rows: [[Double]] = []
    for (index, gradient) in gradients.enumerated() {
        var g = gradient
        let lr = learningRates?[index] ?? optimizer.learningRate
        x.withUnsafeMutableBufferPointer { x in
            g.withUnsafeMutableBufferPointer { g in state.step(parameters: x, gradient: g, learningRate: lr) }
        }
        rows.append(x)
    }
    return rows
}

/// Whether `a` and `b` agree elementwise within `relative`·max(|a|, |b|) + `absolute`.
func isClose(_ a: [Double], _ b: [Double], relative: Double = 1e-12, absolute: Double = 1e-15) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= relative * max(abs($0), abs($1)) + absolute }
}
