import Foundation

/// Writes the report of a results file: the entry point of `optbench report` and of the
/// report `optbench run` writes next to its results.
public enum ComparisonReport {
    /// `RESULTS.h5` → `RESULTS.html` (or `.md`, `.json`): the report's default path, beside the
    /// results.
    public static func defaultPath(forResults path: String, format: ReportFormat) -> String {
        let url = URL(fileURLWithPath: path)
        let base = url.pathExtension.isEmpty ? path : String(path.dropLast(url.pathExtension.count + 1))
        return base + "." + format.fileExtension
    }

    /// Builds the model of `resultsPath` and writes it as `format` to `outputPath` (default:
    /// beside the results), atomically. Returns the path written.
    @discardableResult
    public static func write(resultsPath: String, to outputPath: String? = nil, format: ReportFormat = .html) throws(InputError) -> String {
        let model = try ComparisonModel(resultsPath: resultsPath)
        let path = outputPath ?? defaultPath(forResults: resultsPath, format: format)
        let text = format.renderer.render(model)
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw InputError(file: path, message: "cannot write the report: \(error.localizedDescription)")
        }
        return path
    }
}
