/// What a stream of randomness is used for. Each purpose has its own independent stream, so
/// turning on gradient noise or dropout never shifts a run's initialization or minibatch order.
public enum RandomPurpose: String, Sendable, CaseIterable {
    /// Initial parameters (random starts, network weights) and random problem data.
    case initialization
    /// Minibatch order (reshuffled every epoch).
    case minibatch
    /// Additive gradient noise of stochastic problems.
    case noise
    /// Dropout masks.
    case dropout
}

/// The independent random streams of one run.
///
/// Every stream's seed is derived by ``seed(for:seed:identity:)`` from the run's seed number,
/// an identity string and the purpose — never from execution order — so `--jobs`, sharding
/// and resuming cannot change a result.
///
/// The runner passes the *problem instance's* identity, not the whole run identity: every
/// optimizer on a given problem and seed then starts from the same point and sees the same
/// minibatches and noise draws (common random numbers), which makes comparisons between
/// optimizers sharper. See `docs/architecture.md`.
public struct RandomStreams: Sendable {
    public var initialization: SplitMix64
    public var minibatch: SplitMix64
    public var noise: SplitMix64
    public var dropout: SplitMix64

    /// The streams for seed number `seed` of the thing named `identity`.
    public init(seed: UInt64, identity: String) {
        initialization = SplitMix64(seed: Self.seed(for: .initialization, seed: seed, identity: identity))
        minibatch = SplitMix64(seed: Self.seed(for: .minibatch, seed: seed, identity: identity))
        noise = SplitMix64(seed: Self.seed(for: .noise, seed: seed, identity: identity))
        dropout = SplitMix64(seed: Self.seed(for: .dropout, seed: seed, identity: identity))
    }

    /// The stable seed of one stream: `StableHash("<purpose>|<seed>|<identity>")`.
    public static func seed(for purpose: RandomPurpose, seed: UInt64, identity: String) -> UInt64 {
        StableHash.of("\(purpose.rawValue)|\(seed)|\(identity)")
    }
}
