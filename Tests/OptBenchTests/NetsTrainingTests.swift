import OptBench
import Testing

@Suite("Nets: network problems train, evaluate and reproduce")
struct NetsTrainingTests {
    @Test("a small MLP learns XOR")
    func learnsXOR() throws {
        let problem = try networkProblem("mlp", ["dataset": "xor", "samples": 200, "hidden": .list([8]), "activation": "tanh", "batch_size": 16])
        let record = train(problem, optimizer: try Optimizer("adam", ["lr": 0.05]), epochs: 30)
        let last = record.evaluations.last!
        #expect(record.evaluations[0].trainAccuracy < 0.9)
        #expect(last.trainAccuracy == 1 && last.testAccuracy == 1)
    }

    @Test("logistic regression on iris reaches at least 90% test accuracy")
    func irisLogisticRegression() throws {
        let problem = try networkProblem("logreg", ["dataset": "iris", "batch_size": 16])
        #expect(problem.identity == "logreg(dataset=iris,batch_size=16)")
        let record = train(problem, optimizer: try Optimizer("adam", ["lr": 0.05]), epochs: 30)
        let last = record.evaluations.last!
        print("iris logreg: test accuracy \(last.testAccuracy), train accuracy \(last.trainAccuracy)")
        #expect(last.testAccuracy >= 0.9)
    }

    @Test("the digits MLP 64-128-10 with Adam reaches at least 95% test accuracy within 10 epochs")
    func digitsMLP() throws {
        let problem = try networkProblem("mlp", ["dataset": "digits", "hidden": .list([128])])
        #expect(problem.identity == "mlp(dataset=digits)")
        #expect(problem.dimension == 64 * 128 + 128 + 128 * 10 + 10)
        #expect(problem.stepsPerEpoch == 45)  // 1438 training examples / 32, rounded up
        let record = train(problem, optimizer: try Optimizer("adam", ["lr": 0.001]), epochs: 10)
        let accuracies = record.evaluations.map(\.testAccuracy)
        print("digits mlp: test accuracy by epoch \(accuracies)")
        #expect(accuracies.last! >= 0.95)
        #expect(record.evaluations.last!.trainLoss < record.evaluations[0].trainLoss / 10)
    }

    @Test("the same seed gives bit-identical minibatch losses and evaluations from fresh evaluators", arguments: [Precision.float32, .float64])
    func sameSeedSameTrajectory(precision: Precision) throws {
        let problem = try networkProblem("mlp", ["dataset": "moons", "samples": 200, "hidden": .list([16]), "dropout": 0.2, "batch_size": 24])
        let adam = try Optimizer("adam", ["lr": 0.01])
        func run(seed: UInt64) -> TrainingRecord {
            precision == .float32 ? train(problem, optimizer: adam, epochs: 3, seed: seed, scalar: Float.self)
                : train(problem, optimizer: adam, epochs: 3, seed: seed, scalar: Double.self)
        }
        let a = run(seed: 3), b = run(seed: 3), other = run(seed: 4)
        #expect(a.losses.map(\.bitPattern) == b.losses.map(\.bitPattern))
        #expect(a.evaluations == b.evaluations)
        #expect(a.losses != other.losses)
    }

    @Test("evaluation uses no randomness and leaves the minibatch order alone")
    func evaluationIsPure() throws {
        let problem = try networkProblem("mlp", ["dataset": "blobs", "samples": 60, "hidden": .list([4]), "dropout": 0.5, "batch_size": 7])
        let evaluator = try problem.makeTrainingEvaluator(scalar: Double.self)
        var streams = RandomStreams(seed: 0, identity: problem.identity)
        var x = [Double](repeating: 0, count: problem.dimension), g = x
        x.withUnsafeMutableBufferPointer { problem.initialParameters(into: $0, rng: &streams.initialization) }
        let first = x.withUnsafeBufferPointer { evaluator.evaluate(at: $0) }
        let before = streams
        #expect(x.withUnsafeBufferPointer { evaluator.evaluate(at: $0) } == first)
        #expect(before.minibatch == streams.minibatch && before.dropout == streams.dropout)
        // Interleaving evaluations does not change the minibatch losses.
        let other = try problem.makeTrainingEvaluator(scalar: Double.self)
        var otherStreams = streams
        for _ in 0..<12 {
            let a = x.withUnsafeBufferPointer { x in g.withUnsafeMutableBufferPointer { evaluator.lossAndGradient(at: x, gradient: $0, streams: &streams) } }
            _ = x.withUnsafeBufferPointer { evaluator.evaluate(at: $0) }
            let b = x.withUnsafeBufferPointer { x in g.withUnsafeMutableBufferPointer { other.lossAndGradient(at: x, gradient: $0, streams: &otherStreams) } }
            #expect(a == b)
        }
    }

    @Test("the loss follows the data: K > 2 classes softmax, 2 classes one logit, regression and reconstruction MSE")
    func lossFollowsTheData() throws {
        #expect(try networkProblem("mlp", ["dataset": "blobs"]).loss is SoftmaxCrossEntropy)
        #expect(try networkProblem("logreg", ["dataset": "moons"]).loss is BinaryCrossEntropyWithLogits)
        #expect(try networkProblem("logreg", ["dataset": "moons"]).network.outputShape == .flat(1))
        let teacher = try networkProblem("mlp", ["dataset": "teacher"])
        #expect(teacher.loss is MeanSquaredError && teacher.targets == .values)
        let autoencoder = try networkProblem("autoencoder")
        #expect(autoencoder.loss is MeanSquaredError && autoencoder.targets == .inputs)
        #expect(autoencoder.network.layers.compactMap { ($0 as? Dense).map { "\($0.inputs)→\($0.outputs)" } } == ["64→32", "32→8", "8→32", "32→64"])
        let evaluation = try evaluateAtStart(autoencoder)
        #expect(evaluation.testAccuracy.isNaN && evaluation.trainLoss > 0)
    }

    @Test("the cnn on digits: conv-relu-pool blocks, flatten, dense; layer views and names")
    func cnnLayout() throws {
        let cnn = try networkProblem("cnn")
        #expect(cnn.identity == "cnn(dataset=digits)")
        #expect(cnn.network.layers.map(\.name) == ["conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "flatten1", "dense1"])
        #expect(cnn.layers.map(\.name) == ["conv1", "conv2", "dense1"])
        #expect(cnn.network.parameterViews.map(\.name) == ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "dense1.weight", "dense1.bias"])
        #expect(cnn.network.parameterViews.first!.shape == [8, 1, 3, 3])
        // 8·9+8, 16·8·9+16, 16·2·2·10+10
        #expect(cnn.dimension == 80 + 1168 + 650)
        let record = train(cnn, optimizer: try Optimizer("adam", ["lr": 0.003]), epochs: 2)
        #expect(record.evaluations.last!.testAccuracy > 0.8)
    }

    @Test("per-layer views tile the flat buffer: weights then bias, layer after layer")
    func layerViewsTileTheBuffer() throws {
        let problem = try networkProblem("mlp", ["dataset": "wine", "hidden": .list([16, 8])])
        #expect(problem.identity == "mlp(dataset=wine,hidden=[16,8])")
        #expect(problem.layers.map(\.name) == ["dense1", "dense2", "dense3"])
        var next = 0
        for view in problem.layers {
            #expect(view.offset == next)
            next += view.count
        }
        #expect(next == problem.dimension)
        let views = problem.network.parameterViews
        #expect(views.map(\.name) == ["dense1.weight", "dense1.bias", "dense2.weight", "dense2.bias", "dense3.weight", "dense3.bias"])
        #expect(views[0].shape == [16, 13] && views[1].shape == [16])
    }

    @Test("settings are validated: unknown choices, lists, keys that do not apply, missing data", arguments: [
        ("mlp", ["activation": "relux"], "activation: expected one of relu, leaky_relu, tanh, sigmoid, gelu, softplus (did you mean 'relu'?), got relux"),
        ("mlp", ["hidden": .list([0])], "hidden: expected a list of integers [1, 1000000], got [0]"),
        ("mlp", ["hidden": "wide"], "hidden: expected a list of integers [1, 1000000], got wide"),
        ("mlp", ["dataset": "iris", "samples": 50], "samples: applies to synthetic datasets only, not to 'iris'"),
        ("logreg", ["dataset": "teacher"], "dataset: logreg needs a dataset with classes; 'teacher' is regression data"),
        ("cnn", ["channels": .list([8, 8, 8, 8])], "channels: 4 max-pool 2×2 stages need height and width divisible by 16; digits images are 8×8"),
        ("autoencoder", ["dataset": "moons"], "bottleneck: expected fewer units than the 2 features of moons, got 8"),
        ("mlp", ["dataset": "iris", "test_fraction": 0.001], "test_fraction: 0.001 of 150 examples leaves no test examples"),
    ] as [(String, [String: ConfigValue], String)])
    func validation(name: String, settings: [String: ConfigValue], expected: String) {
        #expect(throws: ProblemError.self) { try networkProblem(name, settings) }
        do {
            _ = try networkProblem(name, settings)
        } catch {
            #expect("\(error)" == expected)
        }
    }

    @Test("a shipped dataset without a resolver is an error that says how to provide one")
    func shippedDatasetNeedsResolver() {
        let error = #expect(throws: ProblemError.self) { try ProblemCatalog.make("mlp", settings: ["dataset": "digits"]) }
        #expect(error?.key == "dataset")
        #expect(error?.message.contains("make(_:settings:datasets:)") == true)
        #expect((try? ProblemCatalog.make("mlp", settings: ["dataset": "spirals"])) != nil, "synthetic data needs no resolver")
    }

    @Test("a single integer is accepted as a one-element list, and defaults stay out of the identity")
    func identities() throws {
        #expect(try networkProblem("mlp", ["hidden": 64]).identity == "mlp(dataset=digits,hidden=[64])")
        #expect(try networkProblem("mlp", ["hidden": .list([128]), "batch_size": 32]).identity == "mlp(dataset=digits)")
        #expect(try networkProblem("mlp", ["dataset": "moons", "noise": 0.2]).identity == "mlp(dataset=moons,noise=0.2)")
        #expect(try networkProblem("mlp").defaultBudget == .epochs(10))
        #expect(try networkProblem("mlp").defaultPrecision == .float32)
    }

    private func evaluateAtStart(_ problem: NetworkProblem) throws -> Evaluation {
        var rng = SplitMix64(seed: 0)
        var x = [Float](repeating: 0, count: problem.dimension)
        x.withUnsafeMutableBufferPointer { problem.initialParameters(into: $0, rng: &rng) }
        return try x.withUnsafeBufferPointer { try problem.makeTrainingEvaluator(scalar: Float.self).evaluate(at: $0) }
    }
}
