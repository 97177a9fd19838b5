import OptBench
import Testing

/// An optimizer's step runs its last stage fused with the parameter update (one pass over
/// memory). These tests hold it to the meaning of a chain: every stage applied in order to the
/// update buffer, then θ ← θ + u, bit for bit.
@Suite("Optimizers: the fused step equals the chain applied stage by stage")
struct FusedStepTests {
    /// 37 parameters: vectorized loop bodies and a scalar remainder both run.
    static let count = 37

    /// Settings that exercise every stage and every fusion: coupled and decoupled weight decay,
    /// clipping first, momentum after a scaling, AMSGrad, centring, lr decay.
    static let cases: [(String, [String: ConfigValue], GradientClipping)] = OptimizerCatalog.names.map { ($0, [:], .none) } + [
        ("sgd", ["weight_decay": 0.1], .none),
        ("sgd", ["lr": 0.05], .globalNorm(0.5)),
        ("sgd", ["momentum": 0.5, "dampening": 0.3], .value(0.2)),
        ("nesterov", ["weight_decay": 0.01], .none),
        ("adagrad", ["lr_decay": 0.1, "weight_decay": 0.1], .none),
        ("rmsprop", ["momentum": 0.5, "centered": true, "weight_decay": 0.1], .none),
        ("adam", ["amsgrad": true, "weight_decay": 0.1], .globalNorm(1)),
        ("adam", ["decoupled_weight_decay": true, "weight_decay": 0.1], .none),
        ("adamw", ["amsgrad": true, "weight_decay": 0.5], .none),
        ("nadam", ["decoupled_weight_decay": true, "weight_decay": 0.1], .none),
        ("radam", ["weight_decay": 0.1], .none),
        ("adamax", ["weight_decay": 0.1], .none),
        ("adadelta", ["weight_decay": 0.1], .none),
        ("lion", ["weight_decay": 0.1], .none),
    ]

    /// A gradient that depends on the parameters (a skewed quadratic with a sine), so the
    /// trajectories of the two paths would part at the first differing bit.
    static func gradient<T: OptScalar>(at x: UnsafeMutableBufferPointer<T>, into g: UnsafeMutableBufferPointer<T>) {
        for i in x.indices {
            g[i] = T(Double(i % 5 + 1)) * x[i] - T(0.3) + T(.sin(Double(i))) * x[i] * x[i]
        }
    }

    /// 30 steps through ``OptimizerState`` (fused) and through the chain's own stage
    /// (unfused), returning both parameter vectors.
    static func bothPaths<T: OptScalar>(_ optimizer: Optimizer, _: T.Type) -> (fused: [T], unfused: [T]) {
        var fused = (0..<count).map { T(Double($0) / 10 - 1.5) }
        var unfused = fused
        var g = [T](repeating: 0, count: count)
        let state = optimizer.makeState(parameterCount: count, scalar: T.self)
        let chain = optimizer.transform.makeStage(parameterCount: count, scalar: T.self)
        for t in 1...30 {
            let lr = optimizer.learningRate * (1 - Double(t) / 60)  // a schedule: lr changes per step
            fused.withUnsafeMutableBufferPointer { x in
                g.withUnsafeMutableBufferPointer { g in
                    gradient(at: x, into: g)
                    state.step(parameters: x, gradient: g, learningRate: lr)
                }
            }
            unfused.withUnsafeMutableBufferPointer { x in
                g.withUnsafeMutableBufferPointer { u in
                    gradient(at: x, into: u)
                    chain.apply(to: u, parameters: UnsafeBufferPointer(x), context: StepContext(step: t, learningRate: lr))
                    for i in x.indices { x[i] += u[i] }
                }
            }
        }
        return (fused, unfused)
    }

    @Test("bit-identical parameters after 30 steps, float64 and float32", arguments: 0..<cases.count)
    func fusedEqualsUnfused(_ index: Int) throws {
        let (name, settings, clipping) = Self.cases[index]
        let optimizer = try Optimizer(name, settings, clipping: clipping)
        let double = Self.bothPaths(optimizer, Double.self)
        #expect(double.fused.map(\.bitPattern) == double.unfused.map(\.bitPattern), "\(optimizer) float64")
        #expect(double.fused.allSatisfy(\.isFinite) && double.fused != Array(repeating: 0, count: Self.count))
        let single = Self.bothPaths(optimizer, Float.self)
        #expect(single.fused.map(\.bitPattern) == single.unfused.map(\.bitPattern), "\(optimizer) float32")
    }

    @Test("the vectorizable square root is the IEEE square root, NaN below zero")
    func vectorizableSquareRoot() {
        for x in [0.0, 1e-300, 2, 3, 1e10, .greatestFiniteMagnitude, .infinity, 0x1.fffffffffffffp-1] {
            #expect(x.vectorizableSquareRoot() == x.squareRoot())
            #expect(Float(x).vectorizableSquareRoot() == Float(x).squareRoot())
        }
        #expect((-1.0).vectorizableSquareRoot().isNaN)
        #expect(Float(-0.5).vectorizableSquareRoot().isNaN)
        #expect((-0.0).vectorizableSquareRoot().sign == .minus)
    }
}
