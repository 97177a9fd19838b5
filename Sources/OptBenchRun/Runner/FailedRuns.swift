/// The line `optbench run` ends with when runs failed (it then exits with status 1): how
/// many, and the first few by id with their messages.
public enum FailedRuns {
    /// How many failed runs are named with their messages; the rest are counted.
    static let named = 3

    /// `1 of 2 runs failed: mlp(…)/sgd()/seed=0 (cannot start: needs 21.8 TiB …); 'optbench info r.h5' lists them`
    public static func summary(_ failed: [RunSummary], of total: Int, outputPath: String) -> String {
        let shown = failed.prefix(named).map { "\($0.id) (\($0.message))" }.joined(separator: ", ")
        let more = failed.count > named ? " and \(failed.count - named) more" : ""
        return "\(failed.count) of \(total) runs failed: \(shown)\(more); 'optbench info \(outputPath)' lists them".replacingNewlines()
    }
}
