extension CheckReport {
    /// GitHub-flavoured Markdown for a CI job page (`$GITHUB_STEP_SUMMARY`): the outcome, the
    /// failures and improvements as a table, and every comparison that holds folded away.
    public var markdown: String {
        var out = "## Convergence check: \(passed ? "passed" : "FAILED")\n\n"
        out += "\(summaryLine)\n\n"
        out += "Results `\(resultsPath)` (suite `\(suiteName)`, \(runCount) runs, optbench \(resultsProvenance.optbenchVersion), "
            + "commit `\(CheckFormat.shortCommit(resultsProvenance.gitCommit))`) against `\(baselinePath)` "
            + "(\(baselineEntryCount) entries; results of \(baselineProvenance.created), optbench \(baselineProvenance.optbenchVersion), "
            + "commit `\(CheckFormat.shortCommit(baselineProvenance.gitCommit))`).\n\n"
        for note in notes { out += "- Note: \(Self.escaped(note))\n" }
        if !notes.isEmpty { out += "\n" }
        let flagged = findings.filter { $0.verdict != .ok }
        let holding = findings.filter { $0.verdict == .ok }
        if !flagged.isEmpty {
            out += "### Findings\n\n" + table(flagged) + "\n"
        }
        if !holding.isEmpty {
            out += "<details><summary>\(CheckFormat.count(holding.count, "comparison")) within tolerance "
                + "(\(holding.filter(\.isIdentical).count) identical to the baseline)</summary>\n\n" + table(holding) + "\n</details>\n"
        }
        return out
    }

    func table(_ rows: [CheckFinding]) -> String {
        var out = "| " + Self.columns.joined(separator: " | ") + " |\n"
        out += "|" + Self.columns.map { _ in "---" }.joined(separator: "|") + "|\n"
        for finding in rows {
            var cells = cells(finding).map(Self.escaped)
            if finding.fails { cells[0] = "**\(cells[0])**" }
            cells[1] = "`\(cells[1])`"
            cells[2] = "`\(cells[2])`"
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }
        return out
    }

    /// Table-safe text: pipes escaped, line breaks removed.
    static func escaped(_ text: String) -> String {
        text.replacingNewlines().replacingOccurrences(of: "|", with: "\\|")
    }
}
