import Foundation

/// Whole-file reads of input files (suites, data) that another process may be writing.
///
/// The guarantee: what optbench parses are bytes the file held unchanged through two complete
/// reads, or a one-line error. A file is opened once; its kind and size come from that
/// descriptor (so a path swapped in between cannot be read instead); it is read to the end and
/// read a second time, and accepted only when both reads agree byte for byte and its size,
/// modification and change times are the same before and after. A file that keeps changing is
/// retried (``attempts`` times over about 0.6 s), then refused: "changed while being read". A
/// file replaced by rename (the safe way to update one) is read whole, old or new, since the
/// open descriptor keeps the old one. A writer that rewrites in place can leave a half-written
/// state that holds still: that is read as it is (a prefix that parses, or a parser's error).
///
/// Everything derived from the file — the parsed suite and its stored text, a dataset and its
/// fingerprint in the resume key — comes from those same bytes, read once per invocation.
enum FileSnapshot {
    /// Reads (pairs of reads) before giving up on a file that keeps changing.
    static let attempts = 6
    /// Bytes per `pread`.
    private static let chunk = 1 << 20

    /// The bytes of `path`.
    /// - Parameters:
    ///   - expected: what the file should be, for the message about a directory
    ///     ("a suite YAML file").
    ///   - maximumSize: the largest file accepted; `tooLarge` words the refusal of a larger one.
    ///   - betweenReads: a test's hook, called after each first read.
    /// - Throws: ``InputError`` naming the file: missing, a directory, not a regular file (a
    ///   FIFO, a device), too large, unreadable, or changing on every attempt.
    static func read(_ path: String, expected: String, maximumSize: Int, tooLarge: (Int) -> String,
                     betweenReads: () -> Void = {}) throws(InputError) -> [UInt8] {
        // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused just below).
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw InputError(file: path, message: errno == ENOENT ? "no such file" : "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw InputError(file: path, message: "cannot read: \(String(cString: strerror(errno)))") }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw InputError(file: path, message: "is a directory, expected \(expected)")
        default: throw InputError(file: path, message: "not a regular file")
        }
        var delay: UInt32 = 20_000  // microseconds, doubled after each failed attempt (0.02 … 0.64 s)
        for attempt in 1...attempts {
            let before = try Self.status(descriptor, path)
            guard Int(before.st_size) <= maximumSize else { throw InputError(file: path, message: tooLarge(Int(before.st_size))) }
            let bytes = try readAll(descriptor, path, expectedSize: Int(before.st_size), limit: maximumSize, tooLarge: tooLarge)
            betweenReads()
            let middle = try Self.status(descriptor, path)
            if same(before, middle), Int(middle.st_size) == bytes.count, try matches(descriptor, path, bytes),
               same(middle, try Self.status(descriptor, path)) {
                return bytes
            }
            if attempt < attempts {
                usleep(delay)
                delay *= 2
            }
        }
        throw InputError(file: path, message: "changed while being read (\(attempts) attempts); write the new version to another file and rename it over this one")
    }

    private static func status(_ descriptor: Int32, _ path: String) throws(InputError) -> stat {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw InputError(file: path, message: "cannot read: \(String(cString: strerror(errno)))") }
        return status
    }

    /// Size and the modification and change times (to the nanosecond) agree.
    private static func same(_ a: stat, _ b: stat) -> Bool {
        a.st_size == b.st_size
            && a.st_mtim.tv_sec == b.st_mtim.tv_sec && a.st_mtim.tv_nsec == b.st_mtim.tv_nsec
            && a.st_ctim.tv_sec == b.st_ctim.tv_sec && a.st_ctim.tv_nsec == b.st_ctim.tv_nsec
    }

    /// The whole file from offset 0 to its end as read now (not as `st_size` said).
    private static func readAll(_ descriptor: Int32, _ path: String, expectedSize: Int, limit: Int, tooLarge: (Int) -> String) throws(InputError) -> [UInt8] {
        // One byte more than expected, so a file that grew is noticed without another call.
        var bytes = [UInt8](repeating: 0, count: Swift.min(expectedSize, limit) + 1)
        var count = 0
        while true {
            if count == bytes.count {
                guard count <= limit else { throw InputError(file: path, message: tooLarge(count)) }
                bytes.append(contentsOf: repeatElement(0, count: Swift.min(chunk, limit + 1 - count)))
            }
            let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + count, $0.count - count, off_t(count)) }
            if got < 0 {
                if errno == EINTR { continue }
                throw InputError(file: path, message: "cannot read: \(String(cString: strerror(errno)))")
            }
            if got == 0 {
                bytes.removeLast(bytes.count - count)
                return bytes
            }
            count += got
        }
    }

    /// Whether reading the file again gives exactly `bytes` (and nothing after them).
    private static func matches(_ descriptor: Int32, _ path: String, _ bytes: [UInt8]) throws(InputError) -> Bool {
        var block = [UInt8](repeating: 0, count: chunk)
        var offset = 0
        while true {
            let got = block.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, chunk, off_t(offset)) }
            if got < 0 {
                if errno == EINTR { continue }
                throw InputError(file: path, message: "cannot read: \(String(cString: strerror(errno)))")
            }
            if got == 0 { return offset == bytes.count }
            guard offset + got <= bytes.count,
                  block.withUnsafeBytes({ new in bytes.withUnsafeBytes { old in memcmp(new.baseAddress!, old.baseAddress! + offset, got) == 0 } })
            else { return false }
            offset += got
        }
    }
}
