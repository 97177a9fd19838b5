import CZlib
import Foundation

/// gzip decompression through zlib, for data files distributed compressed (MNIST's IDX files).
enum Gzip {
    /// Whether `bytes` start with the gzip magic number.
    static func isCompressed(_ bytes: Data) -> Bool {
        bytes.count >= 2 && bytes[bytes.startIndex] == 0x1F && bytes[bytes.startIndex + 1] == 0x8B
    }

    /// The decompressed bytes of a gzip stream (several members are concatenated).
    /// - Throws: ``InputError`` naming `file` for corrupt or truncated data, or output beyond
    ///   `maximumSize`.
    static func decompress(_ compressed: Data, file: String, maximumSize: Int) throws(InputError) -> Data {
        var stream = z_stream()
        guard czlib_inflate_init_gzip(&stream) == Z_OK else {
            throw InputError(file: file, message: "cannot start gzip decompression")
        }
        defer { inflateEnd(&stream) }
        var output = Data()
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        let input = [UInt8](compressed)
        var status: Int32 = Z_OK
        var offset = 0
        while true {
            let remaining = input.count - offset
            status = input.withUnsafeBufferPointer { inputBuffer in
                buffer.withUnsafeMutableBufferPointer { outputBuffer in
                    // zlib only reads next_in; its header declares it without const.
                    stream.next_in = UnsafeMutablePointer(mutating: inputBuffer.baseAddress! + offset)
                    stream.avail_in = UInt32(remaining)
                    stream.next_out = outputBuffer.baseAddress!
                    stream.avail_out = UInt32(chunk)
                    let result = inflate(&stream, Z_NO_FLUSH)
                    offset = inputBuffer.count - Int(stream.avail_in)
                    return result
                }
            }
            let produced = chunk - Int(stream.avail_out)
            output.append(contentsOf: buffer[0..<produced])
            guard output.count <= maximumSize else {
                throw InputError(file: file, message: "decompresses to more than \(maximumSize) bytes")
            }
            if status == Z_STREAM_END {
                // Another gzip member may follow (as `cat a.gz b.gz` produces).
                guard offset < input.count, input[offset] == 0x1F else { break }
                inflateReset(&stream)
                continue
            }
            guard status == Z_OK || status == Z_BUF_ERROR && produced > 0 else {
                let reason = stream.msg.map { String(cString: $0) } ?? (status == Z_BUF_ERROR ? "unexpected end of data" : "error \(status)")
                throw InputError(file: file, message: "not valid gzip data (\(status == Z_BUF_ERROR ? "truncated" : reason))")
            }
            if offset >= input.count && produced == 0 {
                throw InputError(file: file, message: "not valid gzip data (truncated)")
            }
        }
        return output
    }
}
