import Foundation

/// The few POSIX steps that make a new file durable and visible atomically.
enum DurableFiles {
    /// Renames `source` over `destination` (atomic on POSIX) and fsyncs the directory so the
    /// rename itself survives a power cut.
    static func replace(_ destination: String, with source: String) throws(InputError) {
        guard rename(source, destination) == 0 else {
            throw InputError(file: destination, message: "cannot move \(source) into place: \(String(cString: strerror(errno)))")
        }
        syncDirectory(of: destination)
    }

    /// fsyncs the file at `path`.
    static func sync(_ path: String) throws(InputError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw InputError(file: path, message: "cannot open to sync: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw InputError(file: path, message: "cannot write: \(String(cString: strerror(errno)))")
        }
    }

    /// Copies the bytes of `source` into a new file `destination` (which must not exist), in
    /// the kernel (`sendfile`), without syncing it.
    static func copy(_ source: String, to destination: String) throws(InputError) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else {
            throw InputError(file: source, message: "cannot open for copying: \(String(cString: strerror(errno)))")
        }
        defer { close(input) }
        try copy(input, named: source, to: destination)
    }

    /// Copies the bytes of the open file `input` (named `source` in messages), from its start,
    /// into a new file `destination` (which must not exist), in the kernel, without syncing it.
    static func copy(_ input: Int32, named source: String, to destination: String) throws(InputError) {
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard output >= 0 else {
            throw InputError(file: destination, message: "cannot create: \(String(cString: strerror(errno)))")
        }
        defer { close(output) }
        var status = stat()
        guard fstat(input, &status) == 0 else {
            throw InputError(file: source, message: "cannot copy: \(String(cString: strerror(errno)))")
        }
        var remaining = Int(status.st_size)
        var offset = off_t(0)
        while remaining > 0 {
            let sent = sendfile(output, input, &offset, Swift.min(remaining, 1 << 30))
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else {
                throw InputError(file: destination, message: "cannot copy \(source) into it: \(sent < 0 ? String(cString: strerror(errno)) : "the file shrank")")
            }
            remaining -= sent
        }
    }

    static func syncDirectory(of path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        let descriptor = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    /// Checks that `path` can be created: its directory exists and is writable, and it is not
    /// a directory itself.
    static func checkWritable(_ path: String) throws(InputError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw InputError(file: path, message: "is a directory; expected a results file path")
        }
        let directory = (path as NSString).deletingLastPathComponent
        let parent = directory.isEmpty ? "." : directory
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError(file: path, message: "the directory \(parent) does not exist")
        }
        // access(2) uses the real uid, which is what an unprivileged user or a read-only mount
        // (EROFS, even for root) is about; checked before anything is created beside the output.
        guard access(parent, W_OK) == 0 else {
            throw InputError(file: path, message: "the directory \(parent) is not writable (\(String(cString: strerror(errno))))")
        }
    }
}
