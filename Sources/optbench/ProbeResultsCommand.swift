import ArgumentParser
import Foundation
import OptBenchRun

/// `optbench _probe-results --scope SCOPE --seconds S -- PATH…`, hidden: the child of
/// ``ResultsFileProbe``. Reads each results file as far as the parent's command will read it
/// (`summaries` or `everything`) and tells the parent on stdout; if
/// libhdf5 crashes or hangs on a file, this process dies instead of the parent.
struct ProbeResultsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "_probe-results",
        abstract: "Read results files whole, for a parent optbench (internal).",
        shouldDisplay: false)

    @Option(help: "How much of each file to read: summaries or everything.", transform: { name in
        guard let scope = ResultsReadScope(name: name) else { throw ValidationError("--scope: expected summaries or everything, got '\(name)'") }
        return scope
    })
    var scope: ResultsReadScope = .everything

    @Option(help: "Give up (SIGALRM) after this many seconds, should the parent be gone.")
    var seconds: UInt32

    @Argument(help: "The results files.")
    var paths: [String]

    func run() throws {
        // A crash here is expected of a corrupt file: leave no core file behind.
        var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
        setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &noCore)
        // The alarm must be able to end this process however it was started (a parent's
        // ignored or blocked signals are inherited).
        signal(SIGALRM, SIG_DFL)
        var alarmOnly = sigset_t()
        sigemptyset(&alarmOnly)
        sigaddset(&alarmOnly, SIGALRM)
        sigprocmask(SIG_UNBLOCK, &alarmOnly, nil)
        alarm(seconds)
        try ResultsFileProbe.answer(paths, scope: scope)
        OptBenchCommand.leave(0)  // as after an error: libhdf5's teardown is not needed, and may crash
    }
}
