/// Where a problem's runs start: its standard start or one given in the suite, optionally
/// jittered per seed, uniformly within ±`jitter` in every coordinate (drawn from the run's
/// initialization stream). With no jitter every seed starts at `point`, so a deterministic
/// problem gives the same trajectory for every seed.
public struct StartPoint: Sendable, Hashable {
    public let point: [Double]
    /// Whether `point` was given explicitly (it then belongs to the identity).
    public let isCustom: Bool
    /// Half-width of the per-seed jitter, ≥ 0.
    public let jitter: Double

    /// - Throws: ``ProblemError`` naming `start` (wrong length, a non-finite element) or
    ///   `start_jitter` (negative or not finite).
    public init(standard: [Double], custom: [Double]?, jitter: Double) throws(ProblemError) {
        if let custom {
            guard custom.count == standard.count else {
                throw ProblemError(key: "start", message: "expected \(standard.count) numbers, got \(custom.count)")
            }
            guard custom.allSatisfy(\.isFinite) else {
                throw ProblemError(key: "start", message: "expected finite numbers")
            }
        }
        guard jitter >= 0, jitter.isFinite else {
            throw ProblemError(key: "start_jitter", message: "expected a finite number ≥ 0, got \(jitter)")
        }
        point = custom ?? standard
        isCustom = custom != nil
        self.jitter = jitter
    }

    /// The settings this adds to a problem's identity: `start` when custom, `start_jitter`
    /// when not 0.
    public var configuration: [ConfigEntry] {
        var entries: [ConfigEntry] = []
        if isCustom { entries.append(ConfigEntry("start", .list(point.map { .real($0) }))) }
        if jitter != 0 { entries.append(ConfigEntry("start_jitter", .real(jitter))) }
        return entries
    }

    /// Writes the start of one run into `x`.
    public func write<T: OptScalar>(into x: UnsafeMutableBufferPointer<T>, rng: inout SplitMix64) {
        for i in x.indices {
            let offset = jitter == 0 ? 0 : jitter * (2 * rng.nextUniform() - 1)
            x[i] = T(point[i] + offset)
        }
    }
}
