/// RAdam's rectified adaptive scaling (Liu et al. 2020): plain bias-corrected momentum while
/// the variance of the adaptive rate is intractable (ρ_t ≤ 5), rectified Adam afterwards.
///
/// ```
/// m_t = beta1·m_{t−1} + (1 − beta1)·g_t
/// v_t = beta2·v_{t−1} + (1 − beta2)·g_t²
/// m̂_t = m_t / (1 − beta1^t)
/// ρ_∞ = 2/(1 − beta2) − 1
/// ρ_t = ρ_∞ − 2·t·beta2^t / (1 − beta2^t)
/// r_t = sqrt((ρ_t − 4)(ρ_t − 2)ρ_∞ / ((ρ_∞ − 4)(ρ_∞ − 2)ρ_t))
/// u_t ← m̂_t · r_t · sqrt(1 − beta2^t) / (sqrt(v_t) + eps)    if ρ_t > 5
/// u_t ← m̂_t                                                 otherwise
/// ```
/// Convention: `torch.optim.RAdam`: threshold 5 and eps added to sqrt(v_t) *before* the bias
/// correction (unlike Adam). optax's `radam` uses threshold 5 too but puts eps after the
/// correction.
///
/// State: m (zeros) and v (zeros).
/// - Parameters:
///   - beta1, beta2: moment decays, in [0, 1).
///   - eps: added to the denominator, ≥ 0.
public struct ScaleByRAdam: GradientTransform {
    public let beta1: Double
    public let beta2: Double
    public let eps: Double

    public init(beta1: Double, beta2: Double, eps: Double) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
    }

    public func makeStage<T: OptScalar>(parameterCount: Int, scalar: T.Type) -> any TransformStage<T> {
        ScaleByRAdamStage<T>(self, count: parameterCount)
    }

    public var description: String { "scale_by_radam(beta1: \(beta1), beta2: \(beta2), eps: \(eps))" }
}

final class ScaleByRAdamStage<T: OptScalar>: TransformStage {
    let settings: ScaleByRAdam
    let m: StateBuffer<T>
    let v: StateBuffer<T>

    init(_ settings: ScaleByRAdam, count: Int) {
        self.settings = settings
        m = StateBuffer(count: count, value: 0)
        v = StateBuffer(count: count, value: 0)
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
        let t = Double(context.step)
        let beta2Power = Double.pow(settings.beta2, t)
        let correction2 = 1 - beta2Power
        let rhoInfinity = 2 / (1 - settings.beta2) - 1
        let rho = rhoInfinity - 2 * t * beta2Power / correction2
        let b1 = T(settings.beta1), b2 = T(settings.beta2), eps = T(settings.eps)
        let inverseCorrection1 = T(1 / (1 - Double.pow(settings.beta1, t)))
        let m = m.values, v = v.values
        if rho > 5 {
            let rectification = ((rho - 4) * (rho - 2) * rhoInfinity / ((rhoInfinity - 4) * (rhoInfinity - 2) * rho)).squareRoot()
            let scale = T(rectification * correction2.squareRoot())
            for i in update.indices {
                let g = update[i]
                let mi = b1 * m[i] + (1 - b1) * g
                let vi = b2 * v[i] + (1 - b2) * g * g
                m[i] = mi
                v[i] = vi
                store(i, mi * inverseCorrection1 * scale / (vi.vectorizableSquareRoot() + eps))
            }
        } else {
            for i in update.indices {
                let g = update[i]
                let mi = b1 * m[i] + (1 - b1) * g
                m[i] = mi
                v[i] = b2 * v[i] + (1 - b2) * g * g
                store(i, mi * inverseCorrection1)
            }
        }
    }
}

import RealModule
