/// How many runs ended in each ``RunStatus``.
public struct StatusCounts: Sendable, Hashable, Codable {
    public var completed = 0
    public var diverged = 0
    public var failed = 0
    public var interrupted = 0

    public init() {}

    /// The counts of `statuses`.
    public init<S: Sequence>(_ statuses: S) where S.Element == RunStatus {
        for status in statuses { add(status) }
    }

    public mutating func add(_ status: RunStatus) {
        switch status {
        case .completed: completed += 1
        case .diverged: diverged += 1
        case .failed: failed += 1
        case .interrupted: interrupted += 1
        }
    }

    public var total: Int { completed + diverged + failed + interrupted }
    /// Runs that did not use up their budget: diverged, failed and interrupted.
    public var notCompleted: Int { total - completed }

    public subscript(status: RunStatus) -> Int {
        switch status {
        case .completed: completed
        case .diverged: diverged
        case .failed: failed
        case .interrupted: interrupted
        }
    }

    /// `12 completed, 3 diverged` (zero counts left out; `no runs` when empty).
    public var text: String {
        let parts = RunStatus.allCases.filter { self[$0] > 0 }.map { "\(self[$0]) \($0.rawValue)" }
        return parts.isEmpty ? "no runs" : parts.joined(separator: ", ")
    }
}
