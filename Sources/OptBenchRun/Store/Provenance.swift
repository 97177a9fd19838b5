import Foundation
import OptBench

/// Where and how a results file was made: the root attributes besides the format version.
public struct Provenance: Sendable, Hashable {
    public var optbenchVersion: String
    /// ISO 8601, UTC.
    public var created: String
    public var suiteName: String
    /// The suite's YAML text as run.
    public var suiteText: String
    /// The command line that made the file.
    public var command: String
    /// The optbench source commit, or "unknown".
    public var gitCommit: String
    public var host: String
    public var os: String
    public var swiftVersion: String

    /// The provenance of a run of `suite` by this process, now.
    public static func current(suite: Suite, command: [String]) -> Provenance {
        Provenance(
            optbenchVersion: OptBenchVersion.current,
            created: ISO8601DateFormatter().string(from: Date()),
            suiteName: suite.name, suiteText: suite.sourceText,
            command: command.map(Self.shellQuoted).joined(separator: " "),
            gitCommit: Self.sourceCommit(), host: ProcessInfo.processInfo.hostName,
            os: ProcessInfo.processInfo.operatingSystemVersionString, swiftVersion: Self.compilerVersion)
    }

    static func shellQuoted(_ word: String) -> String {
        word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,+".contains($0) } && !word.isEmpty
            ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static var compilerVersion: String {
        #if compiler(>=6.3)
        "6.3"
        #elseif compiler(>=6.2)
        "6.2"
        #elseif compiler(>=6.1)
        "6.1"
        #else
        "6.0"
        #endif
    }

    /// The commit of the checkout optbench was built from, read from its `.git` without
    /// running git; "unknown" when the binary runs away from its sources.
    static func sourceCommit() -> String {
        if let fromEnvironment = ProcessInfo.processInfo.environment["OPTBENCH_GIT_COMMIT"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<6 {
            let git = directory.appendingPathComponent(".git")
            if let head = try? String(contentsOf: git.appendingPathComponent("HEAD"), encoding: .utf8) {
                let trimmed = head.trimmingCharacters(in: .whitespacesAndNewlines)
                guard trimmed.hasPrefix("ref: ") else { return trimmed }
                let ref = String(trimmed.dropFirst(5))
                if let commit = try? String(contentsOf: git.appendingPathComponent(ref), encoding: .utf8) {
                    return commit.trimmingCharacters(in: .whitespacesAndNewlines)
                }
                if let packed = try? String(contentsOf: git.appendingPathComponent("packed-refs"), encoding: .utf8),
                   let line = packed.split(separator: "\n").first(where: { $0.hasSuffix(" " + ref) }) {
                    return String(line.prefix { $0 != " " })
                }
                return "unknown"
            }
            directory.deleteLastPathComponent()
        }
        return "unknown"
    }
}
