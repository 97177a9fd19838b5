/// A problem of the catalog: its settings table and how to build an instance from them.
public struct ProblemSpec: Sendable {
    /// What family a problem belongs to (for listing and default budgets).
    public enum Family: String, Sendable {
        case analytic
        case stochastic
        case network
    }

    /// The catalog name (`rosenbrock`).
    public let name: String
    public let family: Family
    /// One line: what it is, with its minimum where known.
    public let summary: String
    /// The problem's own settings (`dim`, `condition`, …), in canonical order.
    public let parameters: [HyperparameterSpec]
    /// Builds the instance from validated settings (every key of `parameters` present, plus
    /// the family's common keys such as `start` when given).
    let build: @Sendable (ResolvedProblemSettings) throws(ProblemError) -> any Problem

    public init(
        name: String, family: Family, summary: String, parameters: [HyperparameterSpec],
        build: @escaping @Sendable (ResolvedProblemSettings) throws(ProblemError) -> any Problem
    ) {
        self.name = name
        self.family = family
        self.summary = summary
        self.parameters = parameters
        self.build = build
    }
}

/// A problem's settings after validation: every declared key with a value (given or
/// default), and the family-wide keys (`start`, `start_jitter`, `noise_std`) when given.
public struct ResolvedProblemSettings: Sendable, Hashable {
    public let entries: [ConfigEntry]
    /// Explicit start point, if given.
    public let start: [Double]?
    /// Per-seed uniform jitter of the start (0 when not given).
    public let startJitter: Double

    public init(entries: [ConfigEntry], start: [Double]? = nil, startJitter: Double = 0) {
        self.entries = entries
        self.start = start
        self.startJitter = startJitter
    }

    public func real(_ key: String) -> Double {
        guard let value = entries[key]?.realValue else { preconditionFailure("no real setting '\(key)'") }
        return value
    }

    public func integer(_ key: String) -> Int {
        guard let value = entries[key]?.integerValue else { preconditionFailure("no integer setting '\(key)'") }
        return value
    }

    public func flag(_ key: String) -> Bool {
        guard let value = entries[key]?.flagValue else { preconditionFailure("no flag setting '\(key)'") }
        return value
    }
}
