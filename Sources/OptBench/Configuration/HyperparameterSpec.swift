/// One hyperparameter of an optimizer or schedule: its key, kind, default, valid range and
/// meaning. The spec tables are the single source of defaults: factories, suite validation,
/// `optbench list` and `docs/optimizers.md` all read them.
public struct HyperparameterSpec: Sendable, Hashable {
    /// What sort of value the key takes.
    public enum Kind: String, Sendable, Hashable {
        case real
        case integer
        case flag
    }

    /// The snake_case key, PyTorch's name where PyTorch has one (`lr`, `beta1`, `weight_decay`).
    public var name: String
    public var kind: Kind
    public var defaultValue: ConfigValue
    /// The accepted values (numeric kinds only).
    public var validRange: ValidRange?
    /// One line: what it means.
    public var summary: String

    public init(_ name: String, _ kind: Kind = .real, default defaultValue: ConfigValue, range validRange: ValidRange? = nil, _ summary: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.validRange = validRange
        self.summary = summary
    }

    /// Checks `value` against the kind and range; returns it in canonical form
    /// (integers given for a real key become reals) or the reason it is refused.
    public func validate(_ value: ConfigValue) -> Result<ConfigValue, HyperparameterError> {
        switch kind {
        case .flag:
            guard case .flag = value else {
                return .failure(.init(key: name, found: value, expected: "true or false"))
            }
            return .success(value)
        case .integer:
            guard let integer = value.integerValue else {
                return .failure(.init(key: name, found: value, expected: "an integer" + rangeSuffix))
            }
            if let validRange, !validRange.contains(Double(integer)) {
                return .failure(.init(key: name, found: value, expected: "an integer " + validRange.description))
            }
            return .success(.integer(integer))
        case .real:
            guard let real = value.realValue else {
                return .failure(.init(key: name, found: value, expected: "a number" + rangeSuffix))
            }
            if let validRange, !validRange.contains(real) {
                return .failure(.init(key: name, found: value, expected: "a number " + validRange.description))
            }
            return .success(.real(real))
        }
    }

    private var rangeSuffix: String {
        validRange.map { " " + $0.description } ?? ""
    }
}

/// A hyperparameter value that does not fit its spec.
public struct HyperparameterError: Error, Sendable, Hashable, CustomStringConvertible {
    public var key: String
    public var found: ConfigValue
    public var expected: String

    public var description: String {
        "\(key): expected \(expected), got \(found.canonicalText)"
    }
}
