/// How a numeric dataset is stored: growable or fixed, chunking, and compression.
///
/// The default is a fixed-size contiguous dataset. Growth and filters need chunked storage, which
/// is then used automatically.
public struct H5DatasetOptions: Sendable, Hashable {
    /// Whether the first dimension can grow without limit (max dims `[unlimited, d1, …]`), for
    /// ``H5Dataset/append(_:)``. The other dimensions stay fixed.
    public var extendable: Bool
    /// Rows (first-dimension entries) per chunk; a chunk spans all other dimensions. `nil` picks
    /// rows worth about 64 KiB (capped at the row count for fixed datasets).
    public var chunkRows: Int?
    /// Apply the shuffle filter before deflate, which usually helps compress floats.
    public var shuffle: Bool
    /// The deflate (gzip) level, 0...9, or `nil` for no compression.
    public var deflateLevel: Int?

    /// Creates options; the defaults give a fixed-size, contiguous, uncompressed dataset.
    public init(extendable: Bool = false, chunkRows: Int? = nil, shuffle: Bool = false, deflateLevel: Int? = nil) {
        self.extendable = extendable
        self.chunkRows = chunkRows
        self.shuffle = shuffle
        self.deflateLevel = deflateLevel
    }

    /// Whether these options need chunked storage.
    var isChunked: Bool { extendable || chunkRows != nil || shuffle || deflateLevel != nil }
}
