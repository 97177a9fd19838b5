import Foundation
import OptBench

/// One `grid:` key and the values it takes; every combination of a problem's (or an
/// optimizer's) axes makes one instance, first axis outermost.
public struct GridAxis: Sendable, Hashable {
    public var key: String
    public var values: [ConfigValue]

    public init(key: String, values: [ConfigValue]) {
        self.key = key
        self.values = values
    }

    /// `{logspace: [a, b, n]}`: n values 10^a … 10^b, evenly spaced in the exponent.
    public static func logspace(_ a: Double, _ b: Double, count: Int) -> [Double] {
        linspace(a, b, count: count).map { Foundation.pow(10, $0) }
    }

    /// `{linspace: [a, b, n]}`: n evenly spaced values from a to b inclusive (n = 1 gives [a]).
    public static func linspace(_ a: Double, _ b: Double, count: Int) -> [Double] {
        guard count > 1 else { return [a] }
        return (0..<count).map { i in i == count - 1 ? b : a + (b - a) * Double(i) / Double(count - 1) }
    }

    /// Every combination of the axes' values, first axis outermost (the order of a written grid).
    static func combinations(_ axes: [GridAxis]) -> [[ConfigEntry]] {
        axes.reduce([[]]) { partial, axis in
            partial.flatMap { prefix in axis.values.map { prefix + [ConfigEntry(axis.key, $0)] } }
        }
    }
}
