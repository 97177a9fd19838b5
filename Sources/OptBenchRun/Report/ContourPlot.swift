/// A 2-D analytic function sampled on a grid, with each optimizer's median-seed trajectory.
public struct ContourPlot: Sendable, Hashable, Codable {
    /// One optimizer's path through the plane (thinned).
    public struct Path: Sendable, Hashable, Codable {
        public var optimizer: String
        public var configuration: String
        /// The seed whose final loss is the median of its configuration's (the lower one for
        /// an even count).
        public var seed: UInt64
        public var status: RunStatus
        public var x: [Double]
        public var y: [Double]
    }

    /// Grid nodes, ascending.
    public var xs: [Double]
    public var ys: [Double]
    /// f at (xs[i], ys[j]), stored row-major: `values[j * xs.count + i]`.
    public var values: [Double]
    /// Contour levels (values of f), ascending.
    public var levels: [Double]
    /// Whether the levels are spaced geometrically above the grid's minimum.
    public var logarithmicLevels: Bool
    public var paths: [Path]
}
