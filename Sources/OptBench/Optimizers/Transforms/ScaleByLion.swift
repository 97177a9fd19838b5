/// Lion's sign update (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms").
///
/// ```
/// u_t ← sign(beta1·m_{t−1} + (1 − beta1)·g_t)
/// m_t = beta2·m_{t−1} + (1 − beta2)·g_t
/// ```
/// Convention: optax's `scale_by_lion` (PyTorch has no Lion); sign(0) = 0 as `jnp.sign`.
///
/// State: m (zeros).
/// - Parameters:
///   - beta1: interpolation for the update direction, in [0, 1).
///   - beta2: decay of the momentum, in [0, 1).
public struct ScaleByLion: GradientTransform {
    public let beta1: Double
    public let beta2: Double

    public init(beta1: Double, beta2: Double) {
        self.beta1 = beta1
        self.beta2 = beta2
    }

    public func makeStage<T: OptScalar>(parameterCount: Int, scalar: T.Type) -> any TransformStage<T> {
        ScaleByLionStage<T>(self, count: parameterCount)
    }

    public var description: String { "scale_by_lion(beta1: \(beta1), beta2: \(beta2))" }
}

final class ScaleByLionStage<T: OptScalar>: TransformStage {
    let beta1: T
    let beta2: T
    let m: StateBuffer<T>

    init(_ settings: ScaleByLion, count: Int) {
        beta1 = T(settings.beta1)
        beta2 = T(settings.beta2)
        m = StateBuffer(count: count, value: 0)
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
        let m = m.values
        let beta1 = beta1, beta2 = beta2
        for i in update.indices {
            let g = update[i]
            let mi = m[i]
            let direction = beta1 * mi + (1 - beta1) * g
            m[i] = beta2 * mi + (1 - beta2) * g
            store(i, direction > 0 ? 1 : (direction < 0 ? -1 : 0))
        }
    }
}
