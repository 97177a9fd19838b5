/// Coupled L2 weight decay: adds λθ to the gradient before any other stage sees it, which is
/// what `weight_decay` means in `torch.optim.SGD`, `Adam`, `RMSprop`, `Adagrad`, `Adamax`,
/// `Adadelta`, and in `NAdam`/`RAdam` without `decoupled_weight_decay`.
///
/// ```
/// u_t ← u_t + lambda·θ_{t−1}
/// ```
/// State: none. Compare ``DecoupledWeightDecay``, which acts after the adaptive scaling.
public struct AddWeightDecay: GradientTransform {
    /// The decay coefficient λ ≥ 0.
    public let lambda: Double

    public init(lambda: Double) {
        self.lambda = lambda
    }

    public func makeStage<T: OptScalar>(parameterCount: Int, scalar: T.Type) -> any TransformStage<T> {
        AddScaledParametersStage<T>(lambda: T(lambda))
    }

    public var isIdentity: Bool { lambda == 0 }

    public var description: String { "add_weight_decay(\(lambda))" }
}

/// Decoupled weight decay (Loshchilov & Hutter 2019): adds λθ to the *update* after the
/// adaptive scaling and before the learning rate, so the decay is multiplied by `lr` but not
/// by the preconditioner. Placed before ``ScaleByLearningRate`` this gives PyTorch's AdamW
/// `θ ← θ·(1 − lr·λ) − lr·û` (optax `add_decayed_weights`).
///
/// ```
/// u_t ← u_t + lambda·θ_{t−1}
/// ```
/// State: none.
/// - Note: The arithmetic is that of ``AddWeightDecay``; what differs, and what the two
///   names record, is where the stage sits in a chain.
public struct DecoupledWeightDecay: GradientTransform {
    /// The decay coefficient λ ≥ 0.
    public let lambda: Double

    public init(lambda: Double) {
        self.lambda = lambda
    }

    public func makeStage<T: OptScalar>(parameterCount: Int, scalar: T.Type) -> any TransformStage<T> {
        AddScaledParametersStage<T>(lambda: T(lambda))
    }

    public var isIdentity: Bool { lambda == 0 }

    public var description: String { "decoupled_weight_decay(\(lambda))" }
}

/// u ← u + λθ, the shared loop of both weight-decay flavours.
final class AddScaledParametersStage<T: OptScalar>: TransformStage {
    let lambda: T

    init(lambda: T) {
        self.lambda = lambda
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func apply(to update: UnsafeMutableBufferPointer<T>, parameters: UnsafeBufferPointer<T>, context: StepContext) {
        guard lambda != 0 else { return }
        let lambda = lambda
        for i in update.indices {
            update[i] += lambda * parameters[i]
        }
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func applyAndStep(to update: UnsafeMutableBufferPointer<T>, step: ParameterStep<T>, context: StepContext) {
        let p = step.parameters, lambda = lambda
        if step.decay == 0 {
            for i in update.indices { step.add(i, update[i] + lambda * p[i]) }
        } else {
            for i in update.indices { step.addDecayed(i, update[i] + lambda * p[i]) }
        }
    }
}
