import Foundation

extension CheckReport {
    /// Plain text for a terminal or a CI log: the headline, notes, a table of every comparison
    /// (failures first) and the summary line.
    public var text: String {
        var out = headline + "\n"
        for note in notes { out += "note: \(note)\n" }
        out += "\n"
        let rows = [Self.columns] + findings.map(cells)
        let widths = Self.columns.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            out += row.indices.map { $0 == row.count - 1 ? row[$0] : row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
        }
        return out + "\n" + summaryLine + "\n"
    }
}
