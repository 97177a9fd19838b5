/// Rescales the whole update when its Euclidean norm exceeds `maxNorm`, as
/// `torch.nn.utils.clip_grad_norm_` does before `optimizer.step()`.
///
/// ```
/// c   = maxNorm / (‖u‖₂ + 1e−6)
/// u_t ← u_t · min(1, c)
/// ```
/// Convention: PyTorch's, including its 1e−6 in the denominator; optax's
/// `clip_by_global_norm` uses `maxNorm / max(‖u‖, maxNorm)` without it, which differs in the
/// last digits. State: none.
public struct ClipByGlobalNorm: GradientTransform {
    /// The largest norm let through unchanged, > 0.
    public let maxNorm: Double

    public init(maxNorm: Double) {
        self.maxNorm = maxNorm
    }

    public func makeStage<T: OptScalar>(parameterCount: Int, scalar: T.Type) -> any TransformStage<T> {
        ClipByGlobalNormStage<T>(maxNorm: maxNorm)
    }

    public var description: String { "clip_by_global_norm(\(maxNorm))" }
}

final class ClipByGlobalNormStage<T: OptScalar>: TransformStage {
    let maxNorm: Double

    init(maxNorm: Double) {
        self.maxNorm = maxNorm
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func apply(to update: UnsafeMutableBufferPointer<T>, parameters: UnsafeBufferPointer<T>, context: StepContext) {
        var sumOfSquares = 0.0
        for value in update {
            let x = Double(value)
            sumOfSquares += x * x
        }
        let coefficient = maxNorm / (sumOfSquares.squareRoot() + 1e-6)
        guard coefficient < 1 else { return }
        let scale = T(coefficient)
        for i in update.indices {
            update[i] *= scale
        }
    }

    /// Clipping is the first stage of a chain; as its last (a chain of clipping and a learning
    /// rate) it clips the update, then steps.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func applyAndStep(to update: UnsafeMutableBufferPointer<T>, step: ParameterStep<T>, context: StepContext) {
        apply(to: update, parameters: UnsafeBufferPointer(step.parameters), context: context)
        step.apply(update: update)
    }
}

/// Clamps every element of the update to [−limit, limit], as
/// `torch.nn.utils.clip_grad_value_` does (optax `clip`).
///
/// ```
/// u_t ← min(max(u_t, −limit), limit)
/// ```
/// State: none.
public struct ClipByValue: GradientTransform {
    /// The largest magnitude let through, > 0.
    public let limit: Double

    public init(limit: Double) {
        self.limit = limit
    }

    public func makeStage<T: OptScalar>(parameterCount: Int, scalar: T.Type) -> any TransformStage<T> {
        ClipByValueStage<T>(limit: T(limit))
    }

    public var description: String { "clip_by_value(\(limit))" }
}

final class ClipByValueStage<T: OptScalar>: TransformStage {
    let limit: T

    init(limit: T) {
        self.limit = limit
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
        let limit = limit
        for i in update.indices {
            store(i, Swift.min(Swift.max(update[i], -limit), limit))
        }
    }
}
