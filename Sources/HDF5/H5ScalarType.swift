import CHDF5

/// A numeric element type this module stores in datasets.
///
/// Files always hold the little-endian IEEE or two's-complement standard type
/// (`H5T_IEEE_F64LE`, `H5T_IEEE_F32LE`, `H5T_STD_I64LE`), which h5py reads as `float64`,
/// `float32` and `int64`.
public enum H5ScalarType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case float64, float32, int64

    /// The numpy-style name (`float64`, …).
    public var description: String { rawValue }

    var isFloatingPoint: Bool { self != .int64 }

    /// The size of one element in bytes.
    var byteCount: Int { self == .float32 ? 4 : 8 }

    /// The native memory type (a library constant; never closed).
    var memoryType: hid_t {
        H5Call.unchecked {
            switch self {
            case .float64: chdf5_native_double()
            case .float32: chdf5_native_float()
            case .int64: chdf5_native_int64()
            }
        }
    }

    /// The type written to files (a library constant; never closed).
    var fileType: hid_t {
        H5Call.unchecked {
            switch self {
            case .float64: chdf5_ieee_f64le()
            case .float32: chdf5_ieee_f32le()
            case .int64: chdf5_std_i64le()
            }
        }
    }

    /// The scalar type of a stored datatype, or `nil` when it is none of ours (strings, int32, …).
    static func matching(_ type: hid_t, _ site: H5Call.Site) throws -> H5ScalarType? {
        let typeClass = H5Call.unchecked { H5Tget_class(type) }
        let size = try H5Call.count("query datatype", site) { H5Tget_size(type) }
        switch typeClass {
        case H5T_FLOAT where size == 8: return .float64
        case H5T_FLOAT where size == 4: return .float32
        case H5T_INTEGER where size == 8:
            return H5Call.unchecked { H5Tget_sign(type) } == H5T_SGN_2 ? .int64 : nil
        default: return nil
        }
    }
}
