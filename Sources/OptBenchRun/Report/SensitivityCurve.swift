/// Final loss against learning rate for one optimizer on one problem (DeepOBS's
/// tuneability; the view of Schmidt et al.'s "Descending through a Crowded Valley").
///
/// One point per distinct learning rate: when other hyperparameters vary too, the
/// configuration with the lowest median final loss at that rate.
public struct SensitivityCurve: Sendable, Hashable, Codable {
    public struct Point: Sendable, Hashable, Codable {
        public var learningRate: Double
        public var configuration: String
        /// Final loss across seeds (+∞ for runs that did not complete).
        public var finalLoss: QuantileBand
        public var runs: Int
        public var notCompleted: Int
    }

    public var optimizer: String
    /// Ascending learning rate.
    public var points: [Point]
}
