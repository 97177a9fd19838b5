import HDF5

extension ResultsReader {
    /// Reads the results file at `path`, in this process, as far as any command reads it, and
    /// throws what the first of them would:
    ///
    /// - the root's format and provenance (every command);
    /// - every run's summary (`info`, `check`, `baseline`, `--resume`);
    /// - every run whole: trajectory, parameters, layer gradient norms, evaluations (`report`,
    ///   `export`, `merge`);
    /// - every run group copied with `H5Ocopy`, every attribute with it, as `merge` and the
    ///   assembly of an output copy them (into an in-memory file: nothing is written).
    ///
    /// It is what the child of ``ResultsFileProbe`` runs, made of the readers the commands use,
    /// so that the probe cannot drift from them. The file is reopened as ``CopySources`` does,
    /// so memory stays flat however many runs it holds.
    /// With `scope` ``ResultsReadScope/summaries``, only the first two (what `info`, `check`
    /// and `baseline` read).
    /// - Returns: the number of runs.
    @discardableResult
    public static func readEverything(path: String, scope: ResultsReadScope = .everything) throws(InputError) -> Int {
        let indices: [Int]
        do {
            let reader = try ResultsReader(inProcess: path)
            defer { reader.close() }
            indices = try reader.runIndices()
            for index in indices { _ = try reader.summary(index) }
        }
        guard scope == .everything else { return indices.count }
        let sources = CopySources(uses: indices.map { _ in path })
        for (position, index) in indices.enumerated() {
            let reader = try sources.reader(path)
            _ = try reader.run(index)
            try reader.copyRunToMemory(index)
            sources.copied(from: path, at: position)
        }
        return indices.count
    }

    /// Copies run `index` as `merge` copies it, into an in-memory file that is then discarded.
    func copyRunToMemory(_ index: Int) throws(InputError) {
        let name = ResultsLayout.runGroupName(index)
        do {
            let scratch = try H5File.createInMemory(name: path + " (a copy in memory)")
            defer { try? scratch.close() }
            try scratch.root.copy(name, from: try runsGroup(), to: name)
        } catch let error as H5Error {
            throw InputError(file: path, keyPath: "/runs/" + name, message: "cannot be copied: " + error.brief)
        } catch {
            throw Self.inputError(path, "/runs/" + name, error)
        }
    }
}
