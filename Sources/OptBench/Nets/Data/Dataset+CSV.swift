/// Why CSV text is not a dataset: the 1-based line of the text (the header is line 1), when
/// one is to blame, and what is wrong.
public struct CSVDatasetError: Error, Sendable, Hashable, CustomStringConvertible {
    public var line: Int?
    public var message: String

    public init(line: Int?, message: String) {
        self.line = line
        self.message = message
    }

    /// `line 7: expected 5 fields, found 4`.
    public var description: String {
        line.map { "line \($0): \(message)" } ?? message
    }
}

extension Dataset {
    /// Parses comma-separated text: one header row naming the columns, then one example per
    /// row; every column except `labelColumn` is a feature (in header order), and the label
    /// column holds a class index in `0..<classCount`.
    ///
    /// Fields are trimmed of spaces; blank lines are skipped; quoting is not supported.
    /// Parsing is pure (no file access): the runner reads the file and adds its name to errors.
    ///
    /// - Parameters:
    ///   - classCount: the expected number of classes; `nil` takes the largest label + 1.
    ///   - imageShape: the features' image layout, if they are an image.
    /// - Throws: ``CSVDatasetError`` with the line of the first problem: a missing label
    ///   column, a row with the wrong number of fields, a feature that is not a finite
    ///   number, a label that is not an integer in range, or no data rows.
    public static func parsingCSV(
        _ text: String, name: String, labelColumn: String = "label", classCount: Int? = nil, imageShape: FeatureShape? = nil
    ) throws(CSVDatasetError) -> Dataset {
        var header: [String]?
        var labelIndex = 0
        var features: [Double] = []
        var labels: [Int32] = []
        var lineNumber = 0
        // "\r\n" is one Character, and a newline, so CRLF files count lines the same way.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
            guard let columns = header else {
                guard let index = fields.firstIndex(where: { $0 == labelColumn }) else {
                    throw CSVDatasetError(line: lineNumber, message: "no column '\(labelColumn)' in the header (columns: \(fields.joined(separator: ", ")))")
                }
                guard fields.count >= 2 else {
                    throw CSVDatasetError(line: lineNumber, message: "the header names no feature columns besides '\(labelColumn)'")
                }
                header = fields.map(String.init)
                labelIndex = index
                continue
            }
            guard fields.count == columns.count else {
                throw CSVDatasetError(line: lineNumber, message: "expected \(columns.count) fields, found \(fields.count)")
            }
            for (index, field) in fields.enumerated() {
                if index == labelIndex {
                    guard let label = Int32(field), label >= 0 else {
                        throw CSVDatasetError(line: lineNumber, message: "label '\(field)' is not a class index (an integer ≥ 0)")
                    }
                    if let classCount, Int(label) >= classCount {
                        throw CSVDatasetError(line: lineNumber, message: "label \(label) out of range 0..<\(classCount)")
                    }
                    labels.append(label)
                } else {
                    guard let value = Double(field), value.isFinite else {
                        throw CSVDatasetError(line: lineNumber, message: "column '\(columns[index])': '\(field)' is not a finite number")
                    }
                    features.append(value)
                }
            }
        }
        guard let columns = header else { throw CSVDatasetError(line: nil, message: "empty file: no header row") }
        guard !labels.isEmpty else { throw CSVDatasetError(line: nil, message: "no data rows after the header") }
        let featureCount = columns.count - 1
        if let imageShape, imageShape.count != featureCount {
            throw CSVDatasetError(line: 1, message: "expected \(imageShape.count) feature columns for \(imageShape) images, found \(featureCount)")
        }
        let classes = classCount ?? Int(labels.max()!) + 1
        return Dataset(
            name: name, features: Matrix(rows: labels.count, columns: featureCount, elements: features),
            targets: .classes(labels: labels, count: classes), imageShape: imageShape)
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result.removeFirst() }
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return result
    }
}
