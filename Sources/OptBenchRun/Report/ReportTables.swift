/// The tables every text renderer shows, as rows of cells, so the HTML and the Markdown show
/// the same cells.
enum ReportTables {
    static let problemHeader = ["#", "optimizer", "best configuration (by median final loss)", "median final loss [25%, 75%]",
                                "steps to target", "best configuration (by median best loss)", "median best loss [25%, 75%]",
                                "wall time", "time per step", "runs not completed"]

    static func band(_ band: QuantileBand) -> String {
        ReportNumber.text(band.median) + " [" + ReportNumber.text(band.lower) + ", " + ReportNumber.text(band.upper) + "]"
    }

    static func problemRows(_ problem: ProblemComparison) -> [[String]] {
        problem.results.map { r in
            [String(r.rank), r.optimizer, r.configuration, band(r.finalLoss), r.stepsToTarget.text, r.bestLossConfiguration,
             band(r.bestLoss), ReportNumber.seconds(r.wallTime), ReportNumber.seconds(r.secondsPerStep),
             notCompleted(r.allStatuses)]
        }
    }

    /// `0`, or `15 of 25: 15 diverged`.
    static func notCompleted(_ counts: StatusCounts) -> String {
        guard counts.notCompleted > 0 else { return "0" }
        var others = counts
        others.completed = 0
        return "\(counts.notCompleted) of \(counts.total): \(others.text)"
    }

    /// `budget 2000 updates · target 1e-6 · 3 seeds · 36 runs: 36 completed`.
    static func problemLine(_ problem: ProblemComparison) -> String {
        "\(problem.family) · budget \(ReportNumber.text(Double(problem.budgetSteps))) updates · target "
            + (problem.target.map(ReportNumber.text) ?? "none") + " · \(problem.seeds) seed\(problem.seeds == 1 ? "" : "s") · "
            + "\(problem.statuses.total) runs: \(problem.statuses.text)"
    }

    static let rankingHeader = ["#", "optimizer", "mean rank", "wins", "problems", "runs reaching target", "runs not completed"]

    static func rankingRows(_ model: ComparisonModel) -> [[String]] {
        model.ranking.enumerated().map { i, s in
            [String(i + 1), s.optimizer, ReportNumber.text(s.meanRank), String(s.wins), String(s.problems),
             s.runsWithTarget == 0 ? "no target" : "\(s.reached) of \(s.runsWithTarget)",
             "\(s.statuses.notCompleted) of \(s.statuses.total)"]
        }
    }

    static let profileTaus: [Double] = [1, 2, 10, 100, 1000]

    static var profileHeader: [String] { ["optimizer"] + profileTaus.map { "ρ(\(ReportNumber.text($0)))" } }

    static func profileRows(_ model: ComparisonModel) -> [[String]] {
        model.performanceProfile.entries.map { e in
            [e.optimizer] + profileTaus.map { ReportNumber.percent(model.performanceProfile.fraction(e, atMost: $0)) }
        }
    }

    static let ecdfHeader = ["optimizer", "runs reaching target", "median steps of those", "fraction within budget"]

    static func ecdfRows(_ model: ComparisonModel) -> [[String]] {
        let e = model.targetECDF
        return e.entries.map { entry in
            [entry.optimizer, "\(entry.reachedSteps.count) of \(entry.runs)",
             entry.reachedSteps.isEmpty ? "—" : ReportNumber.text(Statistics.median(entry.reachedSteps.map(Double.init))),
             ReportNumber.percent(entry.fraction(atMost: e.maximumSteps))]
        }
    }

    static let unfinishedHeader = ["run", "status", "updates", "message"]

    static func unfinishedRows(_ runs: [UnfinishedRun]) -> [[String]] {
        runs.map { r in
            [r.runID, r.status.rawValue, r.budgetSteps >= 0 ? "\(r.steps) of \(r.budgetSteps)" : String(r.steps), r.message]
        }
    }
}
