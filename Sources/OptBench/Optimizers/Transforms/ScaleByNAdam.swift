/// NAdam's scaling: Adam with Nesterov momentum and Dozat's momentum schedule (Dozat 2016).
///
/// ```
/// μ_t     = beta1·(1 − 0.5·0.96^(t·momentum_decay))
/// μ_{t+1} = beta1·(1 − 0.5·0.96^((t+1)·momentum_decay))
/// Π_t     = Π_{t−1}·μ_t                       (Π_0 = 1)
/// m_t = beta1·m_{t−1} + (1 − beta1)·g_t
/// v_t = beta2·v_{t−1} + (1 − beta2)·g_t²
/// d_t = sqrt(v_t / (1 − beta2^t)) + eps
/// u_t ← (1 − μ_t)/(1 − Π_t) · g_t/d_t + μ_{t+1}/(1 − Π_t·μ_{t+1}) · m_t/d_t
/// ```
/// Convention: `torch.optim.NAdam` (with its momentum schedule; eps outside the square root).
/// optax's `nadam` has no momentum schedule (μ_t = beta1), which differs from the first step.
///
/// State: m (zeros), v (zeros) and the scalar product Π (1).
/// - Parameters:
///   - beta1, beta2: moment decays, in [0, 1).
///   - eps: added to the denominator, ≥ 0.
///   - momentumDecay: ψ of the schedule, ≥ 0.
public struct ScaleByNAdam: GradientTransform {
    public let beta1: Double
    public let beta2: Double
    public let eps: Double
    public let momentumDecay: Double

    public init(beta1: Double, beta2: Double, eps: Double, momentumDecay: Double) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.momentumDecay = momentumDecay
    }

    public func makeStage<T: OptScalar>(parameterCount: Int, scalar: T.Type) -> any TransformStage<T> {
        ScaleByNAdamStage<T>(self, count: parameterCount)
    }

    public var description: String {
        "scale_by_nadam(beta1: \(beta1), beta2: \(beta2), eps: \(eps), momentum_decay: \(momentumDecay))"
    }
}

final class ScaleByNAdamStage<T: OptScalar>: TransformStage {
    let settings: ScaleByNAdam
    let m: StateBuffer<T>
    let v: StateBuffer<T>
    // Per-step state, touched only by the run's own thread: `@exclusivity(unchecked)` drops the
    // runtime's access check on every read and write (~40% of a 2-D step, docs/performance.md).
    @exclusivity(unchecked) var muProduct = 1.0

    init(_ settings: ScaleByNAdam, count: Int) {
        self.settings = settings
        m = StateBuffer(count: count, value: 0)
        v = StateBuffer(count: count, value: 0)
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
        let t = Double(context.step)
        let beta1 = settings.beta1, psi = settings.momentumDecay
        let mu = beta1 * (1 - 0.5 * Double.pow(0.96, t * psi))
        let muNext = beta1 * (1 - 0.5 * Double.pow(0.96, (t + 1) * psi))
        muProduct *= mu
        let gradientWeight = T((1 - mu) / (1 - muProduct))
        let momentumWeight = T(muNext / (1 - muProduct * muNext))
        let inverseCorrection2 = T(1 / (1 - Double.pow(settings.beta2, t)))
        let b1 = T(beta1), b2 = T(settings.beta2), eps = T(settings.eps)
        let m = m.values, v = v.values
        for i in update.indices {
            let g = update[i]
            let mi = b1 * m[i] + (1 - b1) * g
            let vi = b2 * v[i] + (1 - b2) * g * g
            m[i] = mi
            v[i] = vi
            let denominator = (vi * inverseCorrection2).vectorizableSquareRoot() + eps
            store(i, gradientWeight * g / denominator + momentumWeight * mi / denominator)
        }
    }
}

import RealModule
