import OptBench
import OptBenchTestSupport
import Testing

@Suite("Optimizers: composition and conformance")
struct OptimizerCompositionTests {
    static let start = [0.5, -1.5, 2.0, 0.25]

    /// Applies `transforms` one by one, by hand, then θ += u: the meaning of a chain.
    static func stepByHand(_ transforms: [any GradientTransform], steps: Int, lr: Double) -> [Double] {
        let stages = transforms.map { $0.makeStage(parameterCount: start.count, scalar: Double.self) }
        var x = start
        for t in 1...steps {
            var u = x.enumerated().map { Double($0.offset + 1) * $0.element - 0.5 }
            u.withUnsafeMutableBufferPointer { u in
                x.withUnsafeBufferPointer { x in
                    for stage in stages { stage.apply(to: u, parameters: x, context: StepContext(step: t, learningRate: lr)) }
                }
            }
            for i in x.indices { x[i] += u[i] }
        }
        return x
    }

    static func stepNamed(_ optimizer: Optimizer, steps: Int) -> [Double] {
        let state = optimizer.makeState(parameterCount: start.count, scalar: Double.self)
        var x = start
        for _ in 1...steps {
            var g = x.enumerated().map { Double($0.offset + 1) * $0.element - 0.5 }
            x.withUnsafeMutableBufferPointer { x in
                g.withUnsafeMutableBufferPointer { g in state.step(parameters: x, gradient: g, learningRate: optimizer.learningRate) }
            }
        }
        return x
    }

    @Test("each named optimizer equals its written-out recipe applied by hand")
    func namedEqualsRecipe() throws {
        let recipes: [(Optimizer, [any GradientTransform])] = [
            (try Optimizer("adamw", ["lr": 0.05, "weight_decay": 0.1]),
             [ScaleByAdam(beta1: 0.9, beta2: 0.999, eps: 1e-8), DecoupledWeightDecay(lambda: 0.1), ScaleByLearningRate()]),
            (try Optimizer("adam", ["lr": 0.05, "weight_decay": 0.1]),
             [AddWeightDecay(lambda: 0.1), ScaleByAdam(beta1: 0.9, beta2: 0.999, eps: 1e-8), ScaleByLearningRate()]),
            (try Optimizer("nesterov", ["lr": 0.05]),
             [AddWeightDecay(lambda: 0), Trace(momentum: 0.9, nesterov: true), ScaleByLearningRate()]),
            (try Optimizer("rmsprop", ["momentum": 0.5, "centered": true]),
             [AddWeightDecay(lambda: 0), ScaleByRMS(alpha: 0.99, eps: 1e-8, centered: true), Trace(momentum: 0.5), ScaleByLearningRate()]),
            (try Optimizer("lion", ["lr": 0.01]),
             [ScaleByLion(beta1: 0.9, beta2: 0.99), DecoupledWeightDecay(lambda: 1e-3), ScaleByLearningRate()]),
            (try Optimizer("adagrad", ["lr_decay": 0.1]),
             [AddWeightDecay(lambda: 0), ScaleByAdagrad(eps: 1e-10), ScaleByInverseTimeDecay(decay: 0.1), ScaleByLearningRate()]),
            (try Optimizer("radam", ["decoupled_weight_decay": true, "weight_decay": 0.1]),
             [ScaleByRAdam(beta1: 0.9, beta2: 0.999, eps: 1e-8), DecoupledWeightDecay(lambda: 0.1), ScaleByLearningRate()]),
        ]
        for (optimizer, recipe) in recipes {
            #expect(Self.stepNamed(optimizer, steps: 12) == Self.stepByHand(recipe, steps: 12, lr: optimizer.learningRate), "\(optimizer)")
        }
    }

    @Test("a chain equals applying its parts in order")
    func chainEqualsParts() {
        let parts: [any GradientTransform] = [ClipByValue(limit: 1), ScaleByAdam(beta1: 0.8, beta2: 0.9, eps: 1e-6), ScaleByLearningRate()]
        #expect(Self.stepByHand([Chain(parts)], steps: 9, lr: 0.1) == Self.stepByHand(parts, steps: 9, lr: 0.1))
    }

    @Test("amsgrad is adam with amsgrad on; momentum and nesterov are sgd presets")
    func presets() throws {
        #expect(Self.stepNamed(try Optimizer("amsgrad", ["lr": 0.1]), steps: 15)
            == Self.stepNamed(try Optimizer("adam", ["lr": 0.1, "amsgrad": true]), steps: 15))
        #expect(Self.stepNamed(try Optimizer("momentum", ["lr": 0.01]), steps: 15)
            == Self.stepNamed(try Optimizer("sgd", ["lr": 0.01, "momentum": 0.9]), steps: 15))
        #expect(Self.stepNamed(try Optimizer("nesterov", ["lr": 0.01]), steps: 15)
            == Self.stepNamed(try Optimizer("sgd", ["lr": 0.01, "momentum": 0.9, "nesterov": true]), steps: 15))
    }

    @Test("every catalog optimizer passes the conformance checks", arguments: OptimizerCatalog.names)
    func conformance(_ name: String) throws {
        #expect(checkOptimizerConformance(try Optimizer(name)) == [])
    }

    @Test("every catalog optimizer makes progress on a convex quadratic with its defaults", arguments: OptimizerCatalog.names)
    func progressWithDefaults(_ name: String) throws {
        // f(x) = ½ Σ λᵢ xᵢ², λ = 1 … 10, from x = (1, …, 1): 500 steps must lower f.
        let optimizer = try Optimizer(name)
        let lambdas = [1.0, 2.5, 5.0, 10.0]
        func loss(_ x: [Double]) -> Double { zip(lambdas, x).map { 0.5 * $0 * $1 * $1 }.reduce(0, +) }
        let state = optimizer.makeState(parameterCount: 4, scalar: Double.self)
        var x = [1.0, 1.0, 1.0, 1.0]
        let initial = loss(x)
        for _ in 0..<500 {
            var g = zip(lambdas, x).map { $0 * $1 }
            x.withUnsafeMutableBufferPointer { x in
                g.withUnsafeMutableBufferPointer { g in state.step(parameters: x, gradient: g, learningRate: optimizer.learningRate) }
            }
        }
        #expect(loss(x) < 0.99 * initial, "\(name): \(initial) → \(loss(x))")
    }

    @Test("the run-id arguments list only what differs from the defaults, in table order")
    func identityArguments() throws {
        #expect(try Optimizer("adam").description == "adam()")
        #expect(try Optimizer("adam", ["eps": 1e-6, "lr": 0.01]).description == "adam(lr=0.01,eps=1e-06)")
        #expect(try Optimizer("adam", ["lr": 0.001]).description == "adam()")
        #expect(try Optimizer("sgd", ["lr": 0.1], clipping: .globalNorm(1)).description == "sgd(lr=0.1,clip_norm=1.0)")
    }
}
