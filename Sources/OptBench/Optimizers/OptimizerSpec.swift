/// A named optimizer of the catalog: its hyperparameter table (the single source of names,
/// defaults, ranges and meanings) and its recipe, a short chain of transforms.
public struct OptimizerSpec: Sendable {
    /// The catalog name: lowercase, no separators (`adamw`).
    public let name: String
    /// One line: what it is.
    public let summary: String
    /// One line: whose definition it follows and how others differ.
    public let convention: String
    /// The update rule, in the plain-text notation of the doc comments.
    public let formula: String
    /// The hyperparameters in their canonical order.
    public let parameters: [HyperparameterSpec]
    /// Checks across several hyperparameters; returns the reason when they do not fit together.
    let crossCheck: @Sendable (ResolvedHyperparameters) -> String?
    /// The chain of transforms for the resolved values.
    let recipe: @Sendable (ResolvedHyperparameters) -> [any GradientTransform]

    init(
        name: String, summary: String, convention: String, formula: String,
        parameters: [HyperparameterSpec],
        crossCheck: @escaping @Sendable (ResolvedHyperparameters) -> String? = { _ in nil },
        recipe: @escaping @Sendable (ResolvedHyperparameters) -> [any GradientTransform]
    ) {
        self.name = name
        self.summary = summary
        self.convention = convention
        self.formula = formula
        self.parameters = parameters
        self.crossCheck = crossCheck
        self.recipe = recipe
    }

    /// The spec of hyperparameter `key`, if this optimizer has one.
    public func parameter(_ key: String) -> HyperparameterSpec? {
        parameters.first { $0.name == key }
    }

    /// The defaults, in the table's order.
    public var defaults: [ConfigEntry] {
        parameters.map { ConfigEntry($0.name, $0.defaultValue) }
    }
}

/// Every hyperparameter of one optimizer with a value: the given ones, validated, and the
/// defaults for the rest.
public struct ResolvedHyperparameters: Sendable, Hashable {
    /// All keys in the spec's order.
    public let entries: [ConfigEntry]

    /// The real value of `key`; traps if the spec does not declare it (a programming error).
    public func real(_ key: String) -> Double {
        guard let value = entries[key]?.realValue else { preconditionFailure("no real hyperparameter '\(key)'") }
        return value
    }

    /// The flag value of `key`; traps if the spec does not declare it (a programming error).
    public func flag(_ key: String) -> Bool {
        guard let value = entries[key]?.flagValue else { preconditionFailure("no flag hyperparameter '\(key)'") }
        return value
    }
}
