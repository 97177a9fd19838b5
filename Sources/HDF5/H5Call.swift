import CHDF5

/// The single path from this module to libhdf5.
///
/// Every libhdf5 call in this module is made inside one of these functions. Each first turns off
/// automatic error printing for the calling thread (`chdf5_silence_errors_on_this_thread`, once
/// per thread), then checks the result, and on failure walks and clears the thread's error stack
/// into an ``H5Error``. Routing calls through here is what makes the per-thread silencing
/// impossible to forget: a call made anywhere else would have no error handling either.
enum H5Call {
    /// Where a call happens, for error messages.
    struct Site {
        var file: String
        var object: String?
    }

    /// Runs a call whose result needs no check (getters of constants, closes in `deinit`).
    @inline(__always)
    static func unchecked<R>(_ body: () -> R) -> R {
        chdf5_silence_errors_on_this_thread()
        return body()
    }

    /// Runs a call that returns an identifier; a negative one is a failure.
    @inline(__always)
    static func id(_ operation: String, _ site: Site, _ body: () -> hid_t) throws -> hid_t {
        chdf5_silence_errors_on_this_thread()
        let id = body()
        if id < 0 { throw failure(operation, site) }
        return id
    }

    /// Runs a call that returns `herr_t`; a negative status is a failure.
    @inline(__always)
    static func status(_ operation: String, _ site: Site, _ body: () -> herr_t) throws {
        chdf5_silence_errors_on_this_thread()
        if body() < 0 { throw failure(operation, site) }
    }

    /// Runs a call that returns `htri_t`: positive is true, zero false, negative a failure.
    @inline(__always)
    static func bool(_ operation: String, _ site: Site, _ body: () -> htri_t) throws -> Bool {
        chdf5_silence_errors_on_this_thread()
        let value = body()
        if value < 0 { throw failure(operation, site) }
        return value > 0
    }

    /// Runs a call that returns a size or count (`ssize_t`, `int`); a negative one is a failure.
    @inline(__always)
    static func count<I: BinaryInteger>(_ operation: String, _ site: Site, _ body: () -> I) throws -> Int {
        chdf5_silence_errors_on_this_thread()
        let value = body()
        if value < 0 { throw failure(operation, site) }
        return Int(value)
    }

    /// Closes an identifier, ignoring failure (for `deinit` and cleanup after another error).
    @inline(__always)
    static func closeQuietly(_ id: hid_t, _ close: (hid_t) -> herr_t) {
        guard id >= 0 else { return }
        chdf5_silence_errors_on_this_thread()
        if close(id) < 0 { _ = H5Eclear2(chdf5_e_default()) }
    }

    /// The error for a failed call, with the innermost message of this thread's error stack,
    /// which is then cleared.
    static func failure(_ operation: String, _ site: Site, kind: H5Error.Kind = .library) -> H5Error {
        H5Error(
            kind, operation: operation, file: site.file, object: site.object,
            libraryMessage: takeErrorStack().first)
    }

    /// Descriptions on this thread's error stack, innermost (where the error was detected) first;
    /// clears the stack. Call only right after a failed call, on the same thread.
    static func takeErrorStack() -> [String] {
        chdf5_silence_errors_on_this_thread()
        var messages: [String] = []
        _ = withUnsafeMutablePointer(to: &messages) { pointer in
            H5Ewalk2(chdf5_e_default(), H5E_WALK_UPWARD, { _, error, data in
                guard let error, let data else { return 0 }
                let messages = data.assumingMemoryBound(to: [String].self)
                if let desc = error.pointee.desc, desc.pointee != 0 {
                    messages.pointee.append(String(cString: desc))
                } else {
                    var buffer = [CChar](repeating: 0, count: 256)
                    _ = H5Eget_msg(error.pointee.min_num, nil, &buffer, buffer.count)
                    messages.pointee.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
                }
                return 0
            }, pointer)
        }
        _ = H5Eclear2(chdf5_e_default())
        return messages
    }
}
