import Foundation
import OptBench

extension Baseline {
    /// The baseline of the results at `resultsPath`, with tolerances resolved from the suite's
    /// `check:` section followed by `commandLineRules`.
    ///
    /// - Returns: the baseline and warnings (rules that match no entry: a typo, most likely).
    /// - Throws: ``InputError`` when the file is unreadable, holds no runs, holds interrupted or
    ///   failed runs (a baseline records finished outcomes only), or its suite does not parse.
    public static func make(resultsPath: String, commandLineRules: [ToleranceRule] = []) throws(InputError) -> (baseline: Baseline, warnings: [String]) {
        let reader = try ResultsReader(path: resultsPath, scope: .summaries)
        defer { reader.close() }
        let summaries = try reader.summaries()
        let provenance = reader.provenance
        guard !summaries.isEmpty else { throw InputError(file: resultsPath, message: "holds no runs; nothing to make a baseline of") }
        for status in [RunStatus.interrupted, .failed] {
            let unfinished = summaries.filter { $0.status == status }
            guard let first = unfinished.first else { continue }
            let remedy = status == .interrupted
                ? "finish them with 'optbench run SUITE -o \(resultsPath) --resume'"
                : "a baseline records completed and diverged runs only (\(first.id): \(first.message))"
            throw InputError(file: resultsPath, message: "\(unfinished.count) of \(summaries.count) runs \(status == .interrupted ? "were interrupted" : "failed"), e.g. \(first.id); \(remedy)")
        }
        let suite: Suite
        do {
            suite = try Suite(parsing: provenance.suiteText, file: resultsPath + " (stored suite)")
        } catch {
            throw InputError(file: resultsPath, message: "the stored suite does not parse, so its check: section cannot be read: \(error)")
        }
        let baseline = Baseline(summaries: summaries, provenance: provenance, resultsPath: resultsPath, rules: suite.checkRules + commandLineRules)
        var warnings: [String] = []
        for rule in baseline.toleranceRules where !baseline.entries.contains(where: { rule.matches(problem: $0.problem, optimizer: $0.optimizer) }) {
            warnings.append("the tolerance rule \(rule.summary) matches no entry of \(resultsPath)")
        }
        return (baseline, warnings)
    }

    /// The baseline of `summaries`, with each entry's tolerance resolved from `rules`.
    public init(summaries: [RunSummary], provenance: Provenance, resultsPath: String, rules: [ToleranceRule]) {
        self.init(
            format: Self.formatVersion, kind: Self.kindName, suiteName: provenance.suiteName,
            suite: provenance.suiteText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init),
            toleranceRules: rules,
            provenance: BaselineProvenance(
                results: resultsPath, optbenchVersion: provenance.optbenchVersion, created: provenance.created,
                gitCommit: provenance.gitCommit, host: provenance.host, os: provenance.os,
                swiftVersion: provenance.swiftVersion, command: provenance.command),
            entries: BaselineEntry.entries(of: summaries, rules: rules))
    }

    /// The JSON text: pretty-printed, sorted keys, unescaped slashes, a final line feed.
    public var jsonText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
        } catch {
            // Every number is finite by construction (non-finite values are stored as null).
            preconditionFailure("a baseline failed to encode: \(error)")
        }
    }

    /// Writes the baseline to `path` (through a temporary file renamed into place), creating
    /// missing directories.
    /// - Throws: ``InputError`` when `path` exists and `force` is false, or it cannot be written.
    public func write(to path: String, force: Bool) throws(InputError) {
        try Self.writeText(jsonText, to: path, force: force)
    }

    /// Writes `text` to `path` atomically; shared by the baseline and the reports of `check`.
    static func writeText(_ text: String, to path: String, force: Bool) throws(InputError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw InputError(file: path, message: "is a directory; expected a file path") }
            if !force { throw InputError(file: path, message: "already exists; use --force to replace it") }
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw InputError(file: path, message: "cannot create the directory \(directory): \(error.localizedDescription)")
            }
        }
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else {
            throw InputError(file: path, message: "cannot write \(temporary): \(String(cString: strerror(errno)))")
        }
        try DurableFiles.replace(path, with: temporary)
    }

    /// The largest baseline read (a baseline of a big suite is a few megabytes).
    public static let maximumFileSize = 256 << 20

    /// Reads and checks the baseline at `path`.
    /// - Throws: ``InputError``, one line: no such file, malformed JSON (with its position), not a
    ///   baseline, a format newer than this optbench reads, a missing or mistyped key (with its
    ///   key path), or inconsistent content (duplicate entries or seeds, bad tolerances).
    public static func load(path: String) throws(InputError) -> Baseline {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(file: path, message: "no such file; make a baseline with 'optbench baseline RESULTS.h5 -o \(path)'")
        }
        guard !isDirectory.boolValue else { throw InputError(file: path, message: "is a directory, expected a baseline JSON file") }
        let data: Data
        do {
            let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            guard size <= maximumFileSize else {
                throw InputError(file: path, message: "the file is \(size) bytes; a baseline is at most \(maximumFileSize) bytes")
            }
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(file: path, message: "cannot read: \(error.localizedDescription)")
        }
        return try decode(data, file: path)
    }

    /// Decodes and checks baseline JSON; `file` names it in messages.
    public static func decode(_ data: Data, file: String) throws(InputError) -> Baseline {
        let top: Any
        do {
            top = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw InputError(file: file, message: "malformed JSON: \(describe(error, in: data))")
        }
        guard let object = top as? [String: Any] else {
            throw InputError(file: file, message: "not an optbench baseline: expected a JSON object")
        }
        guard object["kind"] as? String == kindName else {
            throw InputError(file: file, message: "not an optbench baseline (no \"kind\": \"\(kindName)\"); make one with 'optbench baseline'")
        }
        guard let formatNumber = object["format"] as? NSNumber, let format = Int(exactly: formatNumber.doubleValue) else {
            throw InputError(file: file, keyPath: "format", message: "missing or not an integer; expected \(formatVersion)")
        }
        guard format == formatVersion else {
            throw InputError(file: file, keyPath: "format", message: format > formatVersion
                ? "baseline format \(format) is newer than this optbench reads (\(formatVersion)); use a newer optbench"
                : "baseline format \(format) is not supported (this optbench reads \(formatVersion)); remake the baseline")
        }
        let baseline: Baseline
        do {
            baseline = try JSONDecoder().decode(Baseline.self, from: data)
        } catch let error as DecodingError {
            throw describe(error, file: file)
        } catch {
            throw InputError(file: file, message: "\(error)")
        }
        try baseline.validate(file: file)
        return baseline
    }

    /// Consistency the decoder cannot check.
    func validate(file: String) throws(InputError) {
        guard !suiteName.isEmpty else { throw InputError(file: file, keyPath: "suite_name", message: "empty") }
        var keys: Set<EntryKey> = []
        for (index, entry) in entries.enumerated() {
            let path = "entries[\(index)]"
            guard RunID(parsing: "\(entry.problem)/\(entry.optimizer)/seed=0") != nil else {
                throw InputError(file: file, keyPath: path, message: "'\(entry.problem)' and '\(entry.optimizer)' are not run-id parts such as 'rosenbrock(dim=2)' and 'adam(lr=0.01)'")
            }
            guard keys.insert(entry.key).inserted else {
                throw InputError(file: file, keyPath: path, message: "\(entry.problem)/\(entry.optimizer) is listed twice")
            }
            guard !entry.runs.isEmpty else { throw InputError(file: file, keyPath: path + ".runs", message: "empty; expected the entry's seeds") }
            var seeds: Set<UInt64> = []
            for run in entry.runs where !seeds.insert(run.seed).inserted {
                throw InputError(file: file, keyPath: path + ".runs", message: "seed \(run.seed) is listed twice")
            }
            for (name, value) in [("mad_multiplier", entry.tolerance.madMultiplier), ("relative", entry.tolerance.relative), ("absolute", entry.tolerance.absolute)]
            where !(value.isFinite && value >= 0) {
                throw InputError(file: file, keyPath: path + ".tolerance." + name, message: "expected a finite number ≥ 0, got \(value)")
            }
            if let reached = entry.reached, reached > entry.runs.count {
                throw InputError(file: file, keyPath: path + ".reached", message: "\(reached) seeds reached the target, but the entry has \(entry.runs.count)")
            }
        }
    }

    /// `entries[3].final_loss.median: …` from a decoding error.
    static func describe(_ error: DecodingError, file: String) -> InputError {
        func path(_ keys: [any CodingKey]) -> String? {
            var text = ""
            for key in keys {
                if let index = key.intValue, key.stringValue == "\(index)" || key.stringValue.hasPrefix("Index ") {
                    text += "[\(index)]"
                } else {
                    text += (text.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return text.isEmpty ? nil : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return InputError(file: file, keyPath: path(context.codingPath + [key]), message: "missing")
        case .typeMismatch(let type, let context):
            return InputError(file: file, keyPath: path(context.codingPath), message: "expected \(typeName(type))")
        case .valueNotFound(let type, let context):
            return InputError(file: file, keyPath: path(context.codingPath), message: "null; expected \(typeName(type))")
        case .dataCorrupted(let context):
            return InputError(file: file, keyPath: path(context.codingPath), message: context.debugDescription)
        @unknown default:
            return InputError(file: file, message: "\(error)")
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Int.Type, is UInt64.Type: "a number"
        case is String.Type: "text"
        case is Bool.Type: "true or false"
        case is [Any].Type: "a list"
        default: String(describing: type).hasPrefix("Array") ? "a list" : "an object"
        }
    }

    /// The parser's reason without Foundation's boilerplate, its "around character N" turned
    /// into a line and column of `data`.
    static func describe(_ error: any Error, in data: Data) -> String {
        let nsError = error as NSError
        var detail = nsError.userInfo[NSDebugDescriptionErrorKey] as? String
            ?? (nsError.userInfo[NSUnderlyingErrorKey] as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
            ?? error.localizedDescription
        if let range = detail.range(of: "around character "),
           let offset = Int(detail[range.upperBound...].prefix { $0.isNumber }), offset <= data.count {
            var line = 1, column = 1
            for byte in data.prefix(offset) {
                if byte == UInt8(ascii: "\n") { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
            }
            detail = String(detail[..<range.lowerBound]) + "at line \(line), column \(column)"
        }
        return detail.hasSuffix(".") ? String(detail.dropLast()) : detail
    }
}

extension ToleranceRule {
    /// `{problem: mlp, relative: 0.2}`, for messages.
    var summary: String {
        let parts: [String?] = [
            problem.map { "problem: \($0)" }, optimizer.map { "optimizer: \($0)" },
            madMultiplier.map { "mad_multiplier: \($0)" }, relative.map { "relative: \($0)" }, absolute.map { "absolute: \($0)" },
        ]
        return "{" + parts.compactMap { $0 }.joined(separator: ", ") + "}"
    }
}
