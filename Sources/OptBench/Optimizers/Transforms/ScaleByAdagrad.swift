/// Adagrad's scaling by the root of the sum of all squared gradients so far (Duchi, Hazan &
/// Singer 2011).
///
/// ```
/// s_t = s_{t−1} + g_t²
/// u_t ← g_t / (sqrt(s_t) + eps)
/// ```
/// Convention: `torch.optim.Adagrad` (eps outside the square root, s_0 =
/// `initial_accumulator_value`). optax's `scale_by_rss` puts eps inside and starts at 0.1.
///
/// State: s, initialized to `initialAccumulator`.
/// - Parameters:
///   - eps: added to the denominator, ≥ 0.
///   - initialAccumulator: s_0, ≥ 0.
public struct ScaleByAdagrad: GradientTransform {
    public let eps: Double
    public let initialAccumulator: Double

    public init(eps: Double, initialAccumulator: Double = 0) {
        self.eps = eps
        self.initialAccumulator = initialAccumulator
    }

    public func makeStage<T: OptScalar>(parameterCount: Int, scalar: T.Type) -> any TransformStage<T> {
        ScaleByAdagradStage<T>(self, count: parameterCount)
    }

    public var description: String { "scale_by_adagrad(eps: \(eps), initial_accumulator: \(initialAccumulator))" }
}

final class ScaleByAdagradStage<T: OptScalar>: TransformStage {
    let eps: T
    let sum: StateBuffer<T>

    init(_ settings: ScaleByAdagrad, count: Int) {
        eps = T(settings.eps)
        sum = StateBuffer(count: count, value: T(settings.initialAccumulator))
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
        let s = sum.values
        let eps = eps
        for i in update.indices {
            let g = update[i]
            let si = s[i] + g * g
            s[i] = si
            store(i, g / (si.vectorizableSquareRoot() + eps))
        }
    }
}

/// Adagrad's `lr_decay`: divides the update by 1 + (t − 1)·decay, so the effective learning
/// rate is `lr / (1 + (t − 1)·lr_decay)` (`torch.optim.Adagrad`).
///
/// ```
/// u_t ← u_t / (1 + (t − 1)·decay)
/// ```
/// State: none (t comes from the step context).
public struct ScaleByInverseTimeDecay: GradientTransform {
    /// The decay per step, ≥ 0.
    public let decay: Double

    public init(decay: Double) {
        self.decay = decay
    }

    public func makeStage<T: OptScalar>(parameterCount: Int, scalar: T.Type) -> any TransformStage<T> {
        ScaleByInverseTimeDecayStage<T>(decay: decay)
    }

    public var isIdentity: Bool { decay == 0 }

    public var description: String { "scale_by_inverse_time_decay(\(decay))" }
}

final class ScaleByInverseTimeDecayStage<T: OptScalar>: TransformStage {
    let decay: Double

    init(decay: Double) {
        self.decay = decay
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
        let factor = T(1 / (1 + Double(context.step - 1) * decay))
        for i in update.indices {
            store(i, update[i] * factor)
        }
    }
}
