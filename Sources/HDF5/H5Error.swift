/// An error from an HDF5 operation: what was attempted, on which file and object, and why.
///
/// Every throwing API of this module throws `H5Error` and nothing else. When libhdf5 itself
/// reported the failure, ``libraryMessage`` holds the innermost description from its error stack
/// (the place the error was detected, e.g. `file signature not found`). libhdf5 never prints that
/// stack to stderr: this module turns automatic printing off on every thread before its first call
/// there.
public struct H5Error: Error, CustomStringConvertible, Sendable, Hashable {
    /// The category of a failure, for callers that react to some of them (e.g. a missing file).
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        /// A short lowercase name, such as `file not found`.
        public let description: String
        init(_ description: String) { self.description = description }

        /// The file does not exist.
        public static let fileNotFound = Kind("file not found")
        /// Creating a file that exists, without `truncate: true`.
        public static let fileExists = Kind("file exists")
        /// The file exists but is not an HDF5 file.
        public static let notHDF5 = Kind("not an HDF5 file")
        /// Another open of the file holds libhdf5's lock on it (a writer elsewhere, or any open
        /// while this one wants to write).
        public static let fileLocked = Kind("file locked")
        /// The operating system refused access to the file.
        public static let permissionDenied = Kind("permission denied")
        /// No object or attribute at the given path or name.
        public static let notFound = Kind("not found")
        /// An object or attribute of that name exists already.
        public static let alreadyExists = Kind("already exists")
        /// The stored type or shape differs from the one requested.
        public static let typeMismatch = Kind("type mismatch")
        /// An argument is out of range or inconsistent (shape, slice, element count, level).
        public static let invalidArgument = Kind("invalid argument")
        /// The object, or the file it belongs to, was closed.
        public static let closed = Kind("closed")
        /// An operating-system I/O call failed (e.g. `fsync`).
        public static let io = Kind("I/O error")
        /// Any other failure reported by libhdf5.
        public static let library = Kind("HDF5 library error")
    }

    /// The category of the failure.
    public var kind: Kind
    /// What was attempted, as a verb phrase (`open file`, `append rows`, `read attribute`).
    public var operation: String
    /// The path of the HDF5 file.
    public var file: String
    /// The object's absolute path inside the file (with `@name` for an attribute), if any.
    public var object: String?
    /// Why it failed, in this module's words, or libhdf5's when it has nothing to add.
    public var reason: String
    /// The innermost description from libhdf5's error stack, when libhdf5 reported the failure.
    public var libraryMessage: String?

    /// Creates an error; `reason` defaults to the library message.
    init(
        _ kind: Kind, operation: String, file: String, object: String? = nil,
        reason: String? = nil, libraryMessage: String? = nil
    ) {
        self.kind = kind
        self.operation = operation
        self.file = file
        self.object = object
        self.reason = reason ?? libraryMessage ?? kind.description
        self.libraryMessage = libraryMessage
    }

    /// One line: `cannot OPERATION FILE[:OBJECT]: REASON (libhdf5: MESSAGE)`.
    public var description: String {
        var text = "cannot \(operation) '\(file)"
        if let object { text += ":\(object)" }
        text += "': \(reason)"
        if let libraryMessage, libraryMessage != reason { text += " (libhdf5: \(libraryMessage))" }
        return text
    }
}
