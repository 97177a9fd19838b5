import Foundation
import OptBench

/// How far a statistic may move from its baseline value before `optbench check` calls the move
/// a change: the larger of a band of seed-to-seed spread and two floors, one relative and one
/// absolute (swift-numerics' two-tolerance comparison, widened by the spread across seeds).
///
/// ```
/// allowed = max(madMultiplier · MAD, relative · |center|, absolute)
/// ```
///
/// `center` is the baseline's median across seeds (for the success rate, the rate itself) and
/// MAD the baseline's median absolute deviation across seeds, unscaled (MAD = median |xᵢ − median|;
/// 0 for one seed, and for the success rate, which has no per-seed spread). A metric where
/// lower is better regresses when `now − baseline > allowed` and improves when
/// `baseline − now > allowed`; a move of exactly `allowed` holds.
public struct Tolerance: Sendable, Hashable, Codable {
    /// k: the band is k median absolute deviations of the baseline's seeds.
    public var madMultiplier: Double
    /// Floor relative to the baseline value.
    public var relative: Double
    /// Floor in the metric's own unit.
    public var absolute: Double

    public init(madMultiplier: Double, relative: Double, absolute: Double) {
        self.madMultiplier = madMultiplier
        self.relative = relative
        self.absolute = absolute
    }

    /// k = 3, 5 % and 1e-8: the defaults, before a suite's `check:` section or the command line.
    public static let standard = Tolerance(madMultiplier: 3, relative: 0.05, absolute: 1e-8)

    /// The largest move of a statistic with this center and spread that still holds.
    public func allowedDeviation(center: Double, spread: Double) -> Double {
        Swift.max(madMultiplier * spread, relative * Swift.abs(center), absolute)
    }

    enum CodingKeys: String, CodingKey {
        case madMultiplier = "mad_multiplier"
        case relative
        case absolute
    }
}

/// One tolerance rule: the settings it changes, for the entries it matches. Rules apply in
/// order on top of ``Tolerance/standard``: the suite's `check:` values, its `overrides:`, then
/// the command line's `--mad-multiplier`/`--relative`/`--absolute` and `--tolerance` rules.
///
/// `problem` matches a problem's catalog name (`rosenbrock`) or its whole instance
/// (`rosenbrock(dim=10)`); `optimizer` likewise (`adam`, `adam(lr=0.01)`); nil matches all.
public struct ToleranceRule: Sendable, Hashable, Codable {
    public var problem: String?
    public var optimizer: String?
    public var madMultiplier: Double?
    public var relative: Double?
    public var absolute: Double?

    public init(problem: String? = nil, optimizer: String? = nil, madMultiplier: Double? = nil, relative: Double? = nil, absolute: Double? = nil) {
        self.problem = problem
        self.optimizer = optimizer
        self.madMultiplier = madMultiplier
        self.relative = relative
        self.absolute = absolute
    }

    /// Whether the rule sets anything.
    public var isEmpty: Bool { madMultiplier == nil && relative == nil && absolute == nil }

    /// Whether the rule applies to the entry of problem instance `problem` and optimizer
    /// instance `optimizer` (their run-id texts).
    public func matches(problem instance: String, optimizer optimizerInstance: String) -> Bool {
        Self.matches(problem, instance) && Self.matches(optimizer, optimizerInstance)
    }

    /// `pattern` is nil, the instance itself, or its catalog name.
    static func matches(_ pattern: String?, _ instance: String) -> Bool {
        guard let pattern else { return true }
        return pattern == instance || pattern == String(instance.prefix { $0 != "(" })
    }

    /// `tolerance` with this rule's settings.
    public func applied(to tolerance: Tolerance) -> Tolerance {
        Tolerance(madMultiplier: madMultiplier ?? tolerance.madMultiplier, relative: relative ?? tolerance.relative,
                  absolute: absolute ?? tolerance.absolute)
    }

    /// `tolerance` after every rule of `rules` that matches the entry, in order.
    public static func resolve(_ rules: [ToleranceRule], problem: String, optimizer: String, from tolerance: Tolerance = .standard) -> Tolerance {
        rules.reduce(tolerance) { current, rule in
            rule.matches(problem: problem, optimizer: optimizer) ? rule.applied(to: current) : current
        }
    }

    /// The keys of a rule, as written in a suite and on the command line.
    static let settingKeys = ["mad_multiplier", "relative", "absolute"]

    enum CodingKeys: String, CodingKey {
        case problem, optimizer
        case madMultiplier = "mad_multiplier"
        case relative, absolute
    }

    /// Writes every key, `null` for the unset ones, so all rules show the same keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(problem, forKey: .problem)
        try container.encode(optimizer, forKey: .optimizer)
        try container.encode(madMultiplier, forKey: .madMultiplier)
        try container.encode(relative, forKey: .relative)
        try container.encode(absolute, forKey: .absolute)
    }
}

extension ToleranceRule {
    /// Reads a command-line rule, `problem=rosenbrock,optimizer=adam,relative=0.1` (commas
    /// inside parentheses or brackets belong to the value: `problem=quadratic(dim=10,condition=100.0)`).
    /// - Throws: ``InputError`` naming `option` and what was expected.
    public init(commandLine text: String, option: String = "--tolerance") throws(InputError) {
        self.init()
        let keys = ["problem", "optimizer"] + Self.settingKeys
        let parts = Self.splitTopLevel(text)
        guard !text.isEmpty, !parts.isEmpty else {
            throw InputError(keyPath: option, message: "expected key=value pairs such as 'problem=rosenbrock,relative=0.1', got '\(text)'")
        }
        var seen: Set<String> = []
        for part in parts {
            guard let equals = part.firstIndex(of: "=") else {
                throw InputError(keyPath: option, message: "expected key=value, got '\(part)' (keys: \(keys.joined(separator: ", ")))")
            }
            let key = String(part[..<equals]).trimmingCharacters(in: .whitespaces)
            let value = String(part[part.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
            guard keys.contains(key) else {
                throw InputError(keyPath: option, message: "unknown key '\(key)'; expected one of \(keys.joined(separator: ", "))"
                    + NearestName.suggestion(for: key, among: keys))
            }
            guard seen.insert(key).inserted else { throw InputError(keyPath: option, message: "'\(key)' is given twice in '\(text)'") }
            switch key {
            case "problem", "optimizer":
                guard !value.isEmpty else { throw InputError(keyPath: option, message: "\(key) is empty") }
                if key == "problem" { problem = value } else { optimizer = value }
            default:
                guard let number = Double(value), number.isFinite, number >= 0 else {
                    throw InputError(keyPath: option, message: "\(key): expected a finite number ≥ 0, got '\(value)'")
                }
                switch key {
                case "mad_multiplier": madMultiplier = number
                case "relative": relative = number
                default: absolute = number
                }
            }
        }
        guard !isEmpty else {
            throw InputError(keyPath: option, message: "'\(text)' sets no tolerance; give at least one of \(Self.settingKeys.joined(separator: ", "))")
        }
    }

    /// Splits on commas outside parentheses and brackets.
    static func splitTopLevel(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            switch character {
            case "(", "[": depth += 1
            case ")", "]": depth -= 1
            default: break
            }
            if character == ",", depth == 0 {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        return parts
    }
}
