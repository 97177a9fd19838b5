/// The median of a sample across seeds with its 25% and 75% quantiles (the interquartile
/// band), by linear interpolation between order statistics (``Statistics/quantile(_:_:)``).
public struct QuantileBand: Sendable, Hashable, Codable {
    public var median: Double
    /// The 25% quantile.
    public var lower: Double
    /// The 75% quantile.
    public var upper: Double

    public init(median: Double, lower: Double, upper: Double) {
        self.median = median
        self.lower = lower
        self.upper = upper
    }

    /// The band of `values` (all NaN for an empty sample).
    public init(_ values: [Double]) {
        let sorted = values.sorted(by: Statistics.nanLast)
        self.init(median: Statistics.sortedQuantile(sorted, 0.5), lower: Statistics.sortedQuantile(sorted, 0.25),
                  upper: Statistics.sortedQuantile(sorted, 0.75))
    }
}
