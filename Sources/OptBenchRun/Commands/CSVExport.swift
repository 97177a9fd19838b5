import Foundation

/// `optbench export RESULTS.h5 --csv DIR`: flat CSV for spreadsheet and R users.
///
/// - `runs.csv`: one row per run: identity, every problem setting (`problem.<key>`) and
///   optimizer hyperparameter (`optimizer.<key>`) as columns, status, losses, steps to target
///   (empty when not reached), wall time.
/// - `trajectories.csv`: long format, one row per logged step of every run.
/// - `evaluations.csv`: one row per evaluation of a network run (only when there are any).
public enum CSVExport {
    /// Writes the CSV files into `directory` (created if missing); refuses to replace
    /// existing files unless `force`. Returns the paths written.
    @discardableResult
    public static func write(resultsPath: String, to directory: String, force: Bool) throws(InputError) -> [String] {
        let reader = try ResultsReader(path: resultsPath)
        defer { reader.close() }
        let summaries = try reader.summaries()
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw InputError(file: directory, message: "exists and is not a directory")
        }
        do {
            try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw InputError(file: directory, message: "cannot create: \(error.localizedDescription)")
        }
        let paths = ["runs.csv", "trajectories.csv", "evaluations.csv"].map { (directory as NSString).appendingPathComponent($0) }
        if !force, let existing = paths.first(where: { fileManager.fileExists(atPath: $0) }) {
            throw InputError(file: existing, message: "already exists; use --force to replace it")
        }

        // runs.csv
        let problemSettings = summaries.map { flatJSON($0.problemConfig) }
        let optimizerSettings = summaries.map { flatJSON($0.optimizerConfig) }
        let problemKeys = orderedKeys(problemSettings).filter { $0 != "name" }
        let optimizerKeys = orderedKeys(optimizerSettings).filter { $0 != "name" }
        var runs = (["index", "run_id", "problem", "optimizer", "seed"] + problemKeys.map { "problem." + $0 } + optimizerKeys.map { "optimizer." + $0 }
            + ["status", "message", "steps", "final_loss", "best_loss", "steps_to_target", "wall_time_s"]).map(field).joined(separator: ",") + "\n"
        for (i, s) in summaries.enumerated() {
            let row = [String(s.index), s.id.text, s.problem, s.optimizer, String(s.seed)]
                + problemKeys.map { problemSettings[i][$0] ?? "" } + optimizerKeys.map { optimizerSettings[i][$0] ?? "" }
                + [s.status.rawValue, s.message, String(s.steps), number(s.finalLoss), number(s.bestLoss),
                   s.stepsToTarget.map(String.init) ?? "", number(s.wallTime)]
            runs += row.map(field).joined(separator: ",") + "\n"
        }
        try save(runs, to: paths[0])

        // trajectories.csv and evaluations.csv, streamed run by run.
        guard let trajectories = OutputStream(toFileAtPath: paths[1], append: false) else {
            throw InputError(file: paths[1], message: "cannot write")
        }
        trajectories.open()
        defer { trajectories.close() }
        try append("run_index,run_id,step,loss,grad_norm,lr,time_s\n", to: trajectories, path: paths[1])
        var evaluations = ""
        for summary in summaries {
            let run = try reader.run(summary.index)
            let t = run.trajectory
            var chunk = ""
            let prefix = String(summary.index) + "," + field(summary.id.text) + ","
            for row in 0..<t.rowCount {
                chunk += prefix + String(t.step[row]) + "," + number(t.loss[row]) + "," + number(t.gradNorm[row]) + ","
                    + number(t.learningRate[row]) + "," + number(t.seconds[row]) + "\n"
            }
            try append(chunk, to: trajectories, path: paths[1])
            for (step, e) in t.evaluations {
                evaluations += prefix + "\(step),\(number(e.trainLoss)),\(number(e.trainAccuracy)),\(number(e.testLoss)),\(number(e.testAccuracy))\n"
            }
        }
        var written = Array(paths.prefix(2))
        if !evaluations.isEmpty {
            try save("run_index,run_id,step,train_loss,train_accuracy,test_loss,test_accuracy\n" + evaluations, to: paths[2])
            written.append(paths[2])
        }
        return written
    }

    /// The members of a flat JSON object as written by optbench (`{"lr":0.01,"amsgrad":false}`):
    /// each value's JSON text, strings unquoted, numbers exactly as stored.
    static func flatJSON(_ json: String) -> [String: String] {
        var result: [String: String] = [:]
        var scalars = Array(json.unicodeScalars)[...]
        func skipSpace() { while let c = scalars.first, c == " " || c == "\n" { scalars.removeFirst() } }
        func string() -> String? {
            guard scalars.first == "\"" else { return nil }
            scalars.removeFirst()
            var out = String.UnicodeScalarView()
            while let c = scalars.popFirst() {
                if c == "\"" { return String(out) }
                if c == "\\", let escaped = scalars.popFirst() {
                    switch escaped {
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    case "r": out.append("\r")
                    default: out.append(escaped)
                    }
                } else {
                    out.append(c)
                }
            }
            return nil
        }
        func value() -> String? {
            skipSpace()
            if scalars.first == "\"" { return string() }
            var depth = 0
            var out = String.UnicodeScalarView()
            while let c = scalars.first {
                if depth == 0 && (c == "," || c == "}") { break }
                if c == "[" || c == "{" { depth += 1 }
                if c == "]" || c == "}" { depth -= 1 }
                out.append(c)
                scalars.removeFirst()
            }
            return String(out)
        }
        skipSpace()
        guard scalars.popFirst() == "{" else { return [:] }
        while true {
            skipSpace()
            if scalars.first == "}" { break }
            guard let key = string() else { break }
            skipSpace()
            guard scalars.popFirst() == ":", let text = value() else { break }
            result[key] = text
            skipSpace()
            if scalars.first == "," { scalars.removeFirst() } else { break }
        }
        return result
    }

    /// The keys of all objects, in first-seen order (JSON object order is lost, so sorted).
    static func orderedKeys(_ objects: [[String: String]]) -> [String] {
        Set(objects.flatMap(\.keys)).sorted()
    }

    static func field(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    static func number(_ value: Double) -> String {
        value.isNaN ? "nan" : value.isInfinite ? (value > 0 ? "inf" : "-inf") : value.description
    }

    static func save(_ text: String, to path: String) throws(InputError) {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw InputError(file: path, message: "cannot write: \(error.localizedDescription)")
        }
    }

    static func append(_ text: String, to stream: OutputStream, path: String) throws(InputError) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBufferPointer { stream.write($0.baseAddress!, maxLength: $0.count) }
            guard written > 0 else { throw InputError(file: path, message: "cannot write: \(stream.streamError?.localizedDescription ?? "write failed")") }
            offset += written
        }
    }
}
