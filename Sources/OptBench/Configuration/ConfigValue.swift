/// A configuration value as it appears in suites, run ids and the `*_config` JSON of results.
public enum ConfigValue: Hashable, Sendable {
    case real(Double)
    case integer(Int)
    case flag(Bool)
    case text(String)
    case list([ConfigValue])

    /// The value as a `Double` when it is numeric (integers widen), otherwise `nil`.
    public var realValue: Double? {
        switch self {
        case .real(let value): value
        case .integer(let value): Double(value)
        default: nil
        }
    }

    /// The value as a `Bool` when it is a flag, otherwise `nil`.
    public var flagValue: Bool? {
        if case .flag(let value) = self { value } else { nil }
    }

    /// The value as an `Int` when it is an integer or a real with no fractional part.
    public var integerValue: Int? {
        switch self {
        case .integer(let value): value
        case .real(let value) where value.rounded() == value && abs(value) < 9e15: Int(value)
        default: nil
        }
    }

    /// The value as text when it is text, otherwise `nil`.
    public var textValue: String? {
        if case .text(let value) = self { value } else { nil }
    }

    /// The canonical text used in run ids: numbers in Swift's shortest round-trip form
    /// (`0.001`, `1e-08`), flags as `true`/`false`, lists as `[a,b]`.
    public var canonicalText: String {
        switch self {
        case .real(let value): value.description
        case .integer(let value): value.description
        case .flag(let value): value ? "true" : "false"
        case .text(let value): value
        case .list(let values): "[" + values.map(\.canonicalText).joined(separator: ",") + "]"
        }
    }

    /// The value as JSON text (non-finite reals become the strings "nan", "inf", "-inf").
    public var json: String {
        switch self {
        case .real(let value):
            if value.isNaN { return "\"nan\"" }
            if value.isInfinite { return value > 0 ? "\"inf\"" : "\"-inf\"" }
            return value.description
        case .integer(let value): return value.description
        case .flag(let value): return value ? "true" : "false"
        case .text(let value): return JSONText.quoted(value)
        case .list(let values): return "[" + values.map(\.json).joined(separator: ",") + "]"
        }
    }
}

extension ConfigValue: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByStringLiteral
{
    public init(floatLiteral value: Double) { self = .real(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .flag(value) }
    public init(stringLiteral value: String) { self = .text(value) }
}

extension ConfigValue: CustomStringConvertible {
    public var description: String { canonicalText }
}

/// One key/value pair of an ordered configuration (problem or optimizer).
public struct ConfigEntry: Hashable, Sendable {
    public var key: String
    public var value: ConfigValue

    public init(_ key: String, _ value: ConfigValue) {
        self.key = key
        self.value = value
    }
}

extension Array where Element == ConfigEntry {
    /// The entries as one JSON object, keys in their order.
    public var json: String {
        "{" + map { JSONText.quoted($0.key) + ":" + $0.value.json }.joined(separator: ",") + "}"
    }

    /// The entries as `k=v,k=v` in their order, the argument list of a run id.
    public var canonicalArguments: String {
        map { "\($0.key)=\($0.value.canonicalText)" }.joined(separator: ",")
    }

    /// The value stored under `key`, if any.
    public subscript(key: String) -> ConfigValue? {
        first { $0.key == key }?.value
    }
}
