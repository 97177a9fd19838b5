import Foundation

/// Reads results files in a child process before this process reads them, so that a file that
/// crashes or hangs libhdf5 costs a child, and the user gets one line and exit status 2.
///
/// libhdf5 1.10.8 dies of SIGSEGV, or loops forever, decoding some corrupt files (their global
/// heaps and attribute messages: `Fuzz/Known/README.md`), on calls made with correct
/// arguments; no check short of parsing HDF5 can rule that out. So the child reads each file
/// as far as the command reads it (``ResultsReader/readEverything(path:scope:)``), and only when it
/// survived does the parent read the file itself.
///
/// The child is `executable arguments… --scope SCOPE --seconds S -- PATH…` (for the CLI, its own executable
/// and the hidden `_probe-results` command), started with `posix_spawn`, all files in one
/// child. It answers with ``ProbeMessage`` lines on stdout and is given each file's
/// ``ProbeTimeout`` in turn; S, the sum of them plus a margin, is for an alarm the child sets
/// so that it cannot outlive a parent killed meanwhile. Its stderr (a Swift runtime message,
/// a sanitizer's report) is kept from the user: the outcome is one ``InputError``.
public struct ResultsFileProbe: Sendable {
    /// The program to start: `/proc/self/exe` for the CLI.
    public var executable: String
    /// Arguments before `--seconds S -- PATH…`, e.g. `["_probe-results"]`.
    public var arguments: [String]
    public var timeout: ProbeTimeout

    public init(executable: String, arguments: [String], timeout: ProbeTimeout = .standard) {
        self.executable = executable
        self.arguments = arguments
        self.timeout = timeout
    }

    /// Reads `scope` of every file of `paths` (each once, in order) in one child process.
    /// - Throws: ``InputError`` naming the first file the child could not read: the reader's
    ///   own error when it reported one, or that libhdf5 crashed reading the file, or did not
    ///   finish within the timeout (the child is then killed).
    public func check(_ paths: [String], scope: ResultsReadScope = .everything) throws(InputError) {
        var seen = Set<String>()
        let paths = paths.filter { seen.insert($0).inserted }
        guard !paths.isEmpty else { return }
        let environment = ProcessInfo.processInfo.environment
        let timeout = try self.timeout.overridden(by: environment)
        let limits = paths.map { timeout.seconds(forBytes: FileIdentity(path: $0)?.size ?? 0) }
        var childEnvironment = environment
        childEnvironment["SWIFT_BACKTRACE"] = "enable=no"  // die at once, no backtrace to print
        let alarm = Int((limits.reduce(0, +) + 10).rounded(.up))
        let child: ChildProcess
        do {
            child = try ChildProcess(executable: executable, name: "optbench", arguments: arguments + ["--scope", scope.name, "--seconds", String(alarm), "--"] + paths,
                                     environment: childEnvironment)
        } catch {
            throw InputError(file: paths[0], message: "cannot start a process to read it: \(error)")
        }

        var current = 0  // the file the child is reading; paths.count once it read them all
        var deadline = ContinuousClock.now + .seconds(limits[0])
        var failure: InputError?
        func timedOut() -> InputError {
            _ = child.kill()
            let last = min(current, paths.count - 1)
            return Self.notReadable(paths[last], "libhdf5 did not finish reading it within \(Self.seconds(limits[last])) s",
                                    remedy: "the file is corrupt, or this machine very slow (\(ProbeTimeout.environmentVariable)=SECONDS allows more)")
        }
        while !child.outputClosed {
            guard child.readOutput(until: deadline) else { throw timedOut() }
            for line in child.takeStdoutLines() {
                switch ProbeMessage(line: line) {
                case .passed(let index)?:
                    current = min(index + 1, paths.count)
                    if current < paths.count { deadline = ContinuousClock.now + .seconds(limits[current]) }
                case .failed(let error)?:
                    failure = error
                case nil:
                    break
                }
            }
        }
        guard let termination = child.wait(until: deadline) else { throw timedOut() }
        if let failure { throw failure }
        let culprit = paths[min(current, paths.count - 1)]
        switch termination {
        case .exited(0) where current == paths.count:
            return
        case .exited(let status):
            let said = String(decoding: child.stderr, as: UTF8.self).split(whereSeparator: \.isNewline).last.map { ": \($0)" } ?? ""
            throw InputError(file: culprit, message: "the process reading it (\(executable) \(arguments.joined(separator: " "))) exited with status \(status) before it finished\(said)")
        case .signaled(let signal):
            let (what, remedy) = Self.crash(signal)
            throw Self.notReadable(culprit, what, remedy: remedy)
        }
    }

    /// `FILE: not a readable optbench results file (WHAT); REMEDY`.
    static func notReadable(_ path: String, _ what: String, remedy: String) -> InputError {
        InputError(file: path, message: "not a readable optbench results file (\(what)); \(remedy)")
    }

    /// What a child's death by `signal` says about the file it was reading, and what to do.
    static func crash(_ signal: Int32) -> (what: String, remedy: String) {
        let name = signalName(signal)
        switch signal {
        case SIGSEGV, SIGBUS, SIGFPE, SIGABRT:
            return ("libhdf5 crashed reading it: \(name)", "the file is corrupt")
        case SIGILL, SIGTRAP:
            return ("optbench crashed reading it: \(name)", "a bug in optbench: please report it with the file")
        case SIGKILL:
            return ("the process reading it was killed: \(name)", "the file is corrupt, or memory ran short")
        case SIGINT, SIGTERM, SIGHUP, SIGQUIT:
            return ("reading it was interrupted: \(name)", "run the command again")
        default:
            return ("the process reading it died: \(name)", "the file is corrupt")
        }
    }

    static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [
            SIGSEGV: "SIGSEGV", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGABRT: "SIGABRT", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP",
            SIGKILL: "SIGKILL", SIGINT: "SIGINT", SIGTERM: "SIGTERM", SIGHUP: "SIGHUP", SIGQUIT: "SIGQUIT", SIGALRM: "SIGALRM",
            SIGPIPE: "SIGPIPE", SIGXCPU: "SIGXCPU", SIGXFSZ: "SIGXFSZ", SIGSYS: "SIGSYS",
        ]
        return names[signal] ?? "signal \(signal)"
    }

    /// Seconds as a user reads them: `5`, `2.5`, `20` (for 20.004).
    static func seconds(_ value: Double) -> String {
        let text = String(format: "%.1f", value)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}
