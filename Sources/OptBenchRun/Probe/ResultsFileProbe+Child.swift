import Foundation

extension ResultsFileProbe {
    /// The child's side (`optbench _probe-results PATH…`): reads `scope` of each file, in order,
    /// with ``ResultsReader/readEverything(path:scope:)``, and writes a ``ProbeMessage`` line to
    /// stdout after each. The first error is written, then thrown.
    public static func answer(_ paths: [String], scope: ResultsReadScope = .everything) throws(InputError) {
        for (index, path) in paths.enumerated() {
            do {
                try ResultsReader.readEverything(path: path, scope: scope)
            } catch {
                tell(.failed(error))
                throw error
            }
            tell(.passed(index))
        }
    }

    /// Writes one message at once (FileHandle does not buffer): the parent moves on to the
    /// next file's timeout as soon as it reads it.
    private static func tell(_ message: ProbeMessage) {
        FileHandle.standardOutput.write(Data((message.line + "\n").utf8))
    }
}
