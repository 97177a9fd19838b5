import Foundation
import OptBench

/// Reads image classification data in the IDX format of MNIST (LeCun et al.): an images file
/// and a labels file, uncompressed.
///
/// ```
/// images   magic 2051 (0x00000803: unsigned bytes, 3 dimensions), count, rows, columns,
///          then count·rows·columns pixel bytes, row-major
/// labels   magic 2049 (0x00000801: unsigned bytes, 1 dimension), count, then count label bytes
/// ```
/// All header integers are 32-bit big-endian. Pixels become features 0…255 (standardization
/// happens later, fitted on the training part); the images have shape 1×rows×columns.
///
/// gzip-compressed files (`*.gz`, as MNIST is distributed) are decompressed as they are read.
public enum IDXDatasetLoader {
    public static let imagesMagic: UInt32 = 2051
    public static let labelsMagic: UInt32 = 2049

    /// The largest file accepted (MNIST's training images are 47 MB).
    public static let maximumFileSize = 1024 * 1024 * 1024

    /// - Throws: ``InputError`` naming the file: gzip data, a wrong magic number, a header or
    ///   body shorter (or longer) than the header says, or image and label counts that differ.
    public static func load(images imagesPath: String, labels labelsPath: String, name: String) throws(InputError) -> Dataset {
        let imageBytes = try DataFile.read(imagesPath, maximumSize: maximumFileSize)
        let labelBytes = try DataFile.read(labelsPath, maximumSize: maximumFileSize)
        let images = try parseImages([UInt8](imageBytes), file: imagesPath)
        let labels = try parseLabels([UInt8](labelBytes), file: labelsPath)
        guard images.count == labels.count else {
            throw InputError(file: labelsPath, message: "\(labels.count) labels for the \(images.count) images of \(imagesPath)")
        }
        let classCount = Int(labels.max() ?? 0) + 1
        return Dataset(
            name: name,
            features: Matrix(rows: images.count, columns: images.rows * images.columns, elements: images.pixels.map(Double.init)),
            targets: .classes(labels: labels.map(Int32.init), count: classCount),
            imageShape: FeatureShape(channels: 1, height: images.rows, width: images.columns))
    }

    /// The images of an IDX images file's bytes.
    public static func parseImages(_ bytes: [UInt8], file: String) throws(InputError) -> (count: Int, rows: Int, columns: Int, pixels: [UInt8]) {
        let header = try readHeader(bytes, file: file, magic: imagesMagic, dimensions: 3)
        let (count, rows, columns) = (header[0], header[1], header[2])
        guard rows > 0, columns > 0 else {
            throw InputError(file: file, message: "images of \(rows)×\(columns) pixels; expected both sides ≥ 1")
        }
        // Header values are untrusted 32-bit numbers: check the products before using them.
        let pixels = rows.multipliedReportingOverflow(by: columns)
        let total = pixels.partialValue.multipliedReportingOverflow(by: count)
        guard !pixels.overflow, pixels.partialValue <= 1 << 24, !total.overflow, total.partialValue <= bytes.count else {
            throw InputError(file: file, message: "the header announces \(count) images of \(rows)×\(columns) pixels, more than the file's \(bytes.count) bytes hold")
        }
        let body = try readBody(bytes, file: file, headerSize: 16, expected: total.partialValue, what: "pixel bytes for \(count) images of \(rows)×\(columns)")
        return (count, rows, columns, body)
    }

    /// The labels of an IDX labels file's bytes.
    public static func parseLabels(_ bytes: [UInt8], file: String) throws(InputError) -> [UInt8] {
        let header = try readHeader(bytes, file: file, magic: labelsMagic, dimensions: 1)
        return try readBody(bytes, file: file, headerSize: 8, expected: header[0], what: "label bytes")
    }

    private static func readHeader(_ bytes: [UInt8], file: String, magic: UInt32, dimensions: Int) throws(InputError) -> [Int] {
        let headerSize = 4 * (1 + dimensions)
        func truncated() -> InputError {
            InputError(file: file, message: "truncated: \(bytes.count) bytes, shorter than the \(headerSize)-byte IDX header")
        }
        func word(_ index: Int) -> UInt32 {
            (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(bytes[4 * index + $1]) }
        }
        guard bytes.count >= 4 else { throw truncated() }
        guard word(0) == magic else {
            throw InputError(file: file, message: "magic number \(word(0)), expected \(magic) (an IDX \(magic == imagesMagic ? "images" : "labels") file)")
        }
        guard bytes.count >= headerSize else { throw truncated() }
        return (1...dimensions).map { Int(word($0)) }
    }

    private static func readBody(_ bytes: [UInt8], file: String, headerSize: Int, expected: Int, what: String) throws(InputError) -> [UInt8] {
        let found = bytes.count - headerSize
        guard found >= expected else {
            throw InputError(file: file, message: "truncated: expected \(expected) \(what) after the header, found \(found)")
        }
        guard found == expected else {
            throw InputError(file: file, message: "\(found - expected) bytes beyond the \(expected) \(what) the header announces")
        }
        return Array(bytes[headerSize...])
    }
}
