import CHDF5
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open HDF5 file.
///
/// Files are created with ``create(at:truncate:format:)`` and opened with ``open(at:mode:)``.
/// The file stays open while this object or any group, dataset or attribute set obtained from it
/// is alive, and closes when the last of them goes away; ``close()`` closes it (and all of its
/// objects, which then throw ``H5Error/Kind/closed``) at a point you choose.
///
/// Every file is opened with libhdf5's strong close degree, so when ``close()`` returns the
/// operating-system file is really closed, and its descriptor is made close-on-exec right after
/// opening, so child processes started later do not inherit it (nor libhdf5's lock on it).
///
/// - Important: Not `Sendable`. libhdf5 is built thread-safe, with one global lock: calls from
///   several threads are serialized, never parallel. Confine a file and its objects to one
///   thread, task or actor at a time (optbench uses one writer). Any thread may be used, since
///   this module turns off libhdf5's error printing on each thread before its first call.
public final class H5File {
    /// How an existing file is opened.
    public enum Mode: Sendable, Hashable {
        /// Read only.
        case readOnly
        /// Read and write.
        case readWrite
        /// Read only, as a single-writer/multiple-reader (SWMR) reader of a file being written.
        case swmrRead
        /// Read and write as the SWMR writer. The file must have been created with the
        /// ``Format/v110`` format. Only append to existing datasets: see ``startSWMRWrite()``.
        case swmrWrite
    }

    /// The oldest libhdf5 file format version the file may use (`H5Pset_libver_bounds`).
    public enum Format: Sendable, Hashable {
        /// libhdf5's default (low bound `H5F_LIBVER_EARLIEST`): each object in the oldest format
        /// that can hold it, readable by HDF5 1.8 and later.
        case earliest
        /// `H5F_LIBVER_V110` for both bounds: required for SWMR; readable by HDF5 1.10 and later.
        case v110
    }

    /// The path the file was created or opened with.
    public let path: String
    /// The mode the file was opened in; ``Mode/readWrite`` for a created file until
    /// ``startSWMRWrite()``, then ``Mode/swmrWrite``.
    public private(set) var mode: Mode
    /// Whether the file is still open (false after ``close()``).
    public private(set) var isOpen = true
    private let id: hid_t
    /// The bytes of an in-memory file, released (after `H5Fclose` in `deinit`) with this object.
    private var image: Image?

    private init(path: String, id: hid_t, mode: Mode) {
        self.path = path
        self.id = id
        self.mode = mode
    }

    deinit {
        if isOpen { H5Call.closeQuietly(id, H5Fclose) }
    }

    /// Creates a new file.
    ///
    /// Never truncates an existing file unless `truncate` is `true`: without it, an existing file
    /// makes this throw ``H5Error/Kind/fileExists`` and leaves the file untouched (libhdf5
    /// creates with `O_EXCL`, so a file that appears concurrently is not overwritten either).
    /// - Parameters:
    ///   - path: The file to create.
    ///   - truncate: Replace an existing file. Default `false`.
    ///   - format: The file format bounds; ``Format/v110`` is needed for SWMR. Default
    ///     ``Format/earliest``.
    ///   - chunkIndexFanout: Chunks per node of the chunk indexes of chunked datasets (version 1
    ///     B-trees; `H5Pset_istore_k` with half of it), an even number ≥ 2. libhdf5's default,
    ///     `nil`, is 64: a node of about 2 KiB for every chunked dataset, even one of one chunk.
    ///     Another value makes the superblock version 1, which HDF5 1.6 and later read.
    public static func create(at path: String, truncate: Bool = false, format: Format = .earliest,
                              chunkIndexFanout: Int? = nil) throws -> H5File {
        let site = H5Call.Site(file: path)
        let access = try accessList(format: format, site)
        defer { H5Call.closeQuietly(access, H5Pclose) }
        let creation = try H5Call.id("create file creation list", site) { H5Pcreate(chdf5_p_file_create()) }
        defer { H5Call.closeQuietly(creation, H5Pclose) }
        if let fanout = chunkIndexFanout {
            guard fanout >= 2, fanout % 2 == 0, fanout <= 65_534 else {
                throw H5Error(.invalidArgument, operation: "create file", file: path,
                              reason: "chunkIndexFanout must be an even number in 2...65534, got \(fanout)")
            }
            try H5Call.status("set chunk index node size", site) { H5Pset_istore_k(creation, UInt32(fanout / 2)) }
        }
        let flags = truncate ? H5Call.unchecked(chdf5_f_acc_trunc) : H5Call.unchecked(chdf5_f_acc_excl)
        do {
            let id = try retryingWhileLocked {
                try H5Call.id("create file", site) { H5Fcreate(path, flags, creation, access) }
            }
            let file = H5File(path: path, id: id, mode: .readWrite)
            file.setCloseOnExec()
            return file
        } catch let error as H5Error {
            throw diagnose(error, creating: true, truncate: truncate)
        }
    }

    /// Opens an existing file.
    ///
    /// A missing file, a file that is not HDF5, and a file the process may not read (or write,
    /// for the writing modes) throw ``H5Error/Kind/fileNotFound``, ``H5Error/Kind/notHDF5`` and
    /// ``H5Error/Kind/permissionDenied`` with a message that says so. A file locked by another
    /// writer throws ``H5Error/Kind/fileLocked`` after about 0.25 s of retries (libhdf5's file
    /// locking: a writer excludes everyone else, except ``Mode/swmrRead`` readers of a SWMR writer).
    /// - Parameters:
    ///   - path: The file to open.
    ///   - mode: Default ``Mode/readOnly``.
    public static func open(at path: String, mode: Mode = .readOnly) throws -> H5File {
        let site = H5Call.Site(file: path)
        let access = try accessList(format: mode == .swmrWrite ? .v110 : .earliest, site)
        defer { H5Call.closeQuietly(access, H5Pclose) }
        let flags: UInt32 = H5Call.unchecked {
            switch mode {
            case .readOnly: chdf5_f_acc_rdonly()
            case .readWrite: chdf5_f_acc_rdwr()
            case .swmrRead: chdf5_f_acc_rdonly() | chdf5_f_acc_swmr_read()
            case .swmrWrite: chdf5_f_acc_rdwr() | chdf5_f_acc_swmr_write()
            }
        }
        do {
            let id = try retryingWhileLocked {
                try H5Call.id("open file", site) { H5Fopen(path, flags, access) }
            }
            let file = H5File(path: path, id: id, mode: mode)
            file.setCloseOnExec()
            return file
        } catch let error as H5Error {
            throw diagnose(error, writing: mode == .readWrite || mode == .swmrWrite)
        }
    }

    /// Opens, read-only, an HDF5 file held in memory: `bytes` are a whole file's contents, as
    /// read from disk or received. libhdf5's core driver reads this object's copy of them in
    /// place (`H5Pset_fapl_core` without a backing store; `H5Pset_file_image` with callbacks
    /// that share the buffer instead of copying it twice more), so nothing on disk is opened,
    /// locked or written; `name` only names the file in messages and ``path``.
    ///
    /// Bytes that are not an HDF5 file throw ``H5Error/Kind/notHDF5``.
    public static func open(image bytes: [UInt8], name: String) throws -> H5File {
        let site = H5Call.Site(file: name)
        let signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]
        // The signature is at 0, or after a user block of 512, 1024, 2048, … bytes.
        let offsets = [0] + sequence(first: 512) { $0 <= bytes.count / 2 ? $0 * 2 : nil }
        guard offsets.contains(where: { $0 + 8 <= bytes.count && Array(bytes[$0..<($0 + 8)]) == signature }) else {
            throw H5Error(.notHDF5, operation: "open file", file: name, reason: "the file is not an HDF5 file")
        }
        let image = Image(bytes)
        let access = try accessList(format: .earliest, site)
        defer { H5Call.closeQuietly(access, H5Pclose) }
        try H5Call.status("use an in-memory file", site) { H5Pset_fapl_core(access, 1 << 20, false) }
        var callbacks = H5FD_file_image_callbacks_t(
            image_malloc: { _, _, udata in udata },  // the one buffer, for every copy libhdf5 asks for
            image_memcpy: { destination, source, count, _, _ in
                if let destination, let source, UnsafeRawPointer(destination) != source { memcpy(destination, source, count) }
                return destination
            },
            image_realloc: { _, _, _, _ in nil },  // read-only: never grows
            image_free: { _, _, _ in 0 },  // freed by Image after the file closes
            udata_copy: { udata in udata },
            udata_free: { _ in 0 },
            udata: image.buffer.baseAddress)
        try H5Call.status("use an in-memory file", site) { H5Pset_file_image_callbacks(access, &callbacks) }
        try H5Call.status("use an in-memory file", site) { H5Pset_file_image(access, image.buffer.baseAddress, image.buffer.count) }
        // The core driver refuses a name that exists on disk ("file already exists"), and
        // nothing can exist below /dev/null; the address keeps open images apart.
        let internalName = "/dev/null/optbench-image-\(UInt(bitPattern: image.buffer.baseAddress))"
        let id = try H5Call.id("open file", site) { H5Fopen(internalName, H5Call.unchecked(chdf5_f_acc_rdonly), access) }
        let file = H5File(path: name, id: id, mode: .readOnly)
        file.image = image
        return file
    }

    /// Creates an empty, writable HDF5 file that lives only in this process's memory (libhdf5's
    /// core driver without a backing store): nothing on disk is created, opened or locked, and
    /// the memory is freed when the file closes. `name` only names the file in messages and
    /// ``path``; any number of such files may be open at once under the same name.
    public static func createInMemory(name: String) throws -> H5File {
        let site = H5Call.Site(file: name)
        let access = try accessList(format: .earliest, site)
        defer { H5Call.closeQuietly(access, H5Pclose) }
        try H5Call.status("use an in-memory file", site) { H5Pset_fapl_core(access, 64 << 10, false) }
        // libhdf5 refuses to create a file under the name of one it has open; nothing can exist
        // below /dev/null, and the number keeps open files apart.
        let internalName = "/dev/null/optbench-memory-\(memoryFileCounter.add(1, ordering: .relaxed).oldValue)"
        let id = try H5Call.id("create file", site) {
            H5Fcreate(internalName, H5Call.unchecked(chdf5_f_acc_excl), chdf5_p_default(), access)
        }
        return H5File(path: name, id: id, mode: .readWrite)
    }

    /// Numbers the files of ``createInMemory(name:)``.
    private static let memoryFileCounter = Atomic<Int>(0)

    /// The memory of a file opened with ``open(image:name:)``, freed after the file closes.
    private final class Image {
        let buffer: UnsafeMutableRawBufferPointer

        init(_ bytes: [UInt8]) {
            buffer = .allocate(byteCount: bytes.count, alignment: 16)
            bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
        }

        deinit {
            buffer.deallocate()
        }
    }

    /// The root group `/` (a new handle on each access).
    public var root: H5Group {
        get throws {
            let fileID = try openID(for: "open group")
            let id = try H5Call.id("open group", H5Call.Site(file: path, object: "/")) {
                H5Gopen2(fileID, "/", chdf5_p_default())
            }
            return H5Group(H5Handle(file: self, path: "/", id: id, closer: H5Gclose))
        }
    }

    /// The attributes of the root group, which h5py shows as the file's `attrs`.
    public var attributes: H5Attributes {
        get throws { try root.attributes }
    }

    /// Switches a file created or opened for writing to SWMR writing (`H5Fstart_swmr_write`).
    ///
    /// Call it after every group, dataset and attribute the writer needs has been created: from
    /// then on, readers may open the file with ``Mode/swmrRead`` while datasets grow through
    /// appends and writes. SWMR does not support creating objects or attributes afterwards;
    /// libhdf5 1.10.8 does not refuse it (measured), but readers may then see a corrupt file.
    /// Throws ``H5Error/Kind/invalidArgument`` unless the file has the ``Format/v110`` format.
    public func startSWMRWrite() throws {
        let operation = "start SWMR writing"
        let id = try openID(for: operation)
        do {
            try H5Call.status(operation, site) { H5Fstart_swmr_write(id) }
        } catch var error as H5Error {
            if error.libraryMessage?.contains("superblock version") == true {
                error.kind = .invalidArgument
                error.reason = "the file format is too old for SWMR (create the file with format: .v110)"
            }
            throw error
        }
        mode = .swmrWrite
    }

    /// Writes everything buffered by libhdf5 to the operating system (`H5Fflush`, global scope).
    ///
    /// `H5Fflush` does not call `fsync`: the data may still sit in the OS page cache. Pass
    /// `fsync: true` to also `fsync` the file descriptor, so the data survives a power loss. That
    /// works with the default POSIX (sec2) driver, which this module always uses.
    public func flush(fsync: Bool = false) throws {
        let id = try openID(for: "flush file")
        try H5Call.status("flush file", site) { H5Fflush(id, H5F_SCOPE_GLOBAL) }
        guard fsync else { return }
        guard let descriptor = try fileDescriptor(for: "fsync file") else {
            throw H5Error(.invalidArgument, operation: "fsync file", file: path,
                          reason: "the file does not use the POSIX (sec2) driver")
        }
        #if canImport(Glibc)
        let result = Glibc.fsync(descriptor)
        #else
        let result = Darwin.fsync(descriptor)
        #endif
        if result != 0 {
            throw H5Error(.io, operation: "fsync file", file: path, reason: String(cString: strerror(errno)))
        }
    }

    /// Closes the file now (`H5Fclose`), and with it every group and dataset obtained from it.
    ///
    /// Later use of the file or its objects throws ``H5Error/Kind/closed``. Idempotent. Without
    /// an explicit call, the file closes when this object and all its objects are released.
    public func close() throws {
        guard isOpen else { return }
        isOpen = false
        try H5Call.status("close file", site) { H5Fclose(id) }
    }

    /// The number of open groups, datasets, named datatypes and attributes of this file, as
    /// libhdf5 counts them (`H5Fget_obj_count`); tests use it to prove that nothing leaks.
    @_spi(Testing) public var openObjectCount: Int {
        get throws {
            let id = try openID(for: "count open objects")
            let types = UInt32(H5F_OBJ_DATASET | H5F_OBJ_GROUP | H5F_OBJ_DATATYPE | H5F_OBJ_ATTR | H5F_OBJ_LOCAL)
            return try H5Call.count("count open objects", site) { H5Fget_obj_count(id, types) }
        }
    }

    // MARK: Internals

    var site: H5Call.Site { H5Call.Site(file: path) }

    /// The file identifier, or ``H5Error/Kind/closed``.
    func openID(for operation: String) throws -> hid_t {
        guard isOpen else {
            throw H5Error(.closed, operation: operation, file: path, reason: "the file was closed")
        }
        return id
    }

    /// The operating-system file descriptor, or `nil` if the file does not use the POSIX (sec2)
    /// driver (this module always uses it).
    private func fileDescriptor(for operation: String) throws -> Int32? {
        let id = try openID(for: operation)
        let access = try H5Call.id(operation, site) { H5Fget_access_plist(id) }
        defer { H5Call.closeQuietly(access, H5Pclose) }
        let driver = try H5Call.id(operation, site) { H5Pget_driver(access) }
        guard driver == H5Call.unchecked(chdf5_fd_sec2) else { return nil }
        var handle: UnsafeMutableRawPointer?
        try H5Call.status(operation, site) { H5Fget_vfd_handle(id, access, &handle) }
        return handle?.load(as: Int32.self)
    }

    /// Marks the file descriptor close-on-exec. libhdf5 opens files without `O_CLOEXEC`, so a
    /// child process started while the file is open would inherit the descriptor, and with it
    /// libhdf5's `flock` lock, keeping the file locked after this process closes it. The window
    /// between libhdf5's `open` and this call remains.
    private func setCloseOnExec() {
        guard let descriptor = try? fileDescriptor(for: "set close-on-exec") else { return }
        let flags = fcntl(descriptor, F_GETFD)
        if flags >= 0 { _ = fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC) }
    }

    /// Runs `body` (an `H5Fcreate` or `H5Fopen`) again while it fails because the file is locked,
    /// for about 0.25 s in all.
    ///
    /// libhdf5 `flock`s every file it opens, and opens it without `O_CLOEXEC`. A child process
    /// that another thread spawns in the moment between libhdf5's `open` and ``setCloseOnExec()``
    /// (or, with `posix_spawn`, before the child's `exec`) shares the descriptor and so holds the
    /// lock for a few milliseconds, even after this process has closed the file. Waiting out that
    /// window makes close-then-reopen reliable; a real conflict still fails, with
    /// ``H5Error/Kind/fileLocked``.
    private static func retryingWhileLocked(_ body: () throws -> hid_t) throws -> hid_t {
        var delay: UInt32 = 1_000  // microseconds
        while true {
            do {
                return try body()
            } catch let error as H5Error where isLockConflict(error) && delay <= 128_000 {
                usleep(delay)
                delay *= 2
            }
        }
    }

    private static func isLockConflict(_ error: H5Error) -> Bool {
        error.libraryMessage?.contains("unable to lock file") == true
    }

    /// A file access property list: strong close degree, and the format bounds.
    private static func accessList(format: Format, _ site: H5Call.Site) throws -> hid_t {
        let access = try H5Call.id("create file access list", site) { H5Pcreate(chdf5_p_file_access()) }
        do {
            try H5Call.status("set file close degree", site) { H5Pset_fclose_degree(access, H5F_CLOSE_STRONG) }
            if format == .v110 {
                try H5Call.status("set file format bounds", site) {
                    H5Pset_libver_bounds(access, chdf5_f_libver_v110(), chdf5_f_libver_v110())
                }
            }
        } catch {
            H5Call.closeQuietly(access, H5Pclose)
            throw error
        }
        return access
    }

    /// Replaces a library error from `H5Fcreate`/`H5Fopen` with a clear one when the cause is a
    /// missing file or directory, an existing file, a permission, or a non-HDF5 file.
    private static func diagnose(
        _ error: H5Error, creating: Bool = false, truncate: Bool = false, writing: Bool = false
    ) -> H5Error {
        let path = error.file
        var refined = error
        func refine(_ kind: H5Error.Kind, _ reason: String) -> H5Error {
            refined.kind = kind
            refined.reason = reason
            return refined
        }
        if isLockConflict(error) {
            return refine(.fileLocked, "the file is locked: it is open for writing elsewhere (another process "
                                       + "or another H5File), or open elsewhere while this open wants to write")
        }
        let exists = access(path, F_OK) == 0
        if creating {
            if exists && !truncate {
                return refine(.fileExists, "the file exists (pass truncate: true to replace it)")
            }
            let directory = parentDirectory(of: path)
            if access(directory, F_OK) != 0 {
                return refine(.fileNotFound, "the directory '\(directory)' does not exist")
            }
            if access(directory, W_OK) != 0 || (exists && access(path, W_OK) != 0) {
                return refine(.permissionDenied, "permission denied")
            }
            return error
        }
        if !exists { return refine(.fileNotFound, "no such file") }
        if access(path, writing ? R_OK | W_OK : R_OK) != 0 {
            return refine(.permissionDenied, writing ? "permission denied (read and write needed)" : "permission denied")
        }
        let isHDF5 = H5Call.unchecked { H5Fis_hdf5(path) }
        _ = H5Call.takeErrorStack()
        if isHDF5 == 0 { return refine(.notHDF5, "the file is not an HDF5 file") }
        return error
    }

    private static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

