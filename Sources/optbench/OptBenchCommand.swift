import ArgumentParser
import Foundation
import OptBench
import OptBenchRun

/// The `optbench` command line: thin subcommands over OptBenchRun, and the exit-code contract
/// (0 success, 1 regressions found (`check`) or failed runs (`run`), 2 usage or input error,
/// 130 interrupted).
@main
struct OptBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optbench",
        abstract: "Benchmark optimizers on test functions and neural nets; log trajectories to HDF5.",
        version: OptBenchVersion.current,
        subcommands: [RunCommand.self, InfoCommand.self, ExportCommand.self, MergeCommand.self, ReportCommand.self, BaselineCommand.self, CheckCommand.self, ListCommand.self,
                      ProbeResultsCommand.self]
    )

    /// The probe every results file a command is given goes through before this process reads
    /// it: this executable again, in a child (docs/reliability.md, "… read in a child process first").
    static let probe = ResultsFileProbe(executable: "/proc/self/exe", arguments: [ProbeResultsCommand.configuration.commandName!])

    /// Overrides ArgumentParser's exit codes (64 for usage errors) with the contract's.
    static func main() {
        do {
            var command = try parseAsRoot()
            if !(command is ProbeResultsCommand) { ResultsFileProbe.install(probe) }
            try command.run()
        } catch let error as InputError {
            fail(error.description, code: 2)
        } catch let error as ExitCode {
            leave(error.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)  // --help, --version: ArgumentParser prints them
            }
            fail(message(for: error).replacingOccurrences(of: "\n", with: " ") + " (see 'optbench --help')", code: 2)
        }
    }

    static func fail(_ message: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data(("optbench: " + message + "\n").utf8))
        leave(code)
    }

    /// Exits after an error without running atexit handlers: after a failed write, libhdf5
    /// 1.10.8's own teardown (`H5_term_library`) can crash, turning exit 2 into a segfault.
    /// Everything finished is durable by then (parts are fsynced when closed); only a
    /// temporary file, discarded anyway, is left unflushed.
    static func leave(_ code: Int32) -> Never {
        fflush(nil)  // every C stream (print's stdout); FileHandle writes are unbuffered
        _exit(code)
    }
}

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List optimizers, problems, schedules or datasets with their settings and defaults."
    )

    @Argument(help: "What to list: \(CatalogListing.Topic.allCases.map(\.rawValue).joined(separator: ", ")).")
    var topic: CatalogListing.Topic

    @Flag(help: "Print optimizers as the Markdown of docs/optimizers.md.")
    var markdown = false

    func validate() throws {
        if markdown && topic != .optimizers {
            throw ValidationError("--markdown applies to 'list optimizers' only")
        }
    }

    func run() {
        print(markdown ? CatalogListing.optimizersMarkdown : CatalogListing.text(for: topic), terminator: "")
    }
}

extension CatalogListing.Topic: ExpressibleByArgument {}
