import Foundation

/// The text of `optbench info`: format, provenance, and runs by status.
public enum ResultsInfo {
    public static func text(path: String) throws(InputError) -> String {
        if !FileManager.default.fileExists(atPath: path) {
            let parts = path + ".parts"
            if FileManager.default.fileExists(atPath: parts) {
                throw InputError(file: path, message: "not finished: the runs done so far are in \(parts) (complete HDF5 files, readable as they are); finish with 'optbench run SUITE -o \(path) --resume'")
            }
            throw InputError(file: path, message: "no such file")
        }
        let reader = try ResultsReader(path: path, scope: .summaries)
        defer { reader.close() }
        let summaries = try reader.summaries()
        let p = reader.provenance
        var counts: [RunStatus: Int] = [:]
        for summary in summaries { counts[summary.status, default: 0] += 1 }
        var lines = [
            "file:      \(path)",
            "format:    optbench results, layout version \(ResultsLayout.formatVersion)",
            "suite:     \(p.suiteName)",
            "runs:      \(summaries.count) (" + RunStatus.allCases.map { "\(counts[$0, default: 0]) \($0.rawValue)" }.joined(separator: ", ") + ")",
            "problems:  \(Set(summaries.map(\.id.problem)).count), optimizer configurations: \(Set(summaries.map(\.id.optimizer)).count), seeds: \(Set(summaries.map(\.seed)).count)",
            "created:   \(p.created) by optbench \(p.optbenchVersion) (commit \(p.gitCommit))",
            "host:      \(p.host), \(p.os), Swift \(p.swiftVersion)",
            "command:   \(p.command)",
        ]
        let notCompleted = summaries.filter { $0.status != .completed }
        if !notCompleted.isEmpty {
            lines.append("not completed:")
            for summary in notCompleted.prefix(20) {
                lines.append("  \(summary.status.rawValue): \(summary.id.text): \(summary.message)")
            }
            if notCompleted.count > 20 { lines.append("  … and \(notCompleted.count - 20) more") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
