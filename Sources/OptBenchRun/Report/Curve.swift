/// A median curve across seeds with its 25–75% band, sampled at the same x for every seed.
///
/// Points where no run has a value are left out. A value is +∞ where most runs had diverged
/// by then (a diverged run counts as +∞ after its last step); renderers break the line there.
public struct Curve: Sendable, Hashable, Codable {
    /// Catalog name of the optimizer (its colour).
    public var optimizer: String
    /// What the curve is: the configuration (`adam(lr=0.01)`), or a layer's name.
    public var label: String
    public var x: [Double]
    public var median: [Double]
    public var lower: [Double]
    public var upper: [Double]
    /// Seeds that contributed.
    public var runs: Int

    public init(optimizer: String, label: String, x: [Double] = [], median: [Double] = [], lower: [Double] = [], upper: [Double] = [], runs: Int) {
        self.optimizer = optimizer
        self.label = label
        self.x = x
        self.median = median
        self.lower = lower
        self.upper = upper
        self.runs = runs
    }
}
