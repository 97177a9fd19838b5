/// How much of a results file a command reads, and so how much the probe's child reads first.
///
/// `info`, `check` and `baseline` read the root and the run summaries; reading every run whole
/// and copying it (what `report`, `export`, `merge` and `--resume` need) took the child 4.5 s of
/// `classic`'s 279 MB where the summaries take 0.9 s.
public enum ResultsReadScope: Int, Sendable, Comparable {
    /// The root's format and provenance, and every run's summary.
    case summaries
    /// That, every run whole, and every run group copied with `H5Ocopy`.
    case everything

    /// The name on the child's command line.
    public var name: String { self == .summaries ? "summaries" : "everything" }

    public init?(name: String) {
        switch name {
        case "summaries": self = .summaries
        case "everything": self = .everything
        default: return nil
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}
