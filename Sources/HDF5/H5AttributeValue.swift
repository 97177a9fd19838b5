/// The value of an attribute, in one of the kinds this module reads and writes.
///
/// Literals build values directly: `3` is ``int64(_:)``, `0.5` ``double(_:)``, `true`
/// ``bool(_:)``, `"adam"` ``string(_:)`` and `["dense1", "dense2"]` ``strings(_:)``.
///
/// Stored types, as h5py reads them:
/// - ``int64(_:)``: a scalar `H5T_STD_I64LE` (`numpy.int64`).
/// - ``double(_:)``: a scalar `H5T_IEEE_F64LE` (`numpy.float64`).
/// - ``bool(_:)``: a scalar int8 enum `{FALSE = 0, TRUE = 1}`, h5py's own encoding of booleans,
///   so h5py reads `numpy.bool_` and `h5dump` shows `TRUE`/`FALSE`.
/// - ``string(_:)``: a scalar variable-length UTF-8 string (`str`).
/// - ``strings(_:)``: a 1-D array of variable-length UTF-8 strings (an object array of `str`).
public enum H5AttributeValue: Sendable, Hashable, CustomStringConvertible,
    ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByStringLiteral, ExpressibleByArrayLiteral
{
    case int64(Int64)
    case double(Double)
    case bool(Bool)
    case string(String)
    case strings([String])

    public init(integerLiteral value: Int64) { self = .int64(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: String...) { self = .strings(elements) }

    /// The value as Swift prints it (strings quoted).
    public var description: String {
        switch self {
        case .int64(let value): value.description
        case .double(let value): value.description
        case .bool(let value): value.description
        case .string(let value): value.debugDescription
        case .strings(let values): values.debugDescription
        }
    }

    /// The kind's name, for error messages.
    var kindName: String {
        switch self {
        case .int64: "int64"
        case .double: "float64"
        case .bool: "bool"
        case .string: "string"
        case .strings: "string array"
        }
    }
}
