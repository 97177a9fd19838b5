/// One hyperparameter of an optimizer or schedule: its key, kind, default, valid range and
/// meaning. The spec tables are the single source of defaults: factories, suite validation,
/// `optbench list` and `docs/optimizers.md` all read them.
public struct HyperparameterSpec: Sendable, Hashable {
    /// What sort of value the key takes.
    public enum Kind: Sendable, Hashable {
        case real
        case integer
        case flag
        /// One word out of a fixed set (`activation: relu`), compared exactly.
        case text(choices: [String])
        /// A list of integers (`hidden: [128, 64]`), each within `validRange` when one is
        /// given; may be empty. A single integer is accepted as a one-element list.
        case integerList
        /// Any text (a file path, a column name).
        case freeText
    }

    /// The snake_case key, PyTorch's name where PyTorch has one (`lr`, `beta1`, `weight_decay`).
    public var name: String
    public var kind: Kind
    public var defaultValue: ConfigValue
    /// The accepted values (numeric kinds only; for `.integerList`, of each element).
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
        case .text(let choices):
            guard let text = value.textValue, choices.contains(text) else {
                let suggestion = value.textValue.map { NearestName.suggestion(for: $0, among: choices) } ?? ""
                return .failure(.init(key: name, found: value, expected: "one of " + choices.joined(separator: ", ") + suggestion))
            }
            return .success(value)
        case .freeText:
            guard case .text = value else { return .failure(.init(key: name, found: value, expected: "text")) }
            return .success(value)
        case .integerList:
            let items: [ConfigValue]
            switch value {
            case .list(let list): items = list
            case .integer, .real: items = [value]
            default: return .failure(.init(key: name, found: value, expected: "a list of integers" + rangeSuffix))
            }
            var integers: [ConfigValue] = []
            for item in items {
                guard let integer = item.integerValue, validRange?.contains(Double(integer)) ?? true else {
                    return .failure(.init(key: name, found: value, expected: "a list of integers" + rangeSuffix))
                }
                integers.append(.integer(integer))
            }
            return .success(.list(integers))
        }
    }

    /// What the key accepts, for listings: the range, the choices of a text key, or
    /// `true|false` style text for flags (`separator` joins the alternatives).
    public func acceptedValues(separator: String = "|") -> String {
        switch kind {
        case .flag: return ["true", "false"].joined(separator: separator)
        case .text(let choices): return choices.joined(separator: separator)
        case .integerList: return "[integers" + rangeSuffix + "]"
        case .freeText: return "text"
        case .real, .integer: return validRange?.description ?? ""
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
        "\(key): expected \(expected), got \(foundText)"
    }

    /// The value found, with text quoted so `"0.01"` reads as text, not as a number.
    public var foundText: String {
        if case .text(let text) = found { return "'\(text)' (text)" }
        return found.canonicalText
    }
}
