/// PyTorch's momentum buffer, optionally with Nesterov's look-ahead (`torch.optim.SGD`).
///
/// ```
/// b_1 = u_1                                        (first step: no dampening)
/// b_t = momentum·b_{t−1} + (1 − dampening)·u_t     (t > 1)
/// u_t ← u_t + momentum·b_t    if nesterov
/// u_t ← b_t                   otherwise
/// ```
/// Convention: `torch.optim.SGD` (Sutskever et al. 2013 form, lr outside the buffer). optax's
/// `trace` has no dampening and starts the buffer at zero, which equals PyTorch's only when
/// dampening is 0.
///
/// State: one buffer `b` of the parameter count, used from the first step on.
/// - Parameters:
///   - momentum: the decay of the buffer, ≥ 0.
///   - dampening: the part of the new update left out, in [0, 1].
///   - nesterov: apply the look-ahead; needs momentum > 0 and dampening 0 (as PyTorch).
public struct Trace: GradientTransform {
    public let momentum: Double
    public let dampening: Double
    public let nesterov: Bool

    public init(momentum: Double, dampening: Double = 0, nesterov: Bool = false) {
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
    }

    public func makeStage<T: OptScalar>(parameterCount: Int, scalar: T.Type) -> any TransformStage<T> {
        TraceStage<T>(self, count: parameterCount)
    }

    public var description: String {
        "trace(momentum: \(momentum), dampening: \(dampening), nesterov: \(nesterov))"
    }
}

final class TraceStage<T: OptScalar>: TransformStage {
    let momentum: T
    let keep: T
    let nesterov: Bool
    let buffer: StateBuffer<T>

    init(_ trace: Trace, count: Int) {
        momentum = T(trace.momentum)
        keep = 1 - T(trace.dampening)
        nesterov = trace.nesterov
        buffer = StateBuffer(count: count, value: 0)
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func apply(to update: UnsafeMutableBufferPointer<T>, parameters: UnsafeBufferPointer<T>, context: StepContext) {
        let b = buffer.values
        if context.step == 1 {
            for i in update.indices {
                b[i] = update[i]
            }
        } else {
            for i in update.indices {
                b[i] = momentum * b[i] + keep * update[i]
            }
        }
        if nesterov {
            for i in update.indices {
                update[i] += momentum * b[i]
            }
        } else {
            for i in update.indices {
                update[i] = b[i]
            }
        }
    }
}
