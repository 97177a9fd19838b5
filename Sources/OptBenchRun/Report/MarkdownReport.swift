/// The report as GitHub-flavoured Markdown, sized for a CI job summary: provenance, the
/// ranking across problems, the performance-profile and target tables, one table per problem
/// with its significance test, and the runs that did not complete (the first
/// ``MarkdownReport/listedRuns`` listed, all counted).
public struct MarkdownReport: ReportRenderer {
    /// Runs that did not complete listed in full; the rest are counted (the HTML and JSON
    /// reports list them all).
    public var listedRuns = 50

    public init() {}

    public func render(_ model: ComparisonModel) -> String {
        var out = "# \(Self.cell(model.title))\n\n"
        out += Self.table(["", ""], model.provenance.rows.map { [$0.0, $0.1] }) + "\n"
        out += "**Runs:** \(model.statuses.total) — \(model.statuses.text).\n\n"

        out += "## Across problems\n\n"
        out += "Ranking by mean rank of median final loss (best configuration per optimizer and problem).\n\n"
        out += Self.table(ReportTables.rankingHeader, ReportTables.rankingRows(model)) + "\n"
        out += "**Performance profile** (Dolan–Moré) — \(model.performanceProfile.metric).\n\n"
        out += Self.table(ReportTables.profileHeader, ReportTables.profileRows(model)) + "\n"
        if model.targetECDF.problems.isEmpty {
            out += "**Steps to target:** no problem has a target.\n\n"
        } else {
            out += "**Steps to target** — \(model.targetECDF.metric).\n\n"
            out += Self.table(ReportTables.ecdfHeader, ReportTables.ecdfRows(model)) + "\n"
        }

        for problem in model.problems {
            out += "## \(Self.cell(problem.problem))\n\n"
            out += ReportTables.problemLine(problem) + "\n\nFinal loss: \(Self.cell(problem.lossMeasure)).\n\n"
            out += Self.table(ReportTables.problemHeader, ReportTables.problemRows(problem)) + "\n"
            if let test = problem.significance {
                out += "**Significance:** \(Self.cell(test.text)).\n\n"
            }
        }

        out += "## Runs that did not complete\n\n"
        if model.unfinished.isEmpty {
            out += "None: every run completed.\n"
        } else {
            out += "\(model.unfinished.count) of \(model.statuses.total) runs did not complete (\(StatusCounts(model.unfinished.map(\.status)).text)).\n\n"
            out += Self.table(ReportTables.unfinishedHeader, ReportTables.unfinishedRows(Array(model.unfinished.prefix(listedRuns))))
            if model.unfinished.count > listedRuns {
                out += "\n… and \(model.unfinished.count - listedRuns) more, listed in the HTML and JSON reports.\n"
            }
        }
        return out
    }

    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var out = "| " + header.map(cell).joined(separator: " | ") + " |\n"
        out += "|" + header.map { _ in "---|" }.joined() + "\n"
        for row in rows { out += "| " + row.map(cell).joined(separator: " | ") + " |\n" }
        return out
    }

    /// Table-safe text: pipes escaped, line breaks (\n, \r, \r\n) as spaces.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingNewlines()
    }
}
