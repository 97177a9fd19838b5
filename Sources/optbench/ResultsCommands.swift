import ArgumentParser
import Foundation
import OptBenchRun

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info", abstract: "Show a results file's format, suite, provenance and runs by status.")

    @Argument(help: "The results file.")
    var results: String

    func run() throws {
        print(try ResultsInfo.text(path: results), terminator: "")
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export a results file as flat CSV (runs, trajectories, evaluations).")

    @Argument(help: "The results file.")
    var results: String

    @Option(help: "The directory to write runs.csv, trajectories.csv (and evaluations.csv) into.")
    var csv: String

    @Flag(help: "Replace existing CSV files.")
    var force = false

    func run() throws {
        for path in try CSVExport.write(resultsPath: results, to: csv, force: force) { print(path) }
    }
}

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge", abstract: "Join the shards of one suite into one results file, in grid order.")

    @Argument(help: "The shard results files.")
    var inputs: [String]

    @Option(name: .shortAndLong, help: "The merged results file.")
    var output: String

    @Flag(help: "Replace an existing output.")
    var force = false

    func run() throws {
        let outcome = try ResultsMerge.merge(inputs: inputs, output: output, force: force, command: CommandLine.arguments)
        print("\(outcome.runs) runs merged into \(output)")
        if let expected = outcome.suiteRuns, outcome.runs < expected {
            FileHandle.standardError.write(Data("optbench: warning: the suite has \(expected) runs; \(expected - outcome.runs) are in none of the inputs (a shard missing?)\n".utf8))
        }
    }
}
