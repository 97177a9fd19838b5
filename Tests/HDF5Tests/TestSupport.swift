import Foundation
import HDF5
import Testing

/// A fresh directory under the system temporary directory, removed when the test ends.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("optbench-hdf5-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// The path of `name` inside the directory.
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// What a finished child process wrote and returned.
struct ProcessOutput {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs an executable to completion and collects its output.
///
/// Uses `posix_spawn` with `closefrom(3)` rather than Foundation's `Process`: libhdf5 opens files
/// without `O_CLOEXEC`, so a child spawned while another test (running in parallel) is between
/// libhdf5's `open` and `H5File`'s `fcntl(FD_CLOEXEC)` would inherit that descriptor and its
/// `flock` lock, making the other test's next open of its file fail with EAGAIN.
func runProcess(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> ProcessOutput {
    let directory = try TemporaryDirectory()
    let outPath = directory.path("stdout"), errPath = directory.path("stderr")
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    // glibc ≥ 2.34 has it, but its header hides it from Swift; look it up by name.
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    let symbol = try #require(dlsym(nil, "posix_spawn_file_actions_addclosefrom_np"),
                              "glibc lacks posix_spawn_file_actions_addclosefrom_np (needs glibc 2.34+)")
    try #require(unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, 3) == 0)

    let variables = ProcessInfo.processInfo.environment.merging(environment ?? [:]) { $1 }
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    var pid = pid_t()
    let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
    try #require(spawned == 0, "cannot run \(executable): \(String(cString: strerror(spawned)))")
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    // WIFEXITED / WEXITSTATUS, which Swift does not import: a signal gives 128 + its number.
    let exitStatus = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return ProcessOutput(status: exitStatus,
                         stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                         stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
}

let h5dumpPath = "/usr/bin/h5dump"
/// Debian's interpreter, which has python3-h5py (a `python3` earlier on PATH may not).
let systemPythonPath = "/usr/bin/python3"

/// Fails the test (never skips it) when h5dump is missing: CI installs it.
func requireH5dump() throws {
    try #require(FileManager.default.isExecutableFile(atPath: h5dumpPath),
                 "h5dump is missing at \(h5dumpPath): run scripts/setup (Debian package hdf5-tools)")
}

/// Fails the test (never skips it) when /usr/bin/python3 cannot import h5py and numpy.
func requireH5py() throws {
    try #require(FileManager.default.isExecutableFile(atPath: systemPythonPath),
                 "\(systemPythonPath) is missing: run scripts/setup")
    let probe = try runProcess(systemPythonPath, ["-c", "import h5py, numpy"])
    try #require(probe.status == 0,
                 "\(systemPythonPath) cannot import h5py: run scripts/setup (Debian package python3-h5py). \(probe.stderr)")
}

/// Runs a Python script under /usr/bin/python3 and returns its stdout; fails on a nonzero exit.
func runPython(_ script: String, _ arguments: [String]) throws -> String {
    let result = try runProcess(systemPythonPath, ["-c", script] + arguments)
    try #require(result.status == 0, "python failed: \(result.stderr)")
    return result.stdout
}

/// Expects `body` to throw an `H5Error` and returns it.
func expectH5Error(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) throws -> H5Error {
    do {
        try body()
    } catch let error as H5Error {
        return error
    } catch {
        Issue.record("expected H5Error, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        throw error
    }
    Issue.record("expected an H5Error, but nothing was thrown", sourceLocation: sourceLocation)
    struct NothingThrown: Error {}
    throw NothingThrown()
}

/// A result handed from another thread; the semaphore orders the write before the read.
final class ResultBox<R>: @unchecked Sendable {
    var value: R?
    let done = DispatchSemaphore(value: 0)
}
