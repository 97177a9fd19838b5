/// A hash of bytes that is the same in every process, on every run and every platform:
/// 64-bit FNV-1a followed by the SplitMix64 finalizer (FNV alone mixes its last bytes poorly).
///
/// Use this, never `hashValue` or `Hasher`, whose seeds change per process.
public enum StableHash {
    /// The stable 64-bit hash of `text`'s UTF-8 bytes.
    public static func of(_ text: String) -> UInt64 {
        of(bytes: Array(text.utf8))
    }

    /// The stable 64-bit hash of `bytes`.
    public static func of(bytes: some Sequence<UInt8>) -> UInt64 {
        SplitMix64.mix(fnv1a64(bytes: bytes))
    }

    /// Plain 64-bit FNV-1a (Fowler, Noll & Vo), without the finalizer.
    public static func fnv1a64(bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV offset basis
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3  // FNV prime
        }
        return hash
    }
}
