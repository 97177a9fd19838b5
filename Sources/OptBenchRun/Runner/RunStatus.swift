/// How a run ended (**contract**: the `status` attribute of every run).
public enum RunStatus: String, Sendable, CaseIterable, Codable {
    /// The budget was used up.
    case completed
    /// A non-finite loss or gradient, or a loss beyond the divergence threshold: stopped early.
    case diverged
    /// An error inside the run; `message` says which.
    case failed
    /// Stopped by a signal (or the process died) before the budget was used up.
    case interrupted
}
