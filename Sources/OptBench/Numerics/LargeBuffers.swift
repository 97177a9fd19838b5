#if canImport(Glibc)
import Glibc
#endif

/// Allocation of the long arrays a step streams through (parameters, gradients, moments).
///
/// Arrays of 2 MiB or more are aligned to 2 MiB and marked `MADV_HUGEPAGE`, so a kernel with
/// transparent huge pages in `madvise` mode (Debian's default) backs them with 2 MiB pages:
/// a step over 10⁷ parameters then walks a few hundred pages instead of a few hundred
/// thousand. Smaller arrays come from the ordinary allocator. Free with `deallocate()`.
public enum LargeBuffers {
    static let hugePage = 2 << 20

    /// An uninitialized buffer of `count` elements.
    public static func allocate<T>(_: T.Type, count: Int) -> UnsafeMutableBufferPointer<T> {
        let bytes = count * MemoryLayout<T>.stride
        #if os(Linux)
        if bytes >= hugePage {
            var raw: UnsafeMutableRawPointer?
            let rounded = (bytes + hugePage - 1) / hugePage * hugePage
            if posix_memalign(&raw, hugePage, rounded) == 0, let raw {
                _ = madvise(raw, rounded, MADV_HUGEPAGE)  // advice: ignored where unsupported
                return UnsafeMutableBufferPointer(start: raw.bindMemory(to: T.self, capacity: count), count: count)
            }
        }
        #endif
        return .allocate(capacity: count)
    }
}
