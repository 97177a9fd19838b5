/// Adadelta's unit-corrected scaling (Zeiler 2012): the ratio of two running RMS values.
///
/// ```
/// v_t = rho·v_{t−1} + (1 − rho)·g_t²
/// d_t = sqrt(a_{t−1} + eps) / sqrt(v_t + eps) · g_t
/// a_t = rho·a_{t−1} + (1 − rho)·d_t²
/// u_t ← d_t
/// ```
/// Convention: `torch.optim.Adadelta`, which keeps an `lr` (default 1.0) multiplying d_t;
/// the paper has no learning rate. eps is inside both square roots, as in the paper.
///
/// State: v (zeros) and a (zeros).
/// - Parameters:
///   - rho: decay of both running averages, in [0, 1].
///   - eps: added inside the square roots, ≥ 0.
public struct ScaleByAdadelta: GradientTransform {
    public let rho: Double
    public let eps: Double

    public init(rho: Double, eps: Double) {
        self.rho = rho
        self.eps = eps
    }

    public func makeStage<T: OptScalar>(parameterCount: Int, scalar: T.Type) -> any TransformStage<T> {
        ScaleByAdadeltaStage<T>(self, count: parameterCount)
    }

    public var description: String { "scale_by_adadelta(rho: \(rho), eps: \(eps))" }
}

final class ScaleByAdadeltaStage<T: OptScalar>: TransformStage {
    let rho: T
    let eps: T
    let squareAverage: StateBuffer<T>
    let deltaAverage: StateBuffer<T>

    init(_ settings: ScaleByAdadelta, count: Int) {
        rho = T(settings.rho)
        eps = T(settings.eps)
        squareAverage = StateBuffer(count: count, value: 0)
        deltaAverage = StateBuffer(count: count, value: 0)
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
        let v = squareAverage.values, a = deltaAverage.values
        let rho = rho, eps = eps
        for i in update.indices {
            let g = update[i]
            let vi = rho * v[i] + (1 - rho) * g * g
            let delta = (a[i] + eps).vectorizableSquareRoot() / (vi + eps).vectorizableSquareRoot() * g
            v[i] = vi
            a[i] = rho * a[i] + (1 - rho) * delta * delta
            store(i, delta)
        }
    }
}
