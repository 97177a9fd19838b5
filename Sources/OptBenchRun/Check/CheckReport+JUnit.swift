extension CheckReport {
    /// JUnit XML as CI systems read it (GitHub, GitLab, Jenkins, Azure): one `<testsuite>` for
    /// the suite, one `<testcase>` per comparison, named `OPTIMIZER METRIC` in class `PROBLEM`.
    /// A failing comparison carries a `<failure>` whose `type` is its verdict (`regression`,
    /// `missing`, `new`); improvements and allowed findings pass with their note as `<system-out>`.
    public var junitXML: String {
        let failing = failures.count
        let tests = findings.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"optbench check\" tests=\"\(tests)\" failures=\"\(failing)\" errors=\"0\" time=\"0\">\n"
        out += "  <testsuite name=\"\(Self.xml(suiteName))\" tests=\"\(tests)\" failures=\"\(failing)\" errors=\"0\" skipped=\"0\" time=\"0\">\n"
        out += "    <properties>\n"
        for (name, value) in [("results", resultsPath), ("baseline", baselinePath),
                              ("results.optbench_version", resultsProvenance.optbenchVersion), ("results.git_commit", resultsProvenance.gitCommit),
                              ("baseline.created", baselineProvenance.created), ("baseline.git_commit", baselineProvenance.gitCommit)] {
            out += "      <property name=\"\(Self.xml(name))\" value=\"\(Self.xml(value))\"/>\n"
        }
        out += "    </properties>\n"
        for finding in findings {
            let cells = cells(finding)
            let detail = "\(finding.metric.rawValue): baseline \(cells[4]), now \(cells[5]), allowed \(cells[6])"
                + (finding.note.isEmpty ? "" : "; \(finding.note)")
            let open = "    <testcase classname=\"\(Self.xml(finding.problem))\" name=\"\(Self.xml(finding.optimizer + " " + finding.metric.rawValue))\" time=\"0\""
            if finding.fails {
                out += open + ">\n"
                out += "      <failure message=\"\(Self.xml(Self.verdictText(finding).lowercased() + ": " + detail))\" type=\"\(finding.verdict.rawValue)\">"
                    + Self.xml(detail) + "</failure>\n"
                out += "    </testcase>\n"
            } else if finding.verdict != .ok {
                out += open + ">\n"
                out += "      <system-out>\(Self.xml(Self.verdictText(finding) + ": " + detail))</system-out>\n"
                out += "    </testcase>\n"
            } else {
                out += open + "/>\n"
            }
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    /// Writes ``junitXML`` to `path`, replacing an older report (creating missing directories).
    public func writeJUnit(to path: String) throws(InputError) {
        try Baseline.writeText(junitXML, to: path, force: true)
    }

    /// Text safe in JUnit attributes and content.
    static func xml(_ text: String) -> String {
        XMLText.escape(text, attribute: true)
    }
}
