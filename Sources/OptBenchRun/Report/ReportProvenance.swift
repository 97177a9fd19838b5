/// Where the results came from, as the report shows it: the results file's provenance.
public struct ReportProvenance: Sendable, Hashable, Codable {
    public var resultsFile: String
    public var suiteName: String
    public var command: String
    public var optbenchVersion: String
    public var gitCommit: String
    /// When the results file was made (ISO 8601, UTC).
    public var created: String
    public var host: String
    public var os: String
    public var swiftVersion: String

    public init(_ provenance: Provenance, resultsFile: String) {
        self.resultsFile = resultsFile
        suiteName = provenance.suiteName
        command = provenance.command
        optbenchVersion = provenance.optbenchVersion
        gitCommit = provenance.gitCommit
        created = provenance.created
        host = provenance.host
        os = provenance.os
        swiftVersion = provenance.swiftVersion
    }

    /// The rows the renderers show, in order: (label, value).
    public var rows: [(String, String)] {
        [("suite", suiteName), ("results", resultsFile), ("command", command), ("optbench", optbenchVersion),
         ("git commit", gitCommit), ("date", created), ("host", host), ("os", os), ("swift", swiftVersion)]
    }
}
