/// RMSprop's scaling by a running root mean square of the gradient (Hinton 2012, lecture 6e),
/// optionally centred (Graves 2013) by subtracting the squared running mean.
///
/// ```
/// v_t = alpha·v_{t−1} + (1 − alpha)·g_t²
/// ḡ_t = alpha·ḡ_{t−1} + (1 − alpha)·g_t                 (centered only)
/// u_t ← g_t / (sqrt(v_t − ḡ_t²) + eps)     if centered
/// u_t ← g_t / (sqrt(v_t) + eps)            otherwise
/// ```
/// Convention: `torch.optim.RMSprop` (eps outside the square root, no bias correction, state
/// starting at zero). optax's `scale_by_rms` puts eps inside the square root and can start
/// v at a non-zero value; TensorFlow puts eps inside as well.
///
/// State: v (zeros), ḡ (zeros) when centered.
/// - Parameters:
///   - alpha: smoothing constant, in [0, 1).
///   - eps: added to the denominator, ≥ 0.
///   - centered: normalize by the estimated variance instead of the raw second moment.
public struct ScaleByRMS: GradientTransform {
    public let alpha: Double
    public let eps: Double
    public let centered: Bool

    public init(alpha: Double, eps: Double, centered: Bool = false) {
        self.alpha = alpha
        self.eps = eps
        self.centered = centered
    }

    public func makeStage<T: OptScalar>(parameterCount: Int, scalar: T.Type) -> any TransformStage<T> {
        ScaleByRMSStage<T>(self, count: parameterCount)
    }

    public var description: String { "scale_by_rms(alpha: \(alpha), eps: \(eps), centered: \(centered))" }
}

final class ScaleByRMSStage<T: OptScalar>: TransformStage {
    let alpha: T
    let eps: T
    let centered: Bool
    let v: StateBuffer<T>
    let mean: StateBuffer<T>

    init(_ settings: ScaleByRMS, count: Int) {
        alpha = T(settings.alpha)
        eps = T(settings.eps)
        centered = settings.centered
        v = StateBuffer(count: count, value: 0)
        mean = StateBuffer(count: settings.centered ? count : 0, value: 0)
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
        let v = v.values
        let alpha = alpha, eps = eps
        if centered {
            let mean = mean.values
            for i in update.indices {
                let g = update[i]
                let vi = alpha * v[i] + (1 - alpha) * g * g
                let meani = alpha * mean[i] + (1 - alpha) * g
                v[i] = vi
                mean[i] = meani
                store(i, g / ((vi - meani * meani).vectorizableSquareRoot() + eps))
            }
        } else {
            for i in update.indices {
                let g = update[i]
                let vi = alpha * v[i] + (1 - alpha) * g * g
                v[i] = vi
                store(i, g / (vi.vectorizableSquareRoot() + eps))
            }
        }
    }
}
