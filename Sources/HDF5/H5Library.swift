import CHDF5

/// Facts about the libhdf5 this process runs with.
public enum H5Library {
    /// The version linked at run time (`H5get_libversion`), such as `1.10.8`.
    public static var version: String {
        var major: UInt32 = 0, minor: UInt32 = 0, release: UInt32 = 0
        _ = H5Call.unchecked { H5get_libversion(&major, &minor, &release) }
        return "\(major).\(minor).\(release)"
    }

    /// Whether the library was built thread-safe (`H5is_library_threadsafe`): calls from several
    /// threads are then serialized by one global lock, never run in parallel.
    public static var isThreadSafe: Bool {
        var flag: hbool_t = false
        _ = H5Call.unchecked { H5is_library_threadsafe(&flag) }
        return flag
    }
}
