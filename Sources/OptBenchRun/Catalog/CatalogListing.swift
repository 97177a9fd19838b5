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
            datasetsText
        }
    }

    /// The shipped files (with their sizes) and the synthetic generators.
    static var datasetsText: String {
        var lines = ["shipped (Suites/data/, provenance in Suites/data/README.md):"]
        let rows = DatasetCatalog.shipped.map { dataset in
            [dataset.name, "\(dataset.rows) × \(dataset.featureCount)" + (dataset.imageShape.map { " (\($0.height)×\($0.width) images)" } ?? ""),
             "\(dataset.classCount) classes", dataset.summary]
        }
        lines += table(rows)
        lines.append("")
        lines.append("synthetic (generated from data_seed; samples and noise settable):")
        lines += table(SyntheticDataset.allCases.map { [$0.rawValue, $0.summary] })
        lines.append("")
        lines.append("your own: data_file (.csv with label_column, .h5 with x_name/y_name, IDX images with labels_file; .gz read as is)")
        return lines.joined(separator: "\n") + "\n"
    }

    static func table(_ rows: [[String]]) -> [String] {
        let columns = rows.first?.count ?? 0
        let widths = (0..<columns).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            "    " + row.indices.map { $0 == columns - 1 ? row[$0] : row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }
    }

    static func entry(name: String, summary: String, parameters: [HyperparameterSpec], extra: [String]) -> String {
        var lines = ["\(name) — \(summary)"]
        lines += extra.map { "    " + $0 }
        let rows = parameters.map { parameter in
            [parameter.name, parameter.defaultValue.canonicalText.isEmpty ? "\"\"" : parameter.defaultValue.canonicalText, parameter.acceptedValues(), parameter.summary]
        }
        let widths = (0..<3).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            let padded = (0..<3).map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
            lines.append("    " + padded.joined(separator: "  ") + "  " + row[3])
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
