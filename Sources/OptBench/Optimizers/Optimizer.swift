/// Gradient clipping applied before an optimizer's own stages, as
/// `torch.nn.utils.clip_grad_norm_` / `clip_grad_value_` are applied before `step()`.
public enum GradientClipping: Sendable, Hashable {
    case none
    /// ``ClipByGlobalNorm`` with this maximum norm.
    case globalNorm(Double)
    /// ``ClipByValue`` with this limit.
    case value(Double)

    var transform: (any GradientTransform)? {
        switch self {
        case .none: nil
        case .globalNorm(let maxNorm): ClipByGlobalNorm(maxNorm: maxNorm)
        case .value(let limit): ClipByValue(limit: limit)
        }
    }

    /// The entries this adds to an optimizer's identity (`clip_norm=1.0`).
    var identityEntries: [ConfigEntry] {
        switch self {
        case .none: []
        case .globalNorm(let maxNorm): [ConfigEntry("clip_norm", .real(maxNorm))]
        case .value(let limit): [ConfigEntry("clip_value", .real(limit))]
        }
    }
}

/// A configured optimizer: an immutable value (name, every hyperparameter, clipping) that
/// makes a fresh ``OptimizerState`` for each run.
///
/// ```swift
/// let adam = try Optimizer("adam", ["lr": 0.01, "amsgrad": true])
/// let state = adam.makeState(parameterCount: x.count, scalar: Double.self)
/// state.step(parameters: x, gradient: g, learningRate: adam.learningRate)
/// ```
public struct Optimizer: Sendable, CustomStringConvertible {
    /// The catalog entry this is an instance of.
    public let spec: OptimizerSpec
    /// Every hyperparameter with its value, in the spec's order.
    public let hyperparameters: ResolvedHyperparameters
    public let clipping: GradientClipping
    /// The chain the optimizer runs: clipping (if any), then the spec's recipe without its
    /// identity stages (a weight decay of 0).
    public let transform: Chain

    /// The catalog name (`adamw`).
    public var name: String { spec.name }

    /// The base learning rate `lr`, which a schedule multiplies.
    public var learningRate: Double { hyperparameters.real("lr") }

    /// Builds the catalog optimizer `name` with the given hyperparameters (snake_case keys,
    /// PyTorch's names); the rest take their defaults.
    /// - Throws: ``OptimizerError`` for an unknown name or key, a value of the wrong kind or
    ///   outside its range, or settings that do not fit together.
    public init(_ name: String, _ settings: [String: ConfigValue] = [:], clipping: GradientClipping = .none) throws(OptimizerError) {
        guard let spec = OptimizerCatalog.spec(named: name) else {
            throw OptimizerError(
                key: nil,
                message: "unknown optimizer '\(name)'; expected one of \(OptimizerCatalog.names.joined(separator: ", "))"
                    + NearestName.suggestion(for: name, among: OptimizerCatalog.names))
        }
        try self.init(spec: spec, settings: settings, clipping: clipping)
    }

    /// Builds an optimizer from its spec and the given hyperparameters.
    public init(spec: OptimizerSpec, settings: [String: ConfigValue] = [:], clipping: GradientClipping = .none) throws(OptimizerError) {
        let known = spec.parameters.map(\.name)
        for key in settings.keys.sorted() where !known.contains(key) {
            throw OptimizerError(
                key: key,
                message: "\(spec.name): unknown hyperparameter '\(key)'; expected one of \(known.joined(separator: ", "))"
                    + NearestName.suggestion(for: key, among: known))
        }
        var entries: [ConfigEntry] = []
        for parameter in spec.parameters {
            guard let given = settings[parameter.name] else {
                entries.append(ConfigEntry(parameter.name, parameter.defaultValue))
                continue
            }
            switch parameter.validate(given) {
            case .success(let value):
                entries.append(ConfigEntry(parameter.name, value))
            case .failure(let error):
                throw OptimizerError(key: parameter.name, message: "\(spec.name): \(error)", detail: "expected \(error.expected), got \(error.foundText)")
            }
        }
        switch clipping {
        case .globalNorm(let limit), .value(let limit):
            guard limit > 0, limit.isFinite else {
                throw OptimizerError(key: "clip", message: "\(spec.name): clip: expected a finite number > 0, got \(limit)")
            }
        case .none: break
        }
        let resolved = ResolvedHyperparameters(entries: entries)
        if let problem = spec.crossCheck(resolved) {
            throw OptimizerError(key: nil, message: "\(spec.name): \(problem)")
        }
        self.spec = spec
        self.hyperparameters = resolved
        self.clipping = clipping
        self.transform = Chain((clipping.transform.map { [$0] } ?? []) + spec.recipe(resolved).filter { !$0.isIdentity })
    }

    /// The hyperparameters that differ from the defaults, then clipping: the canonical
    /// arguments of the optimizer's part of a run id (`adam(lr=0.01)`).
    public var identityArguments: [ConfigEntry] {
        let changed = zip(spec.parameters, hyperparameters.entries).compactMap { parameter, entry in
            parameter.defaultValue == entry.value ? nil : entry
        }
        return changed + clipping.identityEntries
    }

    /// A fresh state for one run: every moment buffer allocated once, sized to
    /// `parameterCount`, in precision `T`.
    public func makeState<T: OptScalar>(parameterCount: Int, scalar: T.Type) -> OptimizerState<T> {
        OptimizerState(transforms: transform.transforms, parameterCount: parameterCount)
    }

    /// `adam(lr=0.01)`.
    public var description: String {
        "\(name)(\(identityArguments.canonicalArguments))"
    }
}

/// The mutable state of one optimizer in one run.
///
/// A chain ending in `…, last stage, [DecoupledWeightDecay,] ScaleByLearningRate` runs its last
/// stage fused with the parameter update (``TransformStage/applyAndStep(to:parameters:scale:decay:context:)``),
/// so a step makes one pass over memory; the result is bit-identical to running the stages
/// one after another.
public final class OptimizerState<T: OptScalar> {
    /// Updates applied so far. (`@exclusivity(unchecked)`: read and written every step by the
    /// run's own thread only; the runtime's access check cost ~40% of a 2-D step.)
    @exclusivity(unchecked) public private(set) var stepsTaken = 0
    /// The stages before the last one, applied in order to the update buffer.
    let leading: [any TransformStage<T>]
    /// The stage fused with the parameter update; an empty ``ChainStage`` (u = g) when the chain
    /// is a learning rate alone. Not optional: unwrapping it cost a retain and a release per step.
    let last: any TransformStage<T>
    /// Whether the step is scaled by −lr (the chain ends with ``ScaleByLearningRate``).
    let scalesByLearningRate: Bool
    /// λ of a ``DecoupledWeightDecay`` just before the learning rate, folded into the step.
    let decoupledDecay: T

    init(transforms: [any GradientTransform], parameterCount: Int) {
        var rest = transforms[...]
        scalesByLearningRate = rest.last is ScaleByLearningRate
        if scalesByLearningRate { rest = rest.dropLast() }
        if scalesByLearningRate, let decay = rest.last as? DecoupledWeightDecay {
            decoupledDecay = T(decay.lambda)
            rest = rest.dropLast()
        } else {
            decoupledDecay = 0
        }
        let stages = rest.map { $0.makeStage(parameterCount: parameterCount, scalar: T.self) }
        leading = Array(stages.dropLast())
        last = stages.last ?? ChainStage<T>(stages: [])
    }

    /// Applies one update in place: θ ← θ + u, with u the chain's output for this gradient.
    ///
    /// - Important: `gradient` is consumed: the chain uses it as its update buffer, and its
    ///   contents afterwards are unspecified. Compute anything you need from the gradient (its
    ///   norm) before calling.
    /// - Parameter learningRate: this step's learning rate (base `lr` × schedule factor).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func step(parameters: UnsafeMutableBufferPointer<T>, gradient: UnsafeMutableBufferPointer<T>, learningRate: Double) {
        stepBody(parameters, gradient, learningRate)
    }

    private func stepBody(_ parameters: UnsafeMutableBufferPointer<T>, _ gradient: UnsafeMutableBufferPointer<T>, _ learningRate: Double) {
        precondition(parameters.count == gradient.count, "parameters and gradient differ in size")
        stepsTaken += 1
        let context = StepContext(step: stepsTaken, learningRate: learningRate)
        for stage in leading {
            stage.apply(to: gradient, parameters: UnsafeBufferPointer(parameters), context: context)
        }
        let scale = scalesByLearningRate ? -T(learningRate) : 1
        last.applyAndStep(to: gradient, parameters: parameters, scale: scale, decay: decoupledDecay, context: context)
    }
}
