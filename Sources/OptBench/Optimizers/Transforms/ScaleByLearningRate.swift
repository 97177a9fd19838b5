/// Multiplies the update by minus the step's learning rate: the **only** place in any
/// optimizer where the sign flips (optax `scale_by_learning_rate`).
///
/// ```
/// u_t ← −lr_t · u_t
/// ```
/// `lr_t` is the optimizer's `lr` times the schedule's factor, from ``StepContext``.
/// State: none.
public struct ScaleByLearningRate: GradientTransform {
    public init() {}

    public func makeStage<T: OptScalar>(parameterCount: Int, scalar: T.Type) -> any TransformStage<T> {
        ScaleByLearningRateStage<T>()
    }

    public var description: String { "scale_by_learning_rate" }
}

final class ScaleByLearningRateStage<T: OptScalar>: TransformStage {
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
        let factor = -T(context.learningRate)
        for i in update.indices {
            store(i, update[i] * factor)
        }
    }
}
