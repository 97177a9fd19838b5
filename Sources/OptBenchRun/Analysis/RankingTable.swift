import Foundation
import OptBench

/// The table `optbench run` prints at the end: per problem instance, each optimizer's best
/// configuration (by median final loss across seeds), with its spread, success rate to
/// target and median steps-to-target among the seeds that reached it.
public struct RankingTable: Sendable {
    public struct Row: Sendable, Hashable {
        public var optimizer: String
        /// The optimizer instance, e.g. `adam(lr=0.01)`.
        public var configuration: String
        public var medianFinalLoss: Double
        public var lowerQuartile: Double
        public var upperQuartile: Double
        public var seeds: Int
        public var reached: Int
        public var medianStepsToTarget: Double?
        /// Runs that diverged, failed or were interrupted.
        public var notCompleted: Int
        /// Whether the runs had a target (otherwise `reached` means nothing).
        public var hasTarget: Bool
    }

    public struct Section: Sendable {
        public var problem: String
        public var rows: [Row]
    }

    public var sections: [Section]

    /// Groups summaries by problem instance and optimizer instance, and picks each optimizer's
    /// best configuration exactly as the report does (``ConfigurationGroup``: lowest median
    /// final loss, then 75 % quantile, then id). Runs that did not complete count with an
    /// infinite final loss, so they rank last, never hidden.
    public init(summaries: [RunSummary]) {
        var problems: [String] = []
        var byProblem: [String: [String: [RunSummary]]] = [:]
        var optimizerOrder: [String: [String]] = [:]
        for summary in summaries {
            if byProblem[summary.id.problem] == nil { problems.append(summary.id.problem) }
            if byProblem[summary.id.problem, default: [:]][summary.id.optimizer] == nil {
                optimizerOrder[summary.id.problem, default: []].append(summary.id.optimizer)
            }
            byProblem[summary.id.problem, default: [:]][summary.id.optimizer, default: []].append(summary)
        }
        sections = problems.map { problem in
            var best: [String: ConfigurationGroup] = [:]
            var order: [String] = []
            for configuration in optimizerOrder[problem, default: []] {
                let group = ConfigurationGroup(identity: configuration, runs: byProblem[problem]![configuration]!)
                if let current = best[group.optimizer] {
                    if ConfigurationGroup.isBetter(group.finalBand, group.identity, than: current.finalBand, current.identity) {
                        best[group.optimizer] = group
                    }
                } else {
                    best[group.optimizer] = group
                    order.append(group.optimizer)
                }
            }
            let groups = order.compactMap { best[$0] }.sorted {
                ConfigurationGroup.isBetter($0.finalBand, $0.identity, than: $1.finalBand, $1.identity)
            }
            let rows = groups.map { group -> Row in
                let reached = group.runs.compactMap(\.stepsToTarget).map(Double.init)
                return Row(
                    optimizer: group.optimizer, configuration: group.readable,
                    medianFinalLoss: group.finalBand.median, lowerQuartile: group.finalBand.lower,
                    upperQuartile: group.finalBand.upper, seeds: group.runs.count, reached: reached.count,
                    medianStepsToTarget: reached.isEmpty ? nil : Statistics.median(reached),
                    notCompleted: group.runs.filter { $0.status != .completed }.count, hasTarget: group.runs[0].target != nil)
            }
            return Section(problem: problem, rows: rows)
        }
    }

    /// The optimizer's id with its learning rate shown even when it is the default
    /// (`sgd()` reads `sgd(lr=0.001)`).
    static func readable(_ identity: String, config: String) -> String {
        guard !identity.contains("(lr="), let lr = CSVExport.flatJSON(config)["lr"], let open = identity.firstIndex(of: "(") else {
            return identity
        }
        let rest = identity[identity.index(after: open)...]
        return identity[...open] + "lr=" + lr + (rest == ")" ? "" : ",") + rest
    }

    /// Plain text for a terminal.
    public var text: String {
        var out = ""
        for section in sections {
            out += "\n\(section.problem)\n"
            let header = ["#", "optimizer", "best configuration", "median final loss [IQR]", "reached target", "median steps"]
            var rows = [header]
            for (rank, row) in section.rows.enumerated() {
                let loss = row.medianFinalLoss.isFinite
                    ? "\(ReportNumber.text(row.medianFinalLoss)) [\(ReportNumber.text(row.lowerQuartile)), \(ReportNumber.text(row.upperQuartile))]"
                    : "not completed"
                var reached = row.hasTarget ? "\(row.reached)/\(row.seeds)" : "no target"
                if row.notCompleted > 0 { reached += " (\(row.notCompleted) not completed)" }
                rows.append([String(rank + 1), row.optimizer, row.configuration, loss, reached,
                             row.medianStepsToTarget.map { ReportNumber.text($0) } ?? "—"])
            }
            let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
            for row in rows {
                out += "  " + row.indices.map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                    .joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
            }
        }
        return out
    }
}
