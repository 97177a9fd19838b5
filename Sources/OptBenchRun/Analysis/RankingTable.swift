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
        public var diverged: Int
        /// Whether the runs had a target (otherwise `reached` means nothing).
        public var hasTarget: Bool
    }

    public struct Section: Sendable {
        public var problem: String
        public var rows: [Row]
    }

    public var sections: [Section]

    /// Groups summaries by problem instance and optimizer instance. Diverged, failed and
    /// interrupted runs count with an infinite final loss, so they rank last, never hidden.
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
            let instances = optimizerOrder[problem, default: []].map { configuration -> Row in
                let runs = byProblem[problem]![configuration]!
                let finals = runs.map { $0.status == .completed && $0.finalLoss.isFinite ? $0.finalLoss : .infinity }
                let reached = runs.compactMap(\.stepsToTarget).map(Double.init)
                return Row(
                    optimizer: runs[0].optimizer, configuration: Self.readable(configuration, config: runs[0].optimizerConfig),
                    medianFinalLoss: Statistics.median(finals), lowerQuartile: Statistics.quantile(finals, 0.25),
                    upperQuartile: Statistics.quantile(finals, 0.75), seeds: runs.count, reached: reached.count,
                    medianStepsToTarget: reached.isEmpty ? nil : Statistics.median(reached),
                    diverged: runs.filter { $0.status != .completed }.count, hasTarget: runs[0].target != nil)
            }
            var best: [String: Row] = [:]
            var order: [String] = []
            for row in instances {
                if let current = best[row.optimizer] {
                    if row.medianFinalLoss < current.medianFinalLoss { best[row.optimizer] = row }
                } else {
                    best[row.optimizer] = row
                    order.append(row.optimizer)
                }
            }
            let rows = order.compactMap { best[$0] }.sorted { a, b in
                a.medianFinalLoss != b.medianFinalLoss ? a.medianFinalLoss < b.medianFinalLoss : a.optimizer < b.optimizer
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
                    ? "\(Self.number(row.medianFinalLoss)) [\(Self.number(row.lowerQuartile)), \(Self.number(row.upperQuartile))]"
                    : "diverged"
                var reached = row.hasTarget ? "\(row.reached)/\(row.seeds)" : "no target"
                if row.diverged > 0 { reached += " (\(row.diverged) not completed)" }
                rows.append([String(rank + 1), row.optimizer, row.configuration, loss, reached,
                             row.medianStepsToTarget.map { Self.number($0) } ?? "—"])
            }
            let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
            for row in rows {
                out += "  " + row.indices.map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                    .joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
            }
        }
        return out
    }

    /// Four significant digits, scientific outside [1e-3, 1e5).
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e-3 && magnitude < 1e5 {
            if value == value.rounded(), magnitude < 1e5 { return String(Int(value)) }
            return String(format: "%.4g", value)
        }
        return String(format: "%.3e", value)
    }
}
