/// The results files runs are copied out of (parts, an earlier output, shards), opened when
/// needed and closed again, so that memory stays flat however many runs are copied.
///
/// Files are opened without the ``ResultsFileProbe``: they are this process's own parts, or
/// files its caller vetted first (merge's inputs, the sources of `--resume`), or the file the
/// probe itself reads.
///
/// libhdf5 keeps memory for every run copied out of an open file (the source's chunk-index
/// B-trees, dataspaces and types: about 125 KB per run out of a part, measured with massif)
/// until that file is closed. A source is therefore closed after its last use and, before
/// that, every ``copiesPerOpen`` runs (reopening a file costs about a millisecond). Peak RSS of
/// `optbench run` for 1 000, 10 000 and 20 000 short runs was 143, 818 and 1707 MiB with every
/// part kept open to the end; it is 89, 109 and 130 MiB (`optbench-bench memory`).
final class CopySources {
    /// Runs copied out of one open file before it is closed and opened again.
    static let copiesPerOpen = 200

    /// The position of each file's last use.
    private let lastUse: [String: Int]
    private var open: [String: (reader: ResultsReader, copied: Int)] = [:]

    /// - Parameter uses: the file of each copy, in the order the copies will be made.
    init(uses: [String]) {
        var lastUse: [String: Int] = [:]
        for (position, path) in uses.enumerated() { lastUse[path] = position }
        self.lastUse = lastUse
    }

    deinit {
        for source in open.values { source.reader.close() }
    }

    /// The reader of `path`, opened if it is not open; call ``copied(from:at:)`` after each
    /// copy out of it.
    func reader(_ path: String) throws(InputError) -> ResultsReader {
        if let source = open[path] { return source.reader }
        let reader = try ResultsReader(inProcess: path)
        open[path] = (reader, 0)
        return reader
    }

    /// Records that copy number `position` out of `path` is done: the file is closed after its
    /// last use, or to release what libhdf5 keeps per copy.
    func copied(from path: String, at position: Int) {
        guard var source = open[path] else { return }
        source.copied += 1
        if lastUse[path] == position || source.copied >= Self.copiesPerOpen {
            source.reader.close()
            open[path] = nil
        } else {
            open[path] = source
        }
    }
}
