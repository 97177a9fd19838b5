/// Where a test function attains its global minimum.
public struct KnownMinimum: Sendable, Hashable {
    /// f at the minimum.
    public var value: Double
    /// Every global minimizer (Himmelblau has four); empty when the location is not closed-form.
    public var locations: [[Double]]

    public init(value: Double, locations: [[Double]]) {
        self.value = value
        self.locations = locations
    }
}

/// A closed-form test function with its gradient.
///
/// Conformers guarantee: `evaluate` writes the exact gradient (checked against central finite
/// differences by the conformance tests), does not allocate, and is annotated
/// `@_specialize(where T == Float)` and `@_specialize(where T == Double)`.
public protocol AnalyticFunction: Sendable {
    /// The catalog name (`rosenbrock`).
    static var name: String { get }
    /// The number of variables.
    var dimension: Int { get }
    /// The customary start point of the literature.
    var standardStart: [Double] { get }
    /// The global minimum, when it is known; `nil` for unbounded functions (saddles).
    var knownMinimum: KnownMinimum? { get }
    /// The settings that identify the instance (`dim=10`), defaults left out.
    var configuration: [ConfigEntry] { get }
    /// f(x), with ∇f(x) written to `gradient`.
    func evaluate<T: OptScalar>(_ x: UnsafeBufferPointer<T>, gradient: UnsafeMutableBufferPointer<T>) -> T
}

extension AnalyticFunction {
    /// f(x) alone, for tests and plots (allocates; not for hot loops).
    public func value(at x: [Double]) -> Double {
        var gradient = [Double](repeating: 0, count: x.count)
        return x.withUnsafeBufferPointer { x in
            gradient.withUnsafeMutableBufferPointer { g in evaluate(x, gradient: g) }
        }
    }
}
