/// A row-major matrix of `rows × columns` scalars in memory owned by someone else (a
/// ``NetworkWorkspace`` or an evaluator): one row per example of a batch.
///
/// A view never allocates or frees; copying it copies the pointer. Element `(r, c)` lives at
/// `base[r · columns + c]`.
public struct MatrixView<T> {
    public let base: UnsafeMutablePointer<T>
    public let rows: Int
    public let columns: Int

    public init(base: UnsafeMutablePointer<T>, rows: Int, columns: Int) {
        self.base = base
        self.rows = rows
        self.columns = columns
    }

    /// `rows · columns`.
    @inlinable public var count: Int { rows * columns }

    /// The elements as one buffer.
    @inlinable public var buffer: UnsafeMutableBufferPointer<T> {
        UnsafeMutableBufferPointer(start: base, count: rows * columns)
    }

    /// The first element of row `row`.
    @inlinable public func row(_ row: Int) -> UnsafeMutablePointer<T> {
        base + row * columns
    }

    @inlinable public subscript(row: Int, column: Int) -> T {
        get { base[row * columns + column] }
        nonmutating set { base[row * columns + column] = newValue }
    }
}

/// The shape of one example's features: `channels × height × width`, stored channel-major
/// (`NCHW` for a batch, as in PyTorch). Plain feature vectors are `n × 1 × 1`.
public struct FeatureShape: Sendable, Hashable, CustomStringConvertible {
    public var channels: Int
    public var height: Int
    public var width: Int

    public init(channels: Int, height: Int, width: Int) {
        self.channels = channels
        self.height = height
        self.width = width
    }

    /// A plain vector of `count` features.
    public static func flat(_ count: Int) -> FeatureShape {
        FeatureShape(channels: count, height: 1, width: 1)
    }

    /// `channels · height · width`: the number of scalars per example.
    public var count: Int { channels * height * width }

    /// Whether this is a plain vector (`height == width == 1`).
    public var isFlat: Bool { height == 1 && width == 1 }

    /// `64` for vectors, `8×8×8` (channels×height×width) for images.
    public var description: String {
        isFlat ? "\(channels)" : "\(channels)×\(height)×\(width)"
    }
}
