import ArgumentParser
import Foundation
import OptBenchRun

/// Tolerance settings of `baseline` and `check` (see ``Tolerance``): they apply after the
/// suite's `check:` section, in the order global values, then `--tolerance` rules.
struct ToleranceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Band of k median absolute deviations across seeds, for every entry.", valueName: "k"))
    var madMultiplier: Double?

    @Option(help: ArgumentHelp("Relative floor of the tolerance (0.05 is 5 % of the baseline value), for every entry.", valueName: "r"))
    var relative: Double?

    @Option(help: ArgumentHelp("Absolute floor of the tolerance, for every entry.", valueName: "a"))
    var absolute: Double?

    @Option(name: .customLong("tolerance"), help: ArgumentHelp(
        "A rule for some entries: 'problem=P,optimizer=O,mad_multiplier=k,relative=r,absolute=a' (P and O: catalog names or instance ids; repeatable, applied in order).",
        valueName: "rule"))
    var rules: [String] = []

    /// The command line's rules, in the order they apply.
    func toleranceRules() throws(InputError) -> [ToleranceRule] {
        for (name, value) in [("--mad-multiplier", madMultiplier), ("--relative", relative), ("--absolute", absolute)] {
            if let value, !(value.isFinite && value >= 0) {
                throw InputError(keyPath: name, message: "expected a finite number ≥ 0, got \(value)")
            }
        }
        var result: [ToleranceRule] = []
        let global = ToleranceRule(madMultiplier: madMultiplier, relative: relative, absolute: absolute)
        if !global.isEmpty { result.append(global) }
        for text in rules { result.append(try ToleranceRule(commandLine: text)) }
        return result
    }
}

struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Write the convergence statistics of a results file as a baseline for 'optbench check'.",
        discussion: """
            Per problem instance and optimizer instance: median and median absolute deviation across \
            seeds of the final and best loss, the success rate to the target and the median \
            steps-to-target among the seeds that reached it, each seed's outcome, and the tolerance \
            (from the suite's check: section, then these options). Pretty JSON with sorted keys.
            """)

    @Argument(help: "The results file.")
    var results: String

    @Option(name: .shortAndLong, help: "The baseline file to write, e.g. Results/baselines/NAME.json.")
    var output: String

    @Flag(help: "Replace an existing baseline.")
    var force = false

    @OptionGroup var tolerance: ToleranceOptions

    func run() throws {
        let (baseline, warnings) = try Baseline.make(resultsPath: results, commandLineRules: try tolerance.toleranceRules())
        try baseline.write(to: output, force: force)
        for warning in warnings { FileHandle.standardError.write(Data("optbench: warning: \(warning)\n".utf8)) }
        let runs = baseline.entries.reduce(0) { $0 + $1.runs.count }
        print("baseline of suite \(baseline.suiteName): \(baseline.entries.count) entries (\(runs) runs) written to \(output)")
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Compare a results file's convergence statistics with a baseline; exit 1 on regressions.",
        discussion: """
            Prints every comparison (metric, baseline, now, allowed, verdict), regressions first. \
            Exit status: 0 when everything holds (improvements included: they suggest refreshing \
            the baseline), 1 on regressions or on entries only one side has, 2 on unusable input.
            """)

    @Argument(help: "The results file.")
    var results: String

    @Option(help: "The baseline JSON written by 'optbench baseline'.")
    var baseline: String

    @Option(help: ArgumentHelp("Also write the comparisons as JUnit XML (one testcase each) to this file.", valueName: "path"))
    var junit: String?

    @Option(help: "Output format on stdout: text (a table) or md (a Markdown summary for a CI job page).")
    var format: CheckOutputFormat = .text

    @Flag(help: "Baseline entries (or seeds) absent from the results do not fail the check.")
    var allowMissing = false

    @Flag(help: "Entries (or seeds) absent from the baseline do not fail the check.")
    var allowNew = false

    @OptionGroup var tolerance: ToleranceOptions

    func run() throws {
        let check = RegressionCheck(rules: try tolerance.toleranceRules(), allowMissing: allowMissing, allowNew: allowNew)
        let report = try CheckReport.make(resultsPath: results, baselinePath: baseline, check: check)
        if let junit {
            try report.writeJUnit(to: junit)
        }
        print(format == .md ? report.markdown : report.text, terminator: "")
        if !report.passed {
            FileHandle.standardError.write(Data("optbench: \(report.summaryLine)\n".utf8))
            throw ExitCode(1)
        }
    }
}

enum CheckOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case md
}
