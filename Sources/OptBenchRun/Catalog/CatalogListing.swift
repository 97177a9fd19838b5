import Foundation
import OptBench

/// The text of `optbench list …`: every catalog entry with its settings table, read from the
/// same spec tables that validation and the factories use.
public enum CatalogListing {
    /// What `optbench list` can show.
    public enum Topic: String, CaseIterable, Sendable {
        case optimizers
        case problems
        case schedules
        case datasets
    }

    public static func text(for topic: Topic) -> String {
        switch topic {
        case .optimizers:
            OptimizerCatalog.all.map { spec in
                entry(name: spec.name, summary: spec.summary, parameters: spec.parameters, extra: ["convention: " + spec.convention])
            }.joined(separator: "\n")
        case .problems:
            ProblemCatalog.all.map { spec in
                var extra = ["family: \(spec.family.rawValue)"]
                if spec.family != .network {
                    extra.append("also: start (list), start_jitter (≥ 0), noise_std (≥ 0: additive Gaussian gradient noise)")
                }
                return entry(name: spec.name, summary: spec.summary, parameters: spec.parameters, extra: extra)
            }.joined(separator: "\n")
        case .schedules:
            ScheduleCatalog.all.map { spec in
                entry(name: spec.name, summary: spec.summary, parameters: spec.parameters, extra: [])
            }.joined(separator: "\n")
        case .datasets:
            "No datasets yet: the neural-network problems (issue 5) bring them.\n"
        }
    }

    static func entry(name: String, summary: String, parameters: [HyperparameterSpec], extra: [String]) -> String {
        var lines = ["\(name) — \(summary)"]
        lines += extra.map { "    " + $0 }
        let rows = parameters.map { parameter in
            [parameter.name, parameter.defaultValue.canonicalText, parameter.validRange?.description ?? (parameter.kind == .flag ? "true|false" : ""), parameter.summary]
        }
        let widths = (0..<3).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            let padded = (0..<3).map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
            lines.append("    " + padded.joined(separator: "  ") + "  " + row[3])
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
