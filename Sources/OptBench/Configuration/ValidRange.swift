/// The interval of values a numeric setting accepts, with open or closed ends.
public struct ValidRange: Sendable, Hashable, CustomStringConvertible {
    public var lower: Double
    public var lowerInclusive: Bool
    public var upper: Double
    public var upperInclusive: Bool

    public init(lower: Double, lowerInclusive: Bool = true, upper: Double = .infinity, upperInclusive: Bool = false) {
        self.lower = lower
        self.lowerInclusive = lowerInclusive
        self.upper = upper
        self.upperInclusive = upperInclusive
    }

    /// x ≥ 0
    public static let nonNegative = ValidRange(lower: 0)
    /// x > 0
    public static let positive = ValidRange(lower: 0, lowerInclusive: false)
    /// 0 ≤ x < 1, the range of PyTorch's betas, alpha and rho.
    public static let unitHalfOpen = ValidRange(lower: 0, upper: 1)
    /// 0 ≤ x ≤ 1
    public static let unitClosed = ValidRange(lower: 0, upper: 1, upperInclusive: true)

    /// Whether `value` lies in the range (NaN never does).
    public func contains(_ value: Double) -> Bool {
        guard !value.isNaN else { return false }
        let aboveLower = lowerInclusive ? value >= lower : value > lower
        let belowUpper = upperInclusive ? value <= upper : value < upper
        return aboveLower && belowUpper
    }

    /// `[0, 1)`, `≥ 0`, `> 0` and the like.
    public var description: String {
        if upper == .infinity {
            return (lowerInclusive ? "≥ " : "> ") + Self.format(lower)
        }
        return (lowerInclusive ? "[" : "(") + "\(Self.format(lower)), \(Self.format(upper))" + (upperInclusive ? "]" : ")")
    }

    /// Whole numbers without a trailing `.0`; others in shortest round-trip form.
    static func format(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : value.description
    }
}
