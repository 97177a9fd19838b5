import OptBench
import OptBenchTestSupport
import Testing

/// One layer of each kind, small enough for finite differences over every parameter.
let layersUnderTest: [(label: String, layer: any Layer)] = [
    ("dense", Dense(name: "dense1", inputs: 5, outputs: 4, initializer: .glorotNormal)),
    ("dense with one output", Dense(name: "dense1", inputs: 3, outputs: 1)),
    ("conv2d, 2 → 3 channels, 4×6", Conv2D(name: "conv1", inputShape: FeatureShape(channels: 2, height: 4, width: 6), outputChannels: 3)),
    ("conv2d, 1 → 2 channels, 3×3", Conv2D(name: "conv1", inputShape: FeatureShape(channels: 1, height: 3, width: 3), outputChannels: 2, initializer: .heNormal)),
    ("max-pool 2×2", MaxPool2D(name: "pool1", inputShape: FeatureShape(channels: 2, height: 4, width: 6))),
    ("flatten", Flatten(inputShape: FeatureShape(channels: 2, height: 2, width: 3))),
    ("dropout 0.5 (training)", Dropout(name: "dropout1", rate: 0.5, shape: .flat(7))),
] + ActivationFunction.allCases.map { function in
    ("activation \(function.rawValue)", Activation(name: function.rawValue, function, shape: .flat(6)))
}

@Suite("Nets: backward passes agree with central finite differences (Float64)")
struct NetsGradientTests {
    @Test("every layer's parameter and input gradients", arguments: layersUnderTest.map(\.label))
    func layerBackward(label: String) {
        let layer = layersUnderTest.first { $0.label == label }!.layer
        #expect(checkLayerBackward(layer, rows: 3, seed: 7) == [])
    }

    @Test("every layer of every catalog network, as the catalog builds it, passes the same check", arguments: [
        ("logreg", [:]), ("mlp", ["dropout": 0.1, "activation": "gelu"]), ("autoencoder", [:]), ("cnn", ["hidden": .list([12]), "dropout": 0.2]),
    ] as [(String, [String: ConfigValue])])
    func catalogLayers(name: String, settings: [String: ConfigValue]) throws {
        let problem = try networkProblem(name, settings)
        for layer in problem.network.layers {
            #expect(checkLayerBackward(layer, rows: 2, seed: 3) == [], "\(problem.identity) \(layer.name)")
        }
    }

    @Test("dropout drops about a fraction p, scales survivors by 1/(1−p), and is the identity at evaluation")
    func dropoutBehaviour() {
        let layer = Dropout(name: "dropout1", rate: 0.25, shape: .flat(1000))
        var x = [Double](repeating: 2, count: 1000), y = [Double](repeating: 0, count: 1000), mask = [Double](repeating: 0, count: 1000)
        var rng = SplitMix64(seed: 3)
        func run(training: Bool) {
            x.withUnsafeMutableBufferPointer { x in
                y.withUnsafeMutableBufferPointer { y in
                    mask.withUnsafeMutableBufferPointer { m in
                        layer.forward(MatrixView(base: x.baseAddress!, rows: 1, columns: 1000), parameters: UnsafeBufferPointer(start: nil, count: 0),
                                      output: MatrixView(base: y.baseAddress!, rows: 1, columns: 1000), scratch: m, training: training, rng: &rng)
                    }
                }
            }
        }
        run(training: true)
        let dropped = y.filter { $0 == 0 }.count
        #expect(Set(y) == [0, 2 / 0.75])
        #expect((200...300).contains(dropped))  // Binomial(1000, 0.25): mean 250, sd 13.7
        let before = rng
        run(training: false)
        #expect(y == x)
        #expect(rng == before, "evaluation draws nothing")
    }

    @Test("max-pool takes each 2×2 window's maximum, channel by channel")
    func maxPoolValues() {
        // One 1×4×4 image with values 0…15 row-major: the window maxima are 5, 7, 13, 15.
        let layer = MaxPool2D(name: "pool1", inputShape: FeatureShape(channels: 1, height: 4, width: 4))
        var x = (0..<16).map(Double.init), y = [Double](repeating: 0, count: 4)
        var rng = SplitMix64(seed: 0)
        x.withUnsafeMutableBufferPointer { x in
            y.withUnsafeMutableBufferPointer { y in
                layer.forward(MatrixView(base: x.baseAddress!, rows: 1, columns: 16), parameters: UnsafeBufferPointer(start: nil, count: 0),
                              output: MatrixView(base: y.baseAddress!, rows: 1, columns: 4), scratch: UnsafeMutableBufferPointer(start: nil, count: 0),
                              training: false, rng: &rng)
            }
        }
        #expect(y == [5, 7, 13, 15])
    }

    @Test("a 3×3 same-padded convolution of a hand-worked image")
    func convolutionValues() {
        // 1 input channel, 3×3 image 1…9, one output channel, kernel of ones, bias 0.5:
        // each output is the sum of its 3×3 neighbourhood (zeros outside) + 0.5.
        // Corner (0,0): 1+2+4+5 = 12; centre: 45; edge (0,1): 1+2+3+4+5+6 = 21.
        let layer = Conv2D(name: "conv1", inputShape: FeatureShape(channels: 1, height: 3, width: 3), outputChannels: 1)
        var x = (1...9).map(Double.init), y = [Double](repeating: 0, count: 9)
        let p = [Double](repeating: 1, count: 9) + [0.5]
        var scratch = [Double](repeating: 0, count: layer.scratchCount(rows: 1))
        var rng = SplitMix64(seed: 0)
        x.withUnsafeMutableBufferPointer { x in
            y.withUnsafeMutableBufferPointer { y in
                p.withUnsafeBufferPointer { p in
                    scratch.withUnsafeMutableBufferPointer { s in
                        layer.forward(MatrixView(base: x.baseAddress!, rows: 1, columns: 9), parameters: p,
                                      output: MatrixView(base: y.baseAddress!, rows: 1, columns: 9), scratch: s, training: false, rng: &rng)
                    }
                }
            }
        }
        #expect(y == [12, 21, 16, 27, 45, 33, 24, 39, 28].map { $0 + 0.5 })
    }

    @Test("whole networks: every parameter block and the input", arguments: [
        "mlp relu", "mlp tanh + dropout", "mlp gelu, two hidden", "cnn conv-relu-pool-flatten-dense", "autoencoder sigmoid",
    ])
    func networkBackward(label: String) {
        let network: Sequential = switch label {
        case "mlp relu":
            Sequential([Dense(name: "dense1", inputs: 4, outputs: 5), Activation(name: "relu1", .relu, shape: .flat(5)), Dense(name: "dense2", inputs: 5, outputs: 3)])
        case "mlp tanh + dropout":
            Sequential([Dense(name: "dense1", inputs: 3, outputs: 6), Activation(name: "tanh1", .tanh, shape: .flat(6)),
                        Dropout(name: "dropout1", rate: 0.3, shape: .flat(6)), Dense(name: "dense2", inputs: 6, outputs: 2)])
        case "mlp gelu, two hidden":
            Sequential([Dense(name: "dense1", inputs: 3, outputs: 4), Activation(name: "gelu1", .gelu, shape: .flat(4)),
                        Dense(name: "dense2", inputs: 4, outputs: 4), Activation(name: "gelu2", .gelu, shape: .flat(4)),
                        Dense(name: "dense3", inputs: 4, outputs: 2)])
        case "cnn conv-relu-pool-flatten-dense":
            Sequential([Conv2D(name: "conv1", inputShape: FeatureShape(channels: 1, height: 4, width: 4), outputChannels: 2),
                        Activation(name: "relu1", .relu, shape: FeatureShape(channels: 2, height: 4, width: 4)),
                        MaxPool2D(name: "pool1", inputShape: FeatureShape(channels: 2, height: 4, width: 4)),
                        Flatten(inputShape: FeatureShape(channels: 2, height: 2, width: 2)),
                        Dense(name: "dense1", inputs: 8, outputs: 3)])
        default:
            Sequential([Dense(name: "dense1", inputs: 5, outputs: 2), Activation(name: "sigmoid1", .sigmoid, shape: .flat(2)), Dense(name: "dense2", inputs: 2, outputs: 5)])
        }
        #expect(checkNetworkBackward(network, rows: 4, seed: 11) == [])
    }

    @Test("every loss's gradient, on outputs far from and near the optimum", arguments: ["softmax_cross_entropy", "binary_cross_entropy", "mse"])
    func lossGradient(name: String) {
        let rows = 4
        var rng = SplitMix64(seed: 5)
        let loss: any Loss
        let width: Int
        var labels: [Int32]
        var values: [Double] = []
        switch name {
        case "softmax_cross_entropy":
            (loss, width, labels) = (SoftmaxCrossEntropy(), 3, [0, 2, 1, 2])
        case "binary_cross_entropy":
            (loss, width, labels) = (BinaryCrossEntropyWithLogits(), 1, [0, 1, 1, 0])
        default:
            (loss, width, labels) = (MeanSquaredError(), 2, [])
            values = (0..<(rows * 2)).map { _ in rng.nextGaussian() }
        }
        var output = (0..<(rows * width)).map { _ in 3 * rng.nextGaussian() }
        func evaluate(_ output: inout [Double], gradient: inout [Double]?) -> Double {
            output.withUnsafeMutableBufferPointer { z in
                labels.withUnsafeBufferPointer { labels in
                    values.withUnsafeMutableBufferPointer { v in
                        let targets: LossTargets<Double> = width == 2 && name == "mse"
                            ? .values(MatrixView(base: v.baseAddress!, rows: rows, columns: width)) : .classes(labels)
                        let view = MatrixView(base: z.baseAddress!, rows: rows, columns: width)
                        guard gradient != nil else { return loss.lossAndGradient(view, targets: targets, gradient: nil) }
                        return gradient!.withUnsafeMutableBufferPointer { g in
                            loss.lossAndGradient(view, targets: targets, gradient: MatrixView(base: g.baseAddress!, rows: rows, columns: width))
                        }
                    }
                }
            }
        }
        var analytic: [Double]? = [Double](repeating: .nan, count: output.count)
        _ = evaluate(&output, gradient: &analytic)
        var none: [Double]? = nil
        for i in output.indices {
            let h = 1e-6
            var plus = output, minus = output
            plus[i] += h
            minus[i] -= h
            let numeric = (evaluate(&plus, gradient: &none) - evaluate(&minus, gradient: &none)) / (2 * h)
            #expect(abs(analytic![i] - numeric) <= 1e-7 * max(1, abs(numeric)), "\(name) ∂/∂output[\(i)]: \(analytic![i]) vs \(numeric)")
        }
    }

    @Test("softmax cross-entropy is finite for huge logits and equals log K for equal ones")
    func softmaxStability() {
        // Equal logits: softmax is uniform, loss = log 3. Logits ±1000 would overflow exp
        // without log-sum-exp: the loss of [1000, 0, −1000] with label 0 is 0 (up to e^−1000).
        var equal: [Double] = [2, 2, 2], huge: [Double] = [1000, 0, -1000]
        let labels: [Int32] = [0]
        let loss = SoftmaxCrossEntropy()
        let (a, b) = labels.withUnsafeBufferPointer { l in
            (equal.withUnsafeMutableBufferPointer { loss.lossAndGradient(MatrixView(base: $0.baseAddress!, rows: 1, columns: 3), targets: .classes(l), gradient: nil) },
             huge.withUnsafeMutableBufferPointer { loss.lossAndGradient(MatrixView(base: $0.baseAddress!, rows: 1, columns: 3), targets: .classes(l), gradient: nil) })
        }
        #expect(abs(a - Double.log(3)) < 1e-15)
        #expect(b == 0)
        var logit: [Double] = [-800]
        let bce = [Int32(1)].withUnsafeBufferPointer { l in
            logit.withUnsafeMutableBufferPointer { BinaryCrossEntropyWithLogits().lossAndGradient(MatrixView(base: $0.baseAddress!, rows: 1, columns: 1), targets: .classes(l), gradient: nil) }
        }
        #expect(bce == 800, "−log σ(−800) = 800 + log(1 + e^−800)")
    }

    @Test("each catalog network's minibatch gradient matches finite differences of its minibatch loss (Float64)", arguments: [
        ("logreg", ["dataset": "iris"]),
        ("logreg", ["dataset": "moons", "samples": 40]),
        ("mlp", ["dataset": "blobs", "samples": 30, "hidden": .list([5]), "activation": "tanh", "dropout": 0.2, "batch_size": 8]),
        ("mlp", ["dataset": "teacher", "samples": 30, "hidden": .list([4, 3]), "activation": "softplus", "batch_size": 5]),
        ("autoencoder", ["dataset": "teacher", "samples": 20, "hidden": .list([6]), "bottleneck": 3, "activation": "leaky_relu", "batch_size": 4]),
        ("cnn", ["channels": .list([2]), "hidden": .list([4]), "batch_size": 3]),
    ] as [(String, [String: ConfigValue])])
    func problemGradient(name: String, settings: [String: ConfigValue]) throws {
        let problem = try networkProblem(name, settings)
        var streams = RandomStreams(seed: 1, identity: problem.identity)
        var x = [Double](repeating: 0, count: problem.dimension)
        x.withUnsafeMutableBufferPointer { problem.initialParameters(into: $0, rng: &streams.initialization) }
        for i in x.indices { x[i] += 0.05 * streams.noise.nextGaussian() }
        var gradient = [Double](repeating: .nan, count: x.count)
        // A fresh evaluator per loss evaluation replays the same (first) minibatch and dropout mask.
        func loss(_ x: [Double], gradient: inout [Double]) -> Double {
            var copy = streams
            let fresh = try! problem.makeTrainingEvaluator(scalar: Double.self)
            return x.withUnsafeBufferPointer { x in gradient.withUnsafeMutableBufferPointer { fresh.lossAndGradient(at: x, gradient: $0, streams: &copy) } }
        }
        _ = loss(x, gradient: &gradient)
        var scratch = gradient
        // Check a spread of coordinates (all of them for small problems).
        let stride = max(1, x.count / 60)
        for i in Swift.stride(from: 0, to: x.count, by: stride) {
            let h = 1e-6 * max(1, abs(x[i]))
            var plus = x, minus = x
            plus[i] += h
            minus[i] -= h
            let numeric = (loss(plus, gradient: &scratch) - loss(minus, gradient: &scratch)) / (2 * h)
            #expect(abs(gradient[i] - numeric) <= 1e-6 * max(1, abs(numeric)), "\(problem.identity) ∂/∂x[\(i)]: \(gradient[i]) vs \(numeric)")
        }
        #expect(!gradient.contains { $0.isNaN })
    }
}
