import Foundation

/// The model as JSON, for scripts and dashboards: every field of ``ComparisonModel``, keys
/// sorted, non-finite numbers as the strings `"inf"`, `"-inf"` and `"nan"` (as in the
/// results' config JSON). ``decode(_:)`` reads it back.
public struct JSONReport: ReportRenderer {
    public init() {}

    public func render(_ model: ComparisonModel) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return String(decoding: try encoder.encode(model), as: UTF8.self) + "\n"
        } catch {
            preconditionFailure("the comparison model is always encodable: \(error)")
        }
    }

    /// The model of a JSON report.
    public static func decode(_ text: String) throws -> ComparisonModel {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(ComparisonModel.self, from: Data(text.utf8))
    }
}
