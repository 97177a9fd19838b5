import Foundation

/// An exclusive advisory lock (flock) on `PATH.lock`, so that a second optbench writing the
/// same output refuses at once instead of interleaving with the first.
final class FileLock {
    let path: String
    private var descriptor: Int32

    /// Takes the lock or throws at once if another process holds it.
    ///
    /// The lock file is removed on release; a process that opened it just before the removal
    /// would lock a file no longer at the path, so after locking we check that the path
    /// still names the locked file, and start over if not.
    init(guarding target: String) throws(InputError) {
        path = target + ".lock"
        while true {
            descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw InputError(file: path, message: "cannot create the lock file: \(String(cString: strerror(errno)))")
            }
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
                let code = errno
                close(descriptor)
                if code == EWOULDBLOCK {
                    throw InputError(file: target, message: "another optbench process is writing this output (lock \(path) is held)")
                }
                throw InputError(file: path, message: "cannot lock: \(String(cString: strerror(code)))")
            }
            var locked = stat(), current = stat()
            if fstat(descriptor, &locked) == 0, stat(path, &current) == 0, locked.st_ino == current.st_ino, locked.st_dev == current.st_dev {
                return
            }
            close(descriptor)
        }
    }

    /// Releases the lock and removes the lock file.
    func release() {
        guard descriptor >= 0 else { return }
        unlink(path)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
