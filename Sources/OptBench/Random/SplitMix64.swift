/// A small, fast, seedable 64-bit generator (Steele, Lea & Flood 2014, "Fast splittable
/// pseudorandom number generators"), the one Java's `SplittableRandom` uses.
///
/// Every stream of randomness in optbench is a `SplitMix64` seeded through
/// ``RandomStreams``, never through `hashValue` (randomized per process) or the system
/// generator, so the same identity gives the same numbers in every process and on every run.
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    /// The internal state; advanced by the golden-ratio increment on every draw.
    @usableFromInline var state: UInt64

    /// Creates a generator whose sequence is fully determined by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 finalizer: a bijective avalanche of 64 bits.
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1) with 53 random bits.
    @inlinable
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A standard normal draw (mean 0, variance 1) by the Box–Muller transform.
    ///
    /// Each call consumes exactly two 64-bit draws and keeps no cached second value, so the
    /// stream position after `k` Gaussian draws is always `2k` words: easy to reason about
    /// when reproducing a run.
    @inlinable
    public mutating func nextGaussian() -> Double {
        // 1 − u lies in (0, 1], so the logarithm is finite.
        let u1 = 1.0 - nextUniform()
        let u2 = nextUniform()
        return (-2.0 * Double.log(u1)).squareRoot() * Double.cos(2.0 * Double.pi * u2)
    }

    /// A uniform integer in `0..<upperBound` without modulo bias (Lemire's method).
    @inlinable
    public mutating func nextInt(below upperBound: Int) -> Int {
        precondition(upperBound > 0, "upperBound must be positive")
        return Int(next(upperBound: UInt64(upperBound)))
    }
}

import RealModule
