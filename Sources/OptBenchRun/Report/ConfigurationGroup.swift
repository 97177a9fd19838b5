/// The runs of one optimizer configuration on one problem instance, across seeds, with the
/// summary statistics the report ranks by.
struct ConfigurationGroup {
    /// The optimizer instance of the run ids (`adam(lr=0.01)`).
    let identity: String
    /// Catalog name.
    let optimizer: String
    /// Ascending seed.
    let runs: [RunSummary]
    /// The identity with its learning rate shown.
    let readable: String
    let learningRate: Double?
    /// Final and best losses per run, +∞ for runs that did not complete.
    let finals: [Double]
    let bests: [Double]
    let finalBand: QuantileBand
    let bestBand: QuantileBand

    init(identity: String, runs: [RunSummary]) {
        self.identity = identity
        self.runs = runs.sorted { $0.seed < $1.seed }
        optimizer = runs[0].optimizer
        let settings = CSVExport.flatJSON(runs[0].optimizerConfig)
        readable = RankingTable.readable(identity, config: runs[0].optimizerConfig)
        learningRate = settings["lr"].flatMap(Double.init)
        finals = self.runs.map { Self.counted($0, $0.finalLoss) }
        bests = self.runs.map { Self.counted($0, $0.bestLoss) }
        finalBand = QuantileBand(finals)
        bestBand = QuantileBand(bests)
    }

    /// A loss as the statistics count it: +∞ unless the run completed with a finite value.
    static func counted(_ run: RunSummary, _ loss: Double) -> Double {
        run.status == .completed && !loss.isNaN ? loss : .infinity
    }

    /// Orders by a band: median, then 75% quantile, then identity.
    static func isBetter(_ a: QuantileBand, _ aID: String, than b: QuantileBand, _ bID: String) -> Bool {
        if a.median != b.median { return a.median < b.median }
        if a.upper != b.upper { return a.upper < b.upper }
        return aID < bID
    }

    /// The run whose final loss is the median (the lower middle one for an even count; ties
    /// by seed).
    var medianRun: RunSummary {
        let order = runs.indices.sorted { finals[$0] != finals[$1] ? finals[$0] < finals[$1] : runs[$0].seed < runs[$1].seed }
        return runs[order[(order.count - 1) / 2]]
    }

    var statuses: StatusCounts { StatusCounts(runs.map(\.status)) }
}
