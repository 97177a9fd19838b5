/// Applies transforms one after another: `Chain([a, b])` feeds `a`'s output to `b`
/// (optax `chain`).
public struct Chain: GradientTransform {
    public let transforms: [any GradientTransform]

    public init(_ transforms: [any GradientTransform]) {
        self.transforms = transforms
    }

    public func makeStage<T: OptScalar>(parameterCount: Int, scalar: T.Type) -> any TransformStage<T> {
        ChainStage<T>(stages: transforms.map { $0.makeStage(parameterCount: parameterCount, scalar: T.self) })
    }

    public var description: String {
        transforms.map(\.description).joined(separator: " → ")
    }
}

final class ChainStage<T: OptScalar>: TransformStage {
    let stages: [any TransformStage<T>]

    init(stages: [any TransformStage<T>]) {
        self.stages = stages
    }

    // Specialized so the existential `any TransformStage<T>` is resolved at compile time;
    // unspecialized, its metadata was looked up on every step (a quarter of a 2-D run's time).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func apply(to update: UnsafeMutableBufferPointer<T>, parameters: UnsafeBufferPointer<T>, context: StepContext) {
        for stage in stages {
            stage.apply(to: update, parameters: parameters, context: context)
        }
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func applyAndStep(to update: UnsafeMutableBufferPointer<T>, step: ParameterStep<T>, context: StepContext) {
        guard let last = stages.last else { return step.apply(update: update) }
        for stage in stages.dropLast() {
            stage.apply(to: update, parameters: UnsafeBufferPointer(step.parameters), context: context)
        }
        last.applyAndStep(to: update, step: step, context: context)
    }
}
