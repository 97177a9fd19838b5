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
/// **Storing noise.** With `storesIncompressiblePlanes`, the encoder judges each shuffled byte
/// plane first and stores the ones deflate cannot shrink (the low mantissa bytes of real-valued
/// data are close to random) as deflate's stored blocks, level 0 inside the same zlib stream;
/// the others are deflated at `deflateLevel`. Any zlib decoder, libhdf5's filter included,
/// reads the stream as before, so the dataset is still gzip level `deflateLevel` to every
/// reader; only the bytes differ from what libhdf5 would store. On optbench's trajectories
/// this deflates 2–2.5× faster for 1–10 % more bytes (docs/performance.md).
///
/// One encoder keeps its zlib state and buffers across chunks (`deflateReset`, no allocation
/// per chunk once the buffers have grown). Not thread-safe: one per thread.
public final class H5ChunkEncoder {
    /// Whether the shuffle filter comes first.
    public let shuffle: Bool
    /// The deflate level, 0...9, or `nil` for no deflate.
    public let deflateLevel: Int?
    /// Whether byte planes that look incompressible are stored rather than deflated.
    public let storesIncompressiblePlanes: Bool
    private var stream = z_stream()
    private var streamReady = false
    /// The level the zlib stream compresses at now (planes switch it with `deflateParams`).
    private var streamLevel: Int32 = 0
    /// Byte counts of the plane being judged.
    private var histogram: UnsafeMutablePointer<UInt32>
    /// The chunk before deflate (zero-padded, shuffled), and the deflated chunk.
    private var staging: UnsafeMutableRawBufferPointer
    private var deflated: UnsafeMutableRawBufferPointer

    /// An encoder for datasets created with these filters. With `storesIncompressiblePlanes`,
    /// shuffled planes that deflate cannot shrink are stored (see the type's description);
    /// without it, the bytes are libhdf5's own.
    /// - Precondition: `deflateLevel` is nil or in 0...9.
    public init(shuffle: Bool, deflateLevel: Int?, storesIncompressiblePlanes: Bool = false) {
        precondition(deflateLevel.map { (0...9).contains($0) } ?? true, "deflate level must be in 0...9")
        self.shuffle = shuffle
        self.deflateLevel = deflateLevel
        self.storesIncompressiblePlanes = storesIncompressiblePlanes
        staging = .allocate(byteCount: 0, alignment: 16)
        deflated = .allocate(byteCount: 0, alignment: 16)
        histogram = .allocate(capacity: 4 * 256)
        if let deflateLevel {
            streamReady = czlib_deflate_init(&stream, Int32(deflateLevel)) == Z_OK
            precondition(streamReady, "zlib cannot initialize deflate")
            streamLevel = Int32(deflateLevel)
        }
    }

    /// An encoder for datasets created with `options`.
    public convenience init(_ options: H5DatasetOptions, storesIncompressiblePlanes: Bool = false) {
        self.init(shuffle: options.shuffle, deflateLevel: options.deflateLevel, storesIncompressiblePlanes: storesIncompressiblePlanes)
    }

    deinit {
        if streamReady { deflateEnd(&stream) }
        staging.deallocate()
        deflated.deallocate()
        histogram.deallocate()
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
        guard let deflateLevel else { return UnsafeRawBufferPointer(rebasing: staging[0..<byteCount]) }
        // compressBound, plus room for a stored block's header and a block's end per plane.
        let bound = Int(compressBound(uLong(byteCount))) + 32 * size + 64
        grow(&deflated, to: bound)
        deflateReset(&stream)
        stream.next_out = deflated.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(bound)
        let planes = storesIncompressiblePlanes && shuffle && size > 1 && chunkElements > 1 ? size : 1
        let planeBytes = byteCount / planes
        for plane in 0..<planes {
            let start = staging.baseAddress!.assumingMemoryBound(to: UInt8.self) + plane * planeBytes
            let stores = planes > 1 && planeBytes >= Self.smallestJudgedPlane && isIncompressible(start, count: planeBytes)
            setStreamLevel(stores ? 0 : Int32(deflateLevel))
            stream.next_in = start
            stream.avail_in = uInt(planeBytes)
            let last = plane == planes - 1
            let status = deflate(&stream, last ? Z_FINISH : Z_NO_FLUSH)
            precondition(status == (last ? Z_STREAM_END : Z_OK) && stream.avail_in == 0,
                         "zlib deflate failed (\(status)) with a buffer of \(bound) bytes for \(byteCount)")
        }
        return UnsafeRawBufferPointer(rebasing: deflated[0..<Int(stream.total_out)])
    }

    /// Planes shorter than this are always deflated: too few bytes to judge, and cheap anyway.
    static let smallestJudgedPlane = 256

    /// Whether deflate would gain next to nothing on these bytes: their byte distribution is
    /// nearly flat (a Rényi entropy of order 2 above 7.25 bits per byte, i.e. Σcᵢ² < n²/2^7.25,
    /// so Shannon's, which bounds Huffman coding's gain, is higher still) and they show no
    /// repetition LZ77 would find: fewer than 1 in 8 sampled bytes equal the byte 1, 2 or 256
    /// places back (a counter's low byte, 0, 1, … 255, 0, 1, …, is flat but repeats every 256).
    /// Noise matches about 3 in 256.
    private func isIncompressible(_ bytes: UnsafePointer<UInt8>, count: Int) -> Bool {
        var sampled = 0, repeated = 0, i = 256
        while i < count {
            let byte = bytes[i]
            if byte == bytes[i &- 1] || byte == bytes[i &- 2] || byte == bytes[i &- 256] { repeated &+= 1 }
            sampled &+= 1
            i &+= 7
        }
        if repeated &* 8 > sampled { return false }
        // Four interleaved counts, so consecutive equal bytes do not wait on one counter.
        histogram.initialize(repeating: 0, count: 4 * 256)
        var j = 0
        while j &+ 4 <= count {
            histogram[Int(bytes[j])] &+= 1
            histogram[256 &+ Int(bytes[j &+ 1])] &+= 1
            histogram[512 &+ Int(bytes[j &+ 2])] &+= 1
            histogram[768 &+ Int(bytes[j &+ 3])] &+= 1
            j &+= 4
        }
        while j < count { histogram[Int(bytes[j])] &+= 1; j &+= 1 }
        var sumOfSquares = 0
        for value in 0..<256 {
            let c = Int(histogram[value]) &+ Int(histogram[256 &+ value]) &+ Int(histogram[512 &+ value]) &+ Int(histogram[768 &+ value])
            sumOfSquares &+= c &* c
        }
        // 2^7.25 ≈ 152.2
        return sumOfSquares &* 152 < count &* count
    }

    /// Switches the stream's level between planes: deflate's blocks so far are ended, and the
    /// next ones are made at `level` (0: stored).
    private func setStreamLevel(_ level: Int32) {
        guard level != streamLevel else { return }
        let status = deflateParams(&stream, level, Z_DEFAULT_STRATEGY)
        precondition(status == Z_OK, "zlib cannot change the deflate level (\(status))")
        streamLevel = level
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
