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
public protocol TransformStage<Scalar>: AnyObject {
    associatedtype Scalar: OptScalar
    func apply(to update: UnsafeMutableBufferPointer<Scalar>, parameters: UnsafeBufferPointer<Scalar>, context: StepContext)
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
