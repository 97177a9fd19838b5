import Foundation

/// Files for loaders that take a path: one private directory per process, reused for every
/// input and removed at exit (a crash leaves it in `$TMPDIR`, which `scripts/fuzz` points at
/// its own scratch directory).
public enum FuzzFiles {
    /// `$TMPDIR/optbench-fuzz.XXXXXX`, made on first use.
    public static let directory: String = {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((base + "/optbench-fuzz.XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { fatalError("fuzz: cannot make a directory in \(base)") }
        let path = String(cString: made)
        atexit { try? FileManager.default.removeItem(atPath: FuzzFiles.directory) }
        return path
    }()

    /// Writes `bytes` to `name` in ``directory`` (replacing what was there) and returns its path.
    @discardableResult
    public static func write(_ bytes: UnsafeRawBufferPointer, name: String) -> String {
        let path = directory + "/" + name
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { fatalError("fuzz: cannot write \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            guard written > 0 else { fatalError("fuzz: cannot write \(path): \(String(cString: strerror(errno)))") }
            offset += written
        }
        return path
    }

    /// Removes `name` from ``directory`` if it is there.
    public static func remove(_ name: String) {
        unlink(directory + "/" + name)
    }
}

/// The input libFuzzer hands over, as a buffer (an empty input may come with a null pointer).
public func fuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> UnsafeRawBufferPointer {
    guard let data, size > 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
    return UnsafeRawBufferPointer(start: data, count: size)
}
