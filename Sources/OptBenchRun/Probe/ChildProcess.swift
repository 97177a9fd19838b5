import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn` (never `fork` without `exec`: libhdf5 holds a
/// global lock that another thread may own at the moment of a fork), its stdin `/dev/null`, its
/// stdout and stderr read by this process, no other descriptor inherited, and the default
/// action for the signals a user sends (`SignalWatcher` ignores SIGINT and SIGTERM, and ignored
/// signals would stay ignored across `exec`).
final class ChildProcess {
    /// How a child ended.
    enum Termination: Hashable, Sendable {
        case exited(Int32)
        case signaled(Int32)
    }

    /// Why a child could not be started.
    struct SpawnError: Error, CustomStringConvertible {
        var operation: String
        var code: Int32
        var description: String { "\(operation): \(String(cString: strerror(code)))" }
    }

    /// The most of the child's stderr that is kept (its end).
    static let stderrLimit = 64 << 10

    let pid: pid_t
    /// The read ends of the stdout and stderr pipes, -1 once the child closed them.
    private var descriptors: [Int32]
    private var stdoutBuffer: [UInt8] = []
    /// The end of what the child wrote on stderr.
    private(set) var stderr: [UInt8] = []
    private var termination: Termination?

    /// Starts `executable` with `arguments` (argv[0] is `name`) and `environment`.
    init(executable: String, name: String, arguments: [String], environment: [String: String]) throws(SpawnError) {
        var stdoutPipe: [Int32] = [-1, -1], stderrPipe: [Int32] = [-1, -1]
        guard Self.pipe2(&stdoutPipe, O_CLOEXEC) == 0 else { throw SpawnError(operation: "pipe", code: errno) }
        guard Self.pipe2(&stderrPipe, O_CLOEXEC) == 0 else {
            let code = errno
            stdoutPipe.forEach { close($0) }
            throw SpawnError(operation: "pipe", code: code)
        }
        defer { close(stdoutPipe[1]); close(stderrPipe[1]) }  // the child's ends

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
        // Descriptors opened without O_CLOEXEC (libhdf5 opens its files so, for a moment) stay
        // behind: glibc ≥ 2.34 has closefrom for spawn, hidden from Swift by its header.
        if let closeFrom = Self.addCloseFrom { _ = closeFrom(&actions, 3) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t(), mask = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGALRM] { sigaddset(&defaults, signal) }
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([name] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let code = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard code == 0 else {
            [stdoutPipe[0], stderrPipe[0]].forEach { close($0) }
            throw SpawnError(operation: "cannot start \(executable)", code: code)
        }
        self.pid = pid
        descriptors = [stdoutPipe[0], stderrPipe[0]]
    }

    deinit {
        if termination == nil { _ = kill() }
        for descriptor in descriptors where descriptor >= 0 { close(descriptor) }
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np`, looked up by name.
    private static let addCloseFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    /// `pipe2`, hidden from Swift like closefrom: pipes made close-on-exec at once, so that no
    /// other child (another thread's) inherits a write end and keeps it open past our child.
    private static func pipe2(_ descriptors: inout [Int32], _ flags: Int32) -> Int32 {
        typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
        guard let symbol = dlsym(nil, "pipe2") else {
            let result = pipe(&descriptors)
            for descriptor in descriptors where result == 0 { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
            return result
        }
        return unsafeBitCast(symbol, to: Pipe2.self)(&descriptors, flags)
    }

    /// Whether the child closed both stdout and stderr (it has ended, or is about to).
    var outputClosed: Bool { descriptors.allSatisfy { $0 < 0 } }

    /// Waits until the child writes or closes its output, or `deadline` passes, and keeps
    /// what it wrote. Returns false when the deadline passed first.
    func readOutput(until deadline: ContinuousClock.Instant) -> Bool {
        var polled = descriptors.filter { $0 >= 0 }.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        guard !polled.isEmpty else { return true }
        let left = ContinuousClock.now.duration(to: deadline)
        guard left > .zero else { return false }
        let milliseconds = Int32(min(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1, 60_000))
        let ready = poll(&polled, nfds_t(polled.count), milliseconds)
        if ready < 0 { return true }  // EINTR: the caller asks again
        if ready == 0 { return ContinuousClock.now < deadline }
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        for entry in polled where entry.revents != 0 {
            let count = read(entry.fd, &buffer, buffer.count)
            if count < 0, errno == EINTR || errno == EAGAIN { continue }
            let position = descriptors.firstIndex(of: entry.fd)!
            if count <= 0 {
                close(entry.fd)
                descriptors[position] = -1
            } else if position == 0 {
                stdoutBuffer.append(contentsOf: buffer[..<count])
            } else {
                stderr.append(contentsOf: buffer[..<count])
                if stderr.count > Self.stderrLimit { stderr.removeFirst(stderr.count - Self.stderrLimit) }
            }
        }
        return true
    }

    /// The complete lines the child wrote on stdout since the last call.
    func takeStdoutLines() -> [String] {
        guard let end = stdoutBuffer.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
        let lines = stdoutBuffer[...end].split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
        stdoutBuffer.removeFirst(end + 1)
        return lines
    }

    /// Waits for the child to end until `deadline`; nil if it is still running then.
    func wait(until deadline: ContinuousClock.Instant) -> Termination? {
        while true {
            if let termination { return termination }
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid {
                termination = Self.termination(status)
            } else if reaped < 0, errno != EINTR {
                termination = .exited(-1)  // not our child any more: nothing to wait for
            } else if ContinuousClock.now >= deadline {
                return nil
            } else {
                usleep(2_000)
            }
        }
    }

    /// Kills the child (SIGKILL) and waits for it to end.
    func kill() -> Termination {
        if let termination { return termination }
        _ = Glibc.kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let ended = Self.termination(status)
        termination = ended
        return ended
    }

    /// `WIFEXITED`/`WEXITSTATUS`/`WTERMSIG`, which Swift does not import.
    private static func termination(_ status: Int32) -> Termination {
        status & 0x7f == 0 ? .exited((status >> 8) & 0xff) : .signaled(status & 0x7f)
    }
}
