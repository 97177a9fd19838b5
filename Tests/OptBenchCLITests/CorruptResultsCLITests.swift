import Foundation
import Testing

/// The results files that crash or hang libhdf5 1.10.8 (`Fuzz/Known/fuzz-results`), handed to
/// every command that reads results: one stderr line naming the file, exit 2, in bounded time,
/// and every file in the directory as it was.
@Suite("CLI: results files that crash or hang libhdf5")
struct CorruptResultsCLITests {
    static let knownDirectory = CLI.packageRoot.appendingPathComponent("Fuzz/Known/fuzz-results")

    /// The known inputs, by file name.
    static let knownFiles: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: knownDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".h5") }.sorted()
    }()

    /// The timeout the probe is given here, so that the hanging input costs seconds.
    static let timeoutSeconds = 4
    static let environment = ["OPTBENCH_PROBE_TIMEOUT": String(timeoutSeconds)]

    static let suite = "name: tiny\nsteps: 20\nseeds: 2\nproblems: [{name: booth}]\noptimizers: [{name: sgd}]\n"

    struct SetupFailed: Error, CustomStringConvertible {
        var description: String
    }

    /// A valid results file of `suite` (`tiny.h5`) and its baseline (`tiny.json`), made once.
    static let valid: Result<URL, any Error> = Result {
        let directory = try CLI.workspace(["tiny.yaml": suite])
        let run = try CLI.run(["run", "tiny.yaml", "-o", "tiny.h5", "--quiet", "--no-report"], in: directory)
        guard run.status == 0 else { throw SetupFailed(description: "run: \(run.stderr)") }
        let baseline = try CLI.run(["baseline", "tiny.h5", "-o", "tiny.json"], in: directory)
        guard baseline.status == 0 else { throw SetupFailed(description: "baseline: \(baseline.stderr)") }
        return directory
    }

    /// A workspace with the suite, the valid results and baseline, and the known file `name`.
    static func workspace(with name: String) throws -> URL {
        let valid = try Self.valid.get()
        let directory = try CLI.workspace()
        for file in ["tiny.yaml", "tiny.h5", "tiny.json"] {
            try FileManager.default.copyItem(at: valid.appendingPathComponent(file), to: directory.appendingPathComponent(file))
        }
        try FileManager.default.copyItem(at: knownDirectory.appendingPathComponent(name), to: directory.appendingPathComponent(name))
        return directory
    }

    /// Every file below `directory` with its bytes.
    static func contents(of directory: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: directory.path)
        while let relative = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = directory.appendingPathComponent(relative).path
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            result[relative] = isDirectory.boolValue ? Data() : try Data(contentsOf: URL(fileURLWithPath: path))
        }
        return result
    }

    enum Command: String, CaseIterable, Sendable {
        case info, report, check, export, merge, resume

        /// The command line with the known file `name` as the results to read.
        func arguments(_ name: String) -> [String] {
            switch self {
            case .info: ["info", name]
            case .report: ["report", name]
            case .check: ["check", name, "--baseline", "tiny.json"]
            case .export: ["export", name, "--csv", "csv"]
            case .merge: ["merge", "tiny.h5", name, "-o", "merged.h5"]  // the valid input first: the second is named
            case .resume: ["run", "tiny.yaml", "-o", name, "--resume", "--quiet"]
            }
        }
    }

    @Test("the six known inputs are there")
    func knownInputs() {
        #expect(Self.knownFiles.count == 6, "\(Self.knownFiles)")
    }

    @Test("each command gives one line naming the file, exit 2, within the timeout, and changes no file",
          arguments: knownFiles, Command.allCases)
    func corruptInput(_ name: String, _ command: Command) throws {
        let directory = try Self.workspace(with: name)
        if command == .resume {
            // Parts of an earlier, interrupted run of this output: must survive untouched.
            let parts = directory.appendingPathComponent(name + ".parts")
            try FileManager.default.createDirectory(at: parts, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: directory.appendingPathComponent("tiny.h5"), to: parts.appendingPathComponent("part-000001.h5"))
        }
        let before = try Self.contents(of: directory)
        let started = Date()
        let bound = Double(Self.timeoutSeconds) + 20
        let result = try CLI.run(command.arguments(name), in: directory, environment: Self.environment, killAfter: bound)
        let seconds = Date().timeIntervalSince(started)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("optbench: \(name): "), "\(result.stderr)")
        #expect(result.stderr.filter { $0 == "\n" }.count == 1 && result.stderr.hasSuffix("\n"), "\(result.stderr)")
        #expect(result.stdout.isEmpty, "\(result.stdout)")
        #expect(seconds < bound, "took \(seconds) s")
        if name.contains("hang") {
            #expect(result.stderr.contains("libhdf5 did not finish reading it within \(Self.timeoutSeconds) s"), "\(result.stderr)")
            #expect(seconds >= Double(Self.timeoutSeconds))
        }
        #expect(try Self.contents(of: directory) == before, "files were written, changed or removed")
    }

    @Test("in a process of their own, the known inputs crash libhdf5 or hang it, as Fuzz/Known/README.md says")
    func knownInputsCrashTheReader() throws {
        let directory = try CLI.workspace()
        for name in Self.knownFiles {
            let path = Self.knownDirectory.appendingPathComponent(name).path
            let (process, out, err) = try CLI.start(["_probe-results", "--seconds", "60", "--", path], in: directory,
                                                    environment: ["SWIFT_BACKTRACE": "enable=no"])
            let deadline = Date().addingTimeInterval(Double(Self.timeoutSeconds))
            while process.isRunning && Date() < deadline { usleep(20_000) }
            let hung = process.isRunning
            if hung { kill(process.processIdentifier, SIGKILL) }  // the test runner's threads block SIGTERM, and so would the child
            _ = out.fileHandleForReading.readDataToEndOfFile()
            _ = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let crashed = process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGSEGV
            switch name {
            case "global-heap-decode-hang.h5":
                #expect(hung, "\(name) no longer hangs libhdf5")
            case "H5HG_read-heap-buffer-overflow.h5", "H5T__conv_vlen-huge-malloc.h5":
                // Without AddressSanitizer these read garbage or fail an allocation: one line.
                #expect(!hung && process.terminationReason == .exit && process.terminationStatus == 2, "\(name)")
            default:
                #expect(crashed, "\(name) no longer crashes libhdf5 (\(process.terminationReason), \(process.terminationStatus))")
            }
        }
    }

    @Test("a valid file passes through every command that reads results")
    func validFile() throws {
        let directory = try Self.workspace(with: Self.knownFiles[0])
        for arguments in [["info", "tiny.h5"], ["report", "tiny.h5"], ["check", "tiny.h5", "--baseline", "tiny.json"],
                          ["export", "tiny.h5", "--csv", "csv"], ["merge", "tiny.h5", "-o", "merged.h5"],
                          ["run", "tiny.yaml", "-o", "tiny.h5", "--resume", "--quiet"]] {
            let result = try CLI.run(arguments, in: directory, environment: Self.environment)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(result.stderr.isEmpty, "\(arguments): \(result.stderr)")
            if arguments.contains("--resume") { #expect(result.stdout.contains("2 reused"), "\(result.stdout)") }
        }
    }

    @Test("a FIFO given as results ends at the timeout, where opening it would wait for a writer forever")
    func fifo() throws {
        let directory = try CLI.workspace()
        try #require(mkfifo(directory.appendingPathComponent("fifo.h5").path, 0o644) == 0)
        let result = try CLI.run(["info", "fifo.h5"], in: directory, environment: Self.environment, killAfter: Double(Self.timeoutSeconds) + 20)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("optbench: fifo.h5: not a readable optbench results file (libhdf5 did not finish reading it within 4 s)"),
                "\(result.stderr)")
    }

    @Test("the probe is a hidden command")
    func hidden() throws {
        let help = try CLI.run(["--help"], in: try CLI.workspace())
        #expect(help.status == 0 && !help.stdout.contains("probe"))
    }

    @Test("OPTBENCH_PROBE_TIMEOUT must be a number of seconds; run reads the output it wrote without a child")
    func timeoutVariable() throws {
        let directory = try Self.workspace(with: Self.knownFiles[0])
        let bad = ["OPTBENCH_PROBE_TIMEOUT": "soon"]
        let info = try CLI.run(["info", "tiny.h5"], in: directory, environment: bad)
        #expect(info.status == 2 && info.stderr == "optbench: OPTBENCH_PROBE_TIMEOUT: expected a number of seconds > 0, got 'soon'\n")
        // A fresh output and its report: no results file is read that this process did not write.
        let run = try CLI.run(["run", "tiny.yaml", "-o", "fresh.h5", "--quiet"], in: directory, environment: bad)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("fresh.html").path))
    }
}
