import CHDF5

/// One open libhdf5 object identifier (group or dataset) and the file it belongs to.
///
/// Holding the ``H5File`` keeps the file open for as long as any of its objects is alive. The
/// identifier is closed by ``close()`` or in `deinit`; once the file is closed (which, with the
/// strong close degree ``H5File`` uses, closes every object of the file), the identifier is
/// treated as gone and never closed a second time.
final class H5Handle {
    let file: H5File
    /// The absolute path of the object inside the file.
    let path: String
    private var rawID: hid_t
    private let closer: @convention(c) (hid_t) -> herr_t

    init(file: H5File, path: String, id: hid_t, closer: @convention(c) (hid_t) -> herr_t) {
        self.file = file
        self.path = path
        self.rawID = id
        self.closer = closer
    }

    deinit {
        if rawID >= 0 && file.isOpen { H5Call.closeQuietly(rawID, closer) }
    }

    /// The site of this object (or of one of its attributes, with `@name`).
    func site(attribute: String? = nil) -> H5Call.Site {
        H5Call.Site(file: file.path, object: attribute.map { "\(path)@\($0)" } ?? path)
    }

    /// The identifier, or ``H5Error/Kind/closed`` if this object or its file is closed.
    func id(for operation: String, attribute: String? = nil) throws -> hid_t {
        guard rawID >= 0 else {
            throw H5Error(.closed, operation: operation, file: file.path, object: site(attribute: attribute).object,
                          reason: "the object was closed")
        }
        guard file.isOpen else {
            throw H5Error(.closed, operation: operation, file: file.path, object: site(attribute: attribute).object,
                          reason: "the file was closed")
        }
        return rawID
    }

    /// The absolute path of `relative` resolved from this object (HDF5 rules: a leading `/` is
    /// the root; `.` is this object).
    func resolve(_ relative: String) -> String {
        if relative.hasPrefix("/") { return relative }
        if relative.isEmpty || relative == "." { return path }
        return path == "/" ? "/" + relative : path + "/" + relative
    }

    /// Closes the identifier now; later use throws ``H5Error/Kind/closed``. Idempotent.
    func close() throws {
        guard rawID >= 0 else { return }
        let id = rawID
        rawID = -1
        guard file.isOpen else { return }
        try H5Call.status("close object", site()) { closer(id) }
    }
}
