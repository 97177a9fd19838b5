import Foundation
import OptBench

/// Reads a dataset from a CSV file: a header row, then one example per row; every column
/// except the label column is a feature, and the label column holds an integer class index.
/// The parsing rules are those of ``Dataset/parsingCSV(_:name:labelColumn:classCount:imageShape:)``.
public enum CSVDatasetLoader {
    /// The largest file accepted (a guard against pointing it at something that is not a
    /// small dataset).
    public static let maximumFileSize = 512 * 1024 * 1024

    /// - Parameters:
    ///   - name: the dataset's name; by default the file name without its extension.
    ///   - labelColumn: the header name of the label column.
    ///   - classCount: the expected number of classes (labels must be below it); `nil` takes
    ///     the largest label + 1.
    ///   - imageShape: the features' layout as an image, when they are one.
    /// - Throws: ``InputError`` as one line `FILE:LINE: what is wrong` (a missing file, a
    ///   file that is not UTF-8, a missing label column, a ragged row, a non-numeric feature,
    ///   a label out of range, no data rows).
    public static func load(
        path: String, name: String? = nil, labelColumn: String = "label", classCount: Int? = nil, imageShape: FeatureShape? = nil
    ) throws(InputError) -> Dataset {
        let data = try DataFile.read(path, maximumSize: maximumFileSize)
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError(file: path, message: "not UTF-8 text; expected a CSV file")
        }
        let datasetName = name ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        do {
            return try Dataset.parsingCSV(text, name: datasetName, labelColumn: labelColumn, classCount: classCount, imageShape: imageShape)
        } catch {
            throw InputError(file: path, line: error.line, message: error.message)
        }
    }
}

/// Whole-file reads of data files with one-line errors: a snapshot (see ``FileSnapshot``),
/// decompressed when it is gzip.
enum DataFile {
    static func read(_ path: String, maximumSize: Int) throws(InputError) -> Data {
        // Size and kind first: a huge file, a device or a FIFO must not be read blindly.
        let data = Data(try FileSnapshot.read(path, expected: "a data file", maximumSize: maximumSize) { size in
            "the file is \(size) bytes; at most \(maximumSize) are accepted"
        })
        // gzip-compressed files are read transparently; a `.gz` name promises gzip data.
        if Gzip.isCompressed(data) {
            return try Gzip.decompress(data, file: path, maximumSize: maximumSize)
        }
        if path.hasSuffix(".gz") {
            throw InputError(file: path, message: "named .gz but not gzip data (no gzip header)")
        }
        return data
    }
}
