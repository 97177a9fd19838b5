import OptBench

/// Checks a layer's `backward` against central finite differences in Float64 (STYLE §5.3):
/// for every parameter block (`dense1.weight`, `dense1.bias`) and for the input.
///
/// The scalar checked is L = Σ output ⊙ R for a fixed random R, so ∂L/∂output = R. Inputs
/// and R are standard normal, parameters are the layer's initialization plus N(0, 0.1²)
/// (so biases are not all zero), all from `seed`. Every forward pass, including the
/// perturbed ones, runs in `training` mode with the same generator state, so dropout masks
/// are the same in each. The gradients are filled with NaN before `backward`, so an element it
/// fails to write is reported.
///
/// A gradient element a passes against the difference quotient n = (L(θ+h) − L(θ−h)) / 2h,
/// h = 10⁻⁶·max(1, |θ|), when |a − n| ≤ `tolerance`·max(|a|, |n|, 1).
///
/// - Returns: one line per block whose worst element fails (empty when all pass).
public func checkLayerBackward(_ layer: some Layer, rows: Int = 3, seed: UInt64 = 1, tolerance: Double = 1e-6, training: Bool = true) -> [String] {
    var rng = SplitMix64(seed: seed)
    let inputWidth = layer.inputShape.count, outputWidth = layer.outputShape.count
    var parameters = [Double](repeating: 0, count: layer.parameterCount)
    parameters.withUnsafeMutableBufferPointer { layer.initialize($0, rng: &rng) }
    for i in parameters.indices { parameters[i] += 0.1 * rng.nextGaussian() }
    var input = (0..<(rows * inputWidth)).map { _ in rng.nextGaussian() }
    var upstream = (0..<(rows * outputWidth)).map { _ in rng.nextGaussian() }
    var output = [Double](repeating: 0, count: rows * outputWidth)
    var scratch = [Double](repeating: 0, count: max(layer.scratchCount(rows: rows), 1))
    let forwardSeed = seed &+ 0x5EED

    func loss() -> Double {
        var forwardRNG = SplitMix64(seed: forwardSeed)
        input.withUnsafeMutableBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                parameters.withUnsafeBufferPointer { p in
                    scratch.withUnsafeMutableBufferPointer { s in
                        layer.forward(
                            MatrixView(base: x.baseAddress!, rows: rows, columns: inputWidth), parameters: p,
                            output: MatrixView(base: y.baseAddress!, rows: rows, columns: outputWidth),
                            scratch: s, training: training, rng: &forwardRNG)
                    }
                }
            }
        }
        return zip(output, upstream).reduce(0) { $0 + $1.0 * $1.1 }
    }

    _ = loss()
    var parameterGradient = [Double](repeating: .nan, count: parameters.count)
    var inputGradient = [Double](repeating: .nan, count: input.count)
    input.withUnsafeMutableBufferPointer { x in
        output.withUnsafeMutableBufferPointer { y in
            upstream.withUnsafeMutableBufferPointer { dy in
                parameters.withUnsafeBufferPointer { p in
                    parameterGradient.withUnsafeMutableBufferPointer { dp in
                        inputGradient.withUnsafeMutableBufferPointer { dx in
                            scratch.withUnsafeMutableBufferPointer { s in
                                layer.backward(
                                    input: MatrixView(base: x.baseAddress!, rows: rows, columns: inputWidth),
                                    output: MatrixView(base: y.baseAddress!, rows: rows, columns: outputWidth),
                                    outputGradient: MatrixView(base: dy.baseAddress!, rows: rows, columns: outputWidth),
                                    parameters: p, parameterGradient: dp,
                                    inputGradient: MatrixView(base: dx.baseAddress!, rows: rows, columns: inputWidth),
                                    scratch: s)
                            }
                        }
                    }
                }
            }
        }
    }

    var failures: [String] = []
    var offset = 0
    for block in layer.parameters {
        let range = offset..<(offset + block.count)
        if let failure = compareWithDifferences(
            "\(layer.name).\(block.suffix)", analytic: parameterGradient, range: range, value: { parameters[$0] },
            lossWith: { i, v in let saved = parameters[i]; parameters[i] = v; defer { parameters[i] = saved }; return loss() }, tolerance: tolerance)
        {
            failures.append(failure)
        }
        offset += block.count
    }
    if let failure = compareWithDifferences(
        "\(layer.name) input", analytic: inputGradient, range: input.indices, value: { input[$0] },
        lossWith: { i, v in let saved = input[i]; input[i] = v; defer { input[i] = saved }; return loss() }, tolerance: tolerance)
    {
        failures.append(failure)
    }
    return failures
}

/// Checks a whole network's backward pass, through ``NetworkWorkspace``, against central
/// finite differences in Float64: every parameter block and the input gradient, for
/// L = Σ output ⊙ R, as ``checkLayerBackward(_:rows:seed:tolerance:training:)`` does for one layer.
public func checkNetworkBackward(_ network: Sequential, rows: Int = 3, seed: UInt64 = 1, tolerance: Double = 1e-6, training: Bool = true) -> [String] {
    var rng = SplitMix64(seed: seed)
    let workspace = NetworkWorkspace<Double>(network: network, capacity: rows)
    var parameters = [Double](repeating: 0, count: network.parameterCount)
    parameters.withUnsafeMutableBufferPointer { network.initialize($0, rng: &rng) }
    for i in parameters.indices { parameters[i] += 0.1 * rng.nextGaussian() }
    var input = (0..<(rows * network.inputShape.count)).map { _ in rng.nextGaussian() }
    let upstream = (0..<(rows * network.outputShape.count)).map { _ in rng.nextGaussian() }
    let forwardSeed = seed &+ 0x5EED

    func loss() -> Double {
        var forwardRNG = SplitMix64(seed: forwardSeed)
        _ = workspace.input(rows: rows).buffer.update(fromContentsOf: input)
        let output = parameters.withUnsafeBufferPointer { workspace.forward(rows: rows, parameters: $0, training: training, rng: &forwardRNG) }
        return zip(output.buffer, upstream).reduce(0) { $0 + $1.0 * $1.1 }
    }

    _ = loss()
    _ = workspace.outputGradient(rows: rows).buffer.update(fromContentsOf: upstream)
    var parameterGradient = [Double](repeating: .nan, count: parameters.count)
    var inputGradient = [Double](repeating: .nan, count: input.count)
    parameters.withUnsafeBufferPointer { p in
        parameterGradient.withUnsafeMutableBufferPointer { dp in
            inputGradient.withUnsafeMutableBufferPointer { dx in
                workspace.backward(
                    rows: rows, parameters: p, parameterGradient: dp,
                    inputGradient: MatrixView(base: dx.baseAddress!, rows: rows, columns: network.inputShape.count))
            }
        }
    }

    var failures: [String] = []
    for view in network.parameterViews {
        if let failure = compareWithDifferences(view.name, analytic: parameterGradient, range: view.range, value: { parameters[$0] },
            lossWith: { i, v in let saved = parameters[i]; parameters[i] = v; defer { parameters[i] = saved }; return loss() }, tolerance: tolerance) {
            failures.append(failure)
        }
    }
    if let failure = compareWithDifferences("network input", analytic: inputGradient, range: input.indices, value: { input[$0] },
        lossWith: { i, v in let saved = input[i]; input[i] = v; defer { input[i] = saved }; return loss() }, tolerance: tolerance) {
        failures.append(failure)
    }
    return failures
}

/// Compares `analytic[i]` with the central difference of the loss in variable i, for each
/// i in `range`; `lossWith(i, v)` is the loss with variable i set to v (and restored
/// afterwards). Returns a line describing the worst failing element, or `nil`.
func compareWithDifferences(
    _ label: String, analytic: [Double], range: Range<Int>, value: (Int) -> Double, lossWith: (Int, Double) -> Double, tolerance: Double
) -> String? {
    var worst: (index: Int, analytic: Double, numeric: Double, excess: Double)?
    for i in range {
        let original = value(i)
        let h = 1e-6 * max(1, abs(original))
        let numeric = (lossWith(i, original + h) - lossWith(i, original - h)) / (2 * h)
        let a = analytic[i]
        let allowed = tolerance * max(abs(a), abs(numeric), 1)
        let excess = abs(a - numeric) / allowed
        if !(excess <= 1), worst == nil || !(excess <= worst!.excess) {
            worst = (i - range.lowerBound, a, numeric, excess.isNaN ? .infinity : excess)
        }
    }
    return worst.map { "\(label)[\($0.index)]: backward gives \($0.analytic), finite differences \($0.numeric)" }
}
