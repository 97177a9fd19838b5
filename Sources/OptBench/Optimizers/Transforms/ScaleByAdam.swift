/// Adam's bias-corrected adaptive scaling (Kingma & Ba 2015), optionally AMSGrad's running
/// maximum of the second moment (Reddi et al. 2018).
///
/// ```
/// m_t = beta1·m_{t−1} + (1 − beta1)·g_t
/// v_t = beta2·v_{t−1} + (1 − beta2)·g_t²
/// v̄_t = max(v̄_{t−1}, v_t) if amsgrad, else v_t
/// u_t ← (m_t / (1 − beta1^t)) / (sqrt(v̄_t) / sqrt(1 − beta2^t) + eps)
/// ```
/// Convention: `torch.optim.Adam` (Algorithm 1 of the paper; eps outside the square root and
/// added after the bias correction). TensorFlow/S4TF fold the bias correction into the step
/// size (an "epsilon hat"), which gives slightly different numbers; mlx's Adam has no bias
/// correction by default. PyTorch updates m by `lerp`, equal up to rounding.
///
/// State: m (zeros), v (zeros), and v̄ (zeros) when amsgrad.
/// - Parameters:
///   - beta1: decay of the first moment, in [0, 1).
///   - beta2: decay of the second moment, in [0, 1).
///   - eps: added to the denominator, ≥ 0.
///   - amsgrad: use the running maximum v̄ of v.
public struct ScaleByAdam: GradientTransform {
    public let beta1: Double
    public let beta2: Double
    public let eps: Double
    public let amsgrad: Bool

    public init(beta1: Double, beta2: Double, eps: Double, amsgrad: Bool = false) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.amsgrad = amsgrad
    }

    public func makeStage<T: OptScalar>(parameterCount: Int, scalar: T.Type) -> any TransformStage<T> {
        ScaleByAdamStage<T>(self, count: parameterCount)
    }

    public var description: String {
        "scale_by_adam(beta1: \(beta1), beta2: \(beta2), eps: \(eps), amsgrad: \(amsgrad))"
    }
}

final class ScaleByAdamStage<T: OptScalar>: TransformStage {
    let settings: ScaleByAdam
    let m: StateBuffer<T>
    let v: StateBuffer<T>
    let vMax: StateBuffer<T>
    // Per-step state, touched only by the run's own thread: `@exclusivity(unchecked)` drops the
    // runtime's access check on every read and write (~40% of a 2-D step, docs/performance.md).
    @exclusivity(unchecked) var correction1: PowerComplement
    @exclusivity(unchecked) var correction2: PowerComplement

    init(_ settings: ScaleByAdam, count: Int) {
        self.settings = settings
        correction1 = PowerComplement(base: settings.beta1)
        correction2 = PowerComplement(base: settings.beta2)
        m = StateBuffer(count: count, value: 0)
        v = StateBuffer(count: count, value: 0)
        vMax = StateBuffer(count: settings.amsgrad ? count : 0, value: 0)
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
        let inverseSqrtCorrection2 = T(1 / correction2.value(atStep: context.step).squareRoot())
        let m = m.values, v = v.values
        if settings.amsgrad {
            let vMax = vMax.values
            for i in update.indices {
                let g = update[i]
                let mi = b1 * m[i] + (1 - b1) * g
                let vi = b2 * v[i] + (1 - b2) * g * g
                let vMaxi = Swift.max(vMax[i], vi)
                m[i] = mi
                v[i] = vi
                vMax[i] = vMaxi
                store(i, (mi * inverseCorrection1) / (vMaxi.vectorizableSquareRoot() * inverseSqrtCorrection2 + eps))
            }
        } else {
            for i in update.indices {
                let g = update[i]
                let mi = b1 * m[i] + (1 - b1) * g
                let vi = b2 * v[i] + (1 - b2) * g * g
                m[i] = mi
                v[i] = vi
                store(i, (mi * inverseCorrection1) / (vi.vectorizableSquareRoot() * inverseSqrtCorrection2 + eps))
            }
        }
    }
}

import RealModule
