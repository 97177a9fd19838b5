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
        forEachUpdate(update, context: context) { i, u in update[i] = u }
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func applyAndStep(to update: UnsafeMutableBufferPointer<T>, step: ParameterStep<T>, context: StepContext) {
        if step.decay == 0 {
            forEachUpdate(update, context: context) { i, u in step.add(i, u) }
        } else {
            forEachUpdate(update, context: context) { i, u in step.addDecayed(i, u) }
        }
    }

    /// Computes the stage's output u for each element i and hands it to `store`.
    @inline(__always)
    private func forEachUpdate(_ update: UnsafeMutableBufferPointer<T>, context: StepContext, store: (Int, T) -> Void) {
        let b = buffer.values
        let momentum = momentum, keep = keep
        switch (context.step == 1, nesterov) {
        case (true, true):
            for i in update.indices {
                let u = update[i]
                b[i] = u
                store(i, u + momentum * u)
            }
        case (true, false):
            for i in update.indices {
                let u = update[i]
                b[i] = u
                store(i, u)
            }
        case (false, true):
            for i in update.indices {
                let u = update[i]
                let bi = momentum * b[i] + keep * u
                b[i] = bi
                store(i, u + momentum * bi)
            }
        case (false, false):
            for i in update.indices {
                let bi = momentum * b[i] + keep * update[i]
                b[i] = bi
                store(i, bi)
            }
        }
    }
}
