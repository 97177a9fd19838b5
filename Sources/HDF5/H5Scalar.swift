/// A Swift type whose values this module reads and writes as dataset elements.
///
/// Conformers must have exactly the memory layout of their ``h5ScalarType`` in native byte order:
/// buffers of them are handed to libhdf5 as they are, with no per-element conversion. This module
/// conforms `Double` (`float64`), `Float` (`float32`) and `Int64` (`int64`).
public protocol H5Scalar: BitwiseCopyable, Sendable {
    /// The element type that stores this Swift type.
    static var h5ScalarType: H5ScalarType { get }
}

extension Double: H5Scalar {
    /// `float64`.
    public static var h5ScalarType: H5ScalarType { .float64 }
}

extension Float: H5Scalar {
    /// `float32`.
    public static var h5ScalarType: H5ScalarType { .float32 }
}

extension Int64: H5Scalar {
    /// `int64`.
    public static var h5ScalarType: H5ScalarType { .int64 }
}
