/// Adamax's scaling by an exponentially weighted infinity norm (Kingma & Ba 2015, §7.1).
///
/// ```
/// m_t = beta1·m_{t−1} + (1 − beta1)·g_t
/// n_t = max(beta2·n_{t−1}, |g_t| + eps)
/// u_t ← (m_t / (1 − beta1^t)) / n_t
/// ```
/// Convention: `torch.optim.Adamax` (eps added to |g| inside the max). The paper has no eps;
/// optax adds eps to n_t after the max.
///
/// State: m (zeros) and n (zeros).
/// - Parameters:
///   - beta1: decay of the first moment, in [0, 1).
///   - beta2: decay of the infinity norm, in [0, 1).
///   - eps: added to |g|, ≥ 0.
public struct ScaleByAdamax: GradientTransform {
    public let beta1: Double
    public let beta2: Double
    public let eps: Double

    public init(beta1: Double, beta2: Double, eps: Double) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
    }

    public func makeStage<T: OptScalar>(parameterCount: Int, scalar: T.Type) -> any TransformStage<T> {
        ScaleByAdamaxStage<T>(self, count: parameterCount)
    }

    public var description: String { "scale_by_adamax(beta1: \(beta1), beta2: \(beta2), eps: \(eps))" }
}

final class ScaleByAdamaxStage<T: OptScalar>: TransformStage {
    let settings: ScaleByAdamax
    let m: StateBuffer<T>
    let norm: StateBuffer<T>
    // Per-step state, touched only by the run's own thread: `@exclusivity(unchecked)` drops the
    // runtime's access check on every read and write (~40% of a 2-D step, docs/performance.md).
    @exclusivity(unchecked) var correction1: PowerComplement

    init(_ settings: ScaleByAdamax, count: Int) {
        self.settings = settings
        correction1 = PowerComplement(base: settings.beta1)
        m = StateBuffer(count: count, value: 0)
        norm = StateBuffer(count: count, value: 0)
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func apply(to update: UnsafeMutableBufferPointer<T>, parameters: UnsafeBufferPointer<T>, context: StepContext) {
        applyBody(update, parameters, context)
    }

    private func applyBody(_ update: UnsafeMutableBufferPointer<T>, _ parameters: UnsafeBufferPointer<T>, _ context: StepContext) {
        forEachUpdate(update, context: context) { i, u in update[i] = u }
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func applyAndStep(to update: UnsafeMutableBufferPointer<T>, parameters: UnsafeMutableBufferPointer<T>, scale: T, decay: T, context: StepContext) {
        applyAndStepBody(update, parameters, scale, decay, context)
    }

    private func applyAndStepBody(_ update: UnsafeMutableBufferPointer<T>, _ parameters: UnsafeMutableBufferPointer<T>, _ scale: T, _ decay: T, _ context: StepContext) {
        let step = ParameterStep(parameters: parameters, scale: scale, decay: decay)
        if step.decay == 0 {
            forEachUpdate(update, context: context) { i, u in step.add(i, u) }
        } else {
            forEachUpdate(update, context: context) { i, u in step.addDecayed(i, u) }
        }
    }

    /// Computes the stage's output u for each element i and hands it to `store`.
    @inline(__always)
    private func forEachUpdate(_ update: UnsafeMutableBufferPointer<T>, context: StepContext, store: (Int, T) -> Void) {
        let b1 = T(settings.beta1), b2 = T(settings.beta2), eps = T(settings.eps)
        let inverseCorrection1 = T(1 / correction1.value(atStep: context.step))
        let m = m.values, n = norm.values
        for i in update.indices {
            let g = update[i]
            let mi = b1 * m[i] + (1 - b1) * g
            let ni = Swift.max(b2 * n[i], g.magnitude + eps)
            m[i] = mi
            n[i] = ni
            store(i, mi * inverseCorrection1 / ni)
        }
    }
}

import RealModule
