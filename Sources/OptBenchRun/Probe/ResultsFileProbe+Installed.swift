import Foundation

extension ResultsFileProbe {
    /// The probe of this process and the files it passed, each with its identity then.
    private static let state = InstalledState()

    /// `state`'s value behind an `NSLock`, a pthread mutex, which ThreadSanitizer follows.
    /// (Synchronization's `Mutex` locks with futexes inside the uninstrumented standard
    /// library, so TSan reported the accesses it guards, from two threads, as races.)
    private final class InstalledState: @unchecked Sendable {
        typealias Value = (probe: ResultsFileProbe?, vetted: [String: (FileIdentity, ResultsReadScope)])
        private let lock = NSLock()
        private var value: Value = (nil, [:])

        func withLock<Result>(_ body: (inout Value) -> Result) -> Result {
            lock.lock()
            defer { lock.unlock() }
            return body(&value)
        }
    }

    /// Makes `probe` the one every ``ResultsReader/init(path:)`` goes through first (the CLI
    /// installs one pointing at its own executable); nil, the default, reads in-process.
    public static func install(_ probe: ResultsFileProbe?) {
        state.withLock { $0 = (probe, [:]) }
    }

    /// The installed probe, if any.
    public static var installed: ResultsFileProbe? {
        state.withLock { $0.probe }
    }

    /// Checks `paths` with the installed probe, all in one child reading `scope` of each,
    /// except files it passed before, as far, that have not changed since (device, inode, size,
    /// times). Paths that name nothing are left to the reader, which says so. Without a probe,
    /// does nothing.
    /// - Throws: ``InputError`` from ``check(_:scope:)``.
    public static func vet(_ paths: [String], scope: ResultsReadScope = .everything) throws(InputError) {
        let (probe, vetted) = state.withLock { ($0.probe, $0.vetted) }
        guard let probe else { return }
        // Identities are taken before the child reads: a file changed meanwhile differs later.
        let pending = paths.compactMap { path in FileIdentity(path: path).map { (path, $0) } }.filter { path, identity in
            guard let (passed, passedScope) = vetted[path] else { return true }
            return passed != identity || passedScope < scope
        }
        guard !pending.isEmpty else { return }
        try probe.check(pending.map(\.0), scope: scope)
        state.withLock { state in
            for (path, identity) in pending { state.vetted[path] = (identity, scope) }
        }
    }

    /// Records that this process wrote `path` as it is now: readers open it without a child.
    static func trust(_ path: String) {
        guard let identity = FileIdentity(path: path) else { return }
        state.withLock { $0.vetted[path] = (identity, .everything) }
    }
}
