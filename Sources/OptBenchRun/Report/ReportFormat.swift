/// The formats `optbench report` writes.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// One self-contained HTML file with inline SVG plots.
    case html
    /// Tables and key numbers for a CI job summary.
    case md
    /// The model itself.
    case json

    /// The file extension of the format.
    public var fileExtension: String { rawValue }

    public var renderer: any ReportRenderer {
        switch self {
        case .html: HTMLReport()
        case .md: MarkdownReport()
        case .json: JSONReport()
        }
    }

    /// The format an output path's extension names (`.html`/`.htm`, `.md`/`.markdown`, `.json`).
    public init?(pathExtension: String) {
        switch pathExtension.lowercased() {
        case "html", "htm": self = .html
        case "md", "markdown": self = .md
        case "json": self = .json
        default: return nil
        }
    }
}
