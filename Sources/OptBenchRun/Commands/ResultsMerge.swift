import Foundation

/// `optbench merge A.h5 B.h5 … -o ALL.h5`: joins the shards of one suite into one file whose
/// runs are in grid order, as an unsharded run would have written them.
public enum ResultsMerge {
    /// What a merge produced.
    public struct Outcome: Sendable {
        public var runs: Int
        /// The number of runs the suite expands to, when its text could be expanded here.
        public var suiteRuns: Int?
    }

    /// Merges `inputs` into `output`; refuses files of different suites or formats, runs
    /// present twice, and an existing output unless `force`.
    @discardableResult
    public static func merge(inputs: [String], output: String, force: Bool, command: [String]) throws(InputError) -> Outcome {
        guard !inputs.isEmpty else { throw InputError(message: "no input files") }
        if !force, FileManager.default.fileExists(atPath: output) {
            throw InputError(file: output, message: "already exists; use --force to replace it")
        }
        if inputs.contains(output) { throw InputError(file: output, message: "is also an input") }
        try DurableFiles.checkWritable(output)
        let lock = try FileLock(guarding: output)
        defer { lock.release() }
        try ResultsFileProbe.vet(inputs)  // every input in one child, before any is read here

        // Inputs are read for their summaries one at a time, then opened again for copying
        // (see CopySources: an input kept open would hold memory for every run copied).
        var firstProvenance: Provenance?
        var origin: [Int: (path: String, id: String)] = [:]
        var seenIDs: [String: String] = [:]
        for path in inputs {
            let reader = try ResultsReader(path: path)
            defer { reader.close() }
            let first = firstProvenance ?? reader.provenance
            firstProvenance = first
            guard reader.provenance.suiteName == first.suiteName, reader.provenance.suiteText == first.suiteText else {
                throw InputError(file: path, message: reader.provenance.suiteName == first.suiteName
                    ? "comes from a different version of suite '\(first.suiteName)' than \(inputs[0]); only shards of one suite merge"
                    : "comes from suite '\(reader.provenance.suiteName)' while \(inputs[0]) comes from '\(first.suiteName)'; only shards of one suite merge")
            }
            for summary in try reader.summaries() {
                if let other = seenIDs[summary.id.text] {
                    throw InputError(file: path, message: "run \(summary.id) is also in \(other); shards must not overlap")
                }
                if origin[summary.index] != nil {
                    throw InputError(file: path, message: "run index \(summary.index) is also in another input")
                }
                seenIDs[summary.id.text] = path
                origin[summary.index] = (path, summary.id.text)
            }
        }
        var provenance = firstProvenance!  // inputs is not empty
        provenance.command = command.map(Provenance.shellQuoted).joined(separator: " ")
        let temporary = output + ".tmp"
        try? FileManager.default.removeItem(atPath: temporary)
        let writer = try ResultsWriter(creating: temporary, provenance: provenance)
        let indices = origin.keys.sorted()
        let sources = CopySources(uses: indices.map { origin[$0]!.path })
        for (position, index) in indices.enumerated() {
            let path = origin[index]!.path
            let reader = try sources.reader(path)
            _ = try reader.run(index)  // reads every dataset: a damaged input fails here, not in the output
            try writer.copyRun(index, from: reader, as: index)
            sources.copied(from: path, at: position)
        }
        try writer.close(durable: true)
        try DurableFiles.replace(output, with: temporary)
        let suiteRuns = (try? RunPlan(suite: Suite(parsing: provenance.suiteText, file: provenance.suiteName + ".yaml")))?.runs.count
        return Outcome(runs: origin.count, suiteRuns: suiteRuns)
    }
}
