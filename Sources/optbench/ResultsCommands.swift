import ArgumentParser
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
        let count = try ResultsMerge.merge(inputs: inputs, output: output, force: force, command: CommandLine.arguments)
        print("\(count) runs merged into \(output)")
    }
}
