import Foundation
import Testing

@Suite("CLI: output faults never damage what is already written", .serialized)
struct OutputFaultTests {
    static let suite = "name: f\nseeds: 3\nsteps: 3000\nproblems: [{name: rosenbrock, start_jitter: 0.1}]\noptimizers: [{name: sgd, grid: {lr: [0.0001, 0.0002, 0.0003]}}, {name: adam}]\n"

    /// Runs optbench through bash with a file-size limit (writes past it fail with EFBIG, as on
    /// a full disk; SIGXFSZ is ignored so the write returns the error instead of killing us).
    static func runWithFileLimit(kilobytes: Int, _ arguments: [String], in directory: URL) throws -> CLI.Result {
        let command = "ulimit -f \(kilobytes); trap '' XFSZ; exec \"$0\" \"$@\""
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", command, CLI.binary] + arguments
        process.currentDirectoryURL = directory
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return CLI.Result(status: process.terminationStatus, stdout: "", stderr: stderr)
    }

    @Test("a full disk gives one line and exit 2, and the previous results file is untouched")
    func fullDisk() throws {
        let directory = try CLI.workspace(["s.yaml": Self.suite])
        #expect(try CLI.run(["run", "s.yaml", "-o", "r.h5", "--no-report"], in: directory).status == 0)
        let before = try Data(contentsOf: directory.appendingPathComponent("r.h5"))
        let result = try Self.runWithFileLimit(kilobytes: 64, ["run", "s.yaml", "-o", "r.h5", "--force", "--quiet", "--no-report"], in: directory)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("optbench: ") && result.stderr.contains("File too large"))
        #expect(result.stderr.filter { $0 == "\n" }.count == 1, "\(result.stderr)")
        #expect(try Data(contentsOf: directory.appendingPathComponent("r.h5")) == before)
    }

    @Test("a second optbench writing the same output refuses at once")
    func secondWriterRefused() throws {
        let directory = try CLI.workspace(["s.yaml": Self.suite.replacingOccurrences(of: "steps: 3000", with: "steps: 3000000\nlog_every: 100000")])
        let (first, _, _) = try CLI.start(["run", "s.yaml", "-o", "r.h5", "--quiet", "--no-report"], in: directory)
        defer { if first.isRunning { kill(first.processIdentifier, SIGKILL); first.waitUntilExit() } }
        Thread.sleep(forTimeInterval: 0.5)
        let started = Date()
        let second = try CLI.run(["run", "s.yaml", "-o", "r.h5", "--resume", "--quiet", "--no-report"], in: directory)
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(second.status == 2)
        #expect(second.stderr == "optbench: r.h5: another optbench process is writing this output (lock r.h5.lock is held)\n")
        #expect(first.isRunning)
    }

    @Test("an output path that is a directory, or in a missing directory, is refused")
    func badOutputPaths() throws {
        let directory = try CLI.workspace(["s.yaml": Self.suite])
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("dir.h5"), withIntermediateDirectories: true)
        let intoDirectory = try CLI.run(["run", "s.yaml", "-o", "dir.h5"], in: directory)
        #expect(intoDirectory.status == 2 && intoDirectory.stderr == "optbench: dir.h5: is a directory; expected a results file path\n")
        let missing = try CLI.run(["run", "s.yaml", "-o", "nowhere/r.h5"], in: directory)
        #expect(missing.status == 2 && missing.stderr == "optbench: nowhere/r.h5: the directory nowhere does not exist\n")
    }

    @Test("a read-only directory as output: one line, exit 2, nothing written (as an unprivileged user: root may write anywhere)",
          .disabled(if: ReadOnlyOutput.unprivileged.unavailable != nil, Comment(rawValue: ReadOnlyOutput.unprivileged.unavailable ?? "")))
    func readOnlyDirectory() throws {
        let directory = try CLI.workspace(["s.yaml": Self.suite])
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)  // root's, not the user's
        let explicit = try ReadOnlyOutput.unprivileged.run(["run", "s.yaml", "-o", "r.h5"], in: directory)
        #expect(explicit.status == 2 && explicit.stderr == "optbench: r.h5: the directory . is not writable (Permission denied)\n", "\(explicit.stderr)")
        let standard = try ReadOnlyOutput.unprivileged.run(["run", "s.yaml"], in: directory)
        #expect(standard.status == 2 && standard.stderr == "optbench: Results: cannot create the results directory: Permission denied\n", "\(standard.stderr)")
        let merged = try ReadOnlyOutput.unprivileged.run(["merge", "s.yaml", "-o", "m.h5"], in: directory)
        #expect(merged.status == 2 && merged.stderr == "optbench: m.h5: the directory . is not writable (Permission denied)\n", "\(merged.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["s.yaml"])
    }

    @Test("an output directory on a read-only file system: one line, exit 2, nothing written, even for root",
          .disabled(if: ReadOnlyOutput.readOnlyMount.unavailable != nil, Comment(rawValue: ReadOnlyOutput.readOnlyMount.unavailable ?? "")))
    func readOnlyFileSystem() throws {
        let directory = try CLI.workspace(["s.yaml": Self.suite])
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("ro"), withIntermediateDirectories: true)
        let result = try ReadOnlyOutput.readOnlyMount.run(["run", "s.yaml", "-o", "ro/r.h5"], in: directory)
        #expect(result.status == 2 && result.stderr == "optbench: ro/r.h5: the directory ro is not writable (Read-only file system)\n", "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["ro", "s.yaml"])
    }
}

/// Ways to make an output directory unwritable for real. The tests run as root, who may write
/// into any directory whatever its mode, so a chmod alone proves nothing:
/// - `unprivileged`: optbench runs as `nobody` (uid/gid 65534) through `setpriv`, so the
///   directory's mode applies (as anyone else, it runs directly: the mode applies already);
/// - `readOnlyMount`: in a private mount namespace (`unshare -m`), a read-only tmpfs is
///   mounted on `ro/`, which refuses writes even to root (EROFS).
/// Each says why it cannot run (the test is then reported as skipped with that reason).
struct ReadOnlyOutput: Sendable {
    let unavailable: String?
    let wrap: @Sendable ([String]) -> (executable: String, arguments: [String])

    static let unprivileged: ReadOnlyOutput = {
        guard getuid() == 0 else { return ReadOnlyOutput(unavailable: nil) { (CLI.binary, $0) } }
        let setpriv = "/usr/bin/setpriv"
        let wrap: @Sendable ([String]) -> (String, [String]) = { (setpriv, ["--reuid=65534", "--regid=65534", "--clear-groups", CLI.binary] + $0) }
        guard FileManager.default.isExecutableFile(atPath: setpriv) else {
            return ReadOnlyOutput(unavailable: "running as root and \(setpriv) (util-linux) is missing, so optbench cannot run as an unprivileged user", wrap: wrap)
        }
        let probe = try? ReadOnlyOutput(unavailable: nil, wrap: wrap).run(["--version"], in: URL(fileURLWithPath: "/"))
        guard probe?.status == 0 else {
            return ReadOnlyOutput(unavailable: "optbench does not start as uid 65534 (\(probe?.stderr ?? "setpriv failed")): is the build directory readable by others?", wrap: wrap)
        }
        return ReadOnlyOutput(unavailable: nil, wrap: wrap)
    }()

    static let readOnlyMount: ReadOnlyOutput = {
        let unshare = "/usr/bin/unshare"
        let script = "mount -t tmpfs -o ro tmpfs ro && exec \"$0\" \"$@\""
        let wrap: @Sendable ([String]) -> (String, [String]) = { (unshare, ["-m", "--propagation", "private", "/bin/sh", "-c", script, CLI.binary] + $0) }
        guard FileManager.default.isExecutableFile(atPath: unshare) else {
            return ReadOnlyOutput(unavailable: "\(unshare) (util-linux) is missing", wrap: wrap)
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("optbench-ro-probe-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try? FileManager.default.createDirectory(at: directory.appendingPathComponent("ro"), withIntermediateDirectories: true)
        let probe = try? ReadOnlyOutput(unavailable: nil, wrap: wrap).run(["--version"], in: directory)
        guard probe?.status == 0 else {
            return ReadOnlyOutput(unavailable: "cannot mount a read-only tmpfs in a private mount namespace here (\(probe?.stderr.trimmingCharacters(in: .whitespacesAndNewlines) ?? "unshare failed"); needs CAP_SYS_ADMIN)", wrap: wrap)
        }
        return ReadOnlyOutput(unavailable: nil, wrap: wrap)
    }()

    func run(_ arguments: [String], in directory: URL) throws -> CLI.Result {
        let (executable, wrapped) = wrap(arguments)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = wrapped
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLI.Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }
}
