import CZlib

#if _endian(big)
#error("H5ChunkEncoder hands native bytes to little-endian file types")
#endif

/// Encodes a chunk of a dataset exactly as libhdf5's shuffle and deflate filters do, without
/// libhdf5: on any thread, in parallel with others, with no library lock. Store the result with
/// ``H5Dataset/writeChunk(_:row:filterMask:)`` in a dataset created with the same
/// ``H5DatasetOptions`` (`shuffle`, `deflateLevel`).
///
/// The bytes are the filters' own: libhdf5 1.10 filters the whole chunk, the rows past the end
/// of the data filled with the fill value (zeros); shuffle (`H5Z_FILTER_SHUFFLE`) stores byte 0
/// of every element, then byte 1, and so on (nothing for one-byte elements or a one-element
/// chunk); deflate (`H5Z_FILTER_DEFLATE`) is zlib's `compress2` at the dataset's level (a zlib
/// stream, window 15, memory level 8). Tests compare them byte for byte with what libhdf5
/// stores itself.
///
/// One encoder keeps its zlib state and buffers across chunks (`deflateReset`, no allocation
/// per chunk once the buffers have grown). Not thread-safe: one per thread.
public final class H5ChunkEncoder {
    /// Whether the shuffle filter comes first.
    public let shuffle: Bool
    /// The deflate level, 0...9, or `nil` for no deflate.
    public let deflateLevel: Int?
    private var stream = z_stream()
    private var streamReady = false
    /// The chunk before deflate (zero-padded, shuffled), and the deflated chunk.
    private var staging: UnsafeMutableRawBufferPointer
    private var deflated: UnsafeMutableRawBufferPointer

    /// An encoder for datasets created with these filters.
    /// - Precondition: `deflateLevel` is nil or in 0...9.
    public init(shuffle: Bool, deflateLevel: Int?) {
        precondition(deflateLevel.map { (0...9).contains($0) } ?? true, "deflate level must be in 0...9")
        self.shuffle = shuffle
        self.deflateLevel = deflateLevel
        staging = .allocate(byteCount: 0, alignment: 16)
        deflated = .allocate(byteCount: 0, alignment: 16)
        if let deflateLevel {
            streamReady = czlib_deflate_init(&stream, Int32(deflateLevel)) == Z_OK
            precondition(streamReady, "zlib cannot initialize deflate")
        }
    }

    /// An encoder for datasets created with `options`.
    public convenience init(_ options: H5DatasetOptions) {
        self.init(shuffle: options.shuffle, deflateLevel: options.deflateLevel)
    }

    deinit {
        if streamReady { deflateEnd(&stream) }
        staging.deallocate()
        deflated.deallocate()
    }

    /// Encodes one chunk: `values` are its first elements, row-major (all of them, or fewer for
    /// the last chunk of a dataset), and `chunkElements` its size in elements (rows per chunk ×
    /// the other dimensions). Returns the stored bytes, valid until the next call.
    /// - Precondition: `values.count <= chunkElements`.
    public func encode<T: H5Scalar>(_ values: UnsafeBufferPointer<T>, chunkElements: Int) -> UnsafeRawBufferPointer {
        precondition(values.count <= chunkElements && chunkElements > 0, "\(values.count) values for a chunk of \(chunkElements)")
        let size = MemoryLayout<T>.size
        let byteCount = chunkElements * size
        let source = UnsafeRawBufferPointer(values)
        grow(&staging, to: byteCount)
        if shuffle && size > 1 && chunkElements > 1 {
            Self.shuffle(source, elements: chunkElements, size: size, into: staging)
        } else {
            if let base = source.baseAddress { staging.baseAddress!.copyMemory(from: base, byteCount: source.count) }
            (staging.baseAddress! + source.count).initializeMemory(as: UInt8.self, repeating: 0, count: byteCount - source.count)
        }
        guard deflateLevel != nil else { return UnsafeRawBufferPointer(rebasing: staging[0..<byteCount]) }
        let bound = Int(compressBound(uLong(byteCount)))
        grow(&deflated, to: bound)
        deflateReset(&stream)
        stream.next_in = staging.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_in = uInt(byteCount)
        stream.next_out = deflated.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(bound)
        let status = deflate(&stream, Z_FINISH)
        precondition(status == Z_STREAM_END, "zlib deflate failed (\(status)) with a compressBound-sized buffer")
        return UnsafeRawBufferPointer(rebasing: deflated[0..<Int(stream.total_out)])
    }

    /// libhdf5's shuffle of `elements` elements of `size` bytes, the ones past `source` zero:
    /// byte `b` of element `i` goes to `b·elements + i`.
    private static func shuffle(_ source: UnsafeRawBufferPointer, elements: Int, size: Int, into destination: UnsafeMutableRawBufferPointer) {
        let present = source.count / size
        let input = source.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) }
        let output = destination.baseAddress!.assumingMemoryBound(to: UInt8.self)
        for byte in 0..<size {
            let plane = output + byte * elements
            if let input {
                var i = 0
                while i < present {
                    plane[i] = input[i &* size &+ byte]
                    i &+= 1
                }
            }
            (plane + present).initialize(repeating: 0, count: elements - present)
        }
    }

    private func grow(_ buffer: inout UnsafeMutableRawBufferPointer, to byteCount: Int) {
        guard buffer.count < byteCount else { return }
        buffer.deallocate()
        buffer = .allocate(byteCount: byteCount, alignment: 16)
    }
}
