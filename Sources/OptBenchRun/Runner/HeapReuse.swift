/// glibc's `mallopt`, which Swift's Glibc module does not export.
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32

/// Process-wide allocator settings for suites of many runs.
public enum HeapReuse {
    /// Keeps freed run buffers in the heap for the next run instead of returning them to the
    /// kernel. By default glibc serves large allocations (a run's logged rows: 56 MB for 10⁶
    /// rows of a 2-D problem) with mmap and unmaps them on free, so every run faulted in fresh
    /// zeroed pages: measured, that made logging every step of a 2-D run cost +26 % instead
    /// of +2–10 %. Call once at start-up.
    public static func keepFreedMemory() {
        #if os(Linux)
        _ = glibcMallopt(-3, 1 << 30)  // M_MMAP_THRESHOLD: serve allocations below 1 GiB from the heap
        _ = glibcMallopt(-1, 1 << 30)  // M_TRIM_THRESHOLD: keep up to 1 GiB of freed memory
        #endif
    }
}
