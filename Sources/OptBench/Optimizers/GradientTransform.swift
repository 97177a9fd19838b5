/// What a transform stage knows about the step it is applying.
public struct StepContext: Sendable, Hashable {
    /// The 1-based index t of the update being computed, as in the formulas.
    public var step: Int
    /// The learning rate of this step: the optimizer's `lr` times the schedule's factor.
    public var learningRate: Double

    public init(step: Int, learningRate: Double) {
        self.step = step
        self.learningRate = learningRate
    }
}

/// An immutable, composable piece of an optimizer (optax's gradient transformation): a
/// configuration that makes a per-run ``TransformStage`` holding the state.
///
/// Conformers guarantee: the stage they make is sized to `parameterCount`, starts from the
/// documented initial state, and its `apply` is deterministic.
public protocol GradientTransform: Sendable, CustomStringConvertible {
    /// A fresh stage with its state buffers allocated and initialized, in precision `T`.
    func makeStage<T: OptScalar>(parameterCount: Int, scalar: T.Type) -> any TransformStage<T>

    /// Whether the transform leaves every update unchanged with these settings (a weight
    /// decay of 0); named optimizers leave such stages out of their chain.
    var isIdentity: Bool { get }
}

extension GradientTransform {
    public var isIdentity: Bool { false }
}

/// The per-run, mutable part of a ``GradientTransform``: it owns its moment buffers.
///
/// `apply` rewrites `update` in place (it arrives as the gradient, or as the previous
/// stage's output) and must not allocate.
///
/// `applyAndStep` is the same stage as the last of an optimizer's chain: it computes the
/// stage's output u and applies θ ← θ + scale·(u + decay·θ) in the same pass, without storing
/// u, so Adam's step reads p, g, m, v and writes p, m, v once each (the minimum) instead of
/// making three passes. Both must give bit-identical parameters.
public protocol TransformStage<Scalar>: AnyObject {
    associatedtype Scalar: OptScalar
    func apply(to update: UnsafeMutableBufferPointer<Scalar>, parameters: UnsafeBufferPointer<Scalar>, context: StepContext)
    func applyAndStep(to update: UnsafeMutableBufferPointer<Scalar>, step: ParameterStep<Scalar>, context: StepContext)
}

/// The parameter update that ends a chain: θ ← θ + scale·(u + decay·θ), where u is the last
/// stage's output, `scale` is −lr (the chain's ``ScaleByLearningRate``) and `decay` the λ of
/// a ``DecoupledWeightDecay`` between them (0 if none). The operations and their order are
/// those of the unfused stages, so the result is bit-identical.
public struct ParameterStep<T: OptScalar> {
    public let parameters: UnsafeMutableBufferPointer<T>
    public let scale: T
    public let decay: T

    public init(parameters: UnsafeMutableBufferPointer<T>, scale: T, decay: T) {
        self.parameters = parameters
        self.scale = scale
        self.decay = decay
    }

    /// θ_i ← θ_i + scale·u: the step for element i when there is no decoupled decay. Stages
    /// call it (or ``addDecayed(_:_:)`` when `decay` ≠ 0) from the same element loop their
    /// `apply` uses, passed as a closure literal so it inlines into the loop.
    @inline(__always)
    public func add(_ i: Int, _ u: T) {
        parameters[i] += scale * u
    }

    /// θ_i ← θ_i + scale·(u + decay·θ_i): the step for element i with a decoupled decay.
    @inline(__always)
    public func addDecayed(_ i: Int, _ u: T) {
        parameters[i] += scale * (u + decay * parameters[i])
    }

    /// Applies the step with `update` as u: the end of a chain whose last stage has already
    /// written its output (or a chain of a learning rate alone, u = g).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func apply(update: UnsafeMutableBufferPointer<T>) {
        if decay == 0 {
            for i in update.indices { add(i, update[i]) }
        } else {
            for i in update.indices { addDecayed(i, update[i]) }
        }
    }
}

/// A heap buffer of scalars owned by one stage: allocated once, freed with the stage.
public struct StateBuffer<T: OptScalar>: ~Copyable {
    public let values: UnsafeMutableBufferPointer<T>

    public init(count: Int, value: T) {
        values = .allocate(capacity: count)
        values.initialize(repeating: value)
    }

    deinit {
        values.deallocate()
    }
}
