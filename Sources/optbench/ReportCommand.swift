import ArgumentParser
import Foundation
import OptBenchRun

/// `optbench report RESULTS.h5 [-o PATH] [--format html|md|json]`.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the comparison report of a results file: HTML with plots, Markdown for CI, or JSON.")

    @Argument(help: "The results file.")
    var results: String

    @Option(name: .shortAndLong, help: "The report file (default: beside the results, with the format's extension).")
    var output: String?

    @Option(help: "html (self-contained, with plots), md (tables for a CI job summary) or json (the model). Default: from the output's extension, else html.")
    var format: ReportFormat?

    func validate() throws {
        if let output, format == nil, !output.isEmpty, ReportFormat(pathExtension: URL(fileURLWithPath: output).pathExtension) == nil,
           !URL(fileURLWithPath: output).pathExtension.isEmpty {
            throw ValidationError("cannot tell the format from '\(output)'; pass --format html, md or json")
        }
    }

    func run() throws {
        let chosen = format ?? output.flatMap { ReportFormat(pathExtension: URL(fileURLWithPath: $0).pathExtension) } ?? .html
        print(try ComparisonReport.write(resultsPath: results, to: output, format: chosen))
    }
}

extension ReportFormat: ExpressibleByArgument {}
