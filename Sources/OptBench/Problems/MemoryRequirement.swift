#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The memory a run is about to allocate, added up before anything is allocated, so that a run
/// too large for the machine fails with one line instead of aborting the whole suite (Swift's
/// allocation traps when `malloc` fails).
///
/// ``check(for:)`` refuses a total beyond the machine's physical memory, then asks `malloc` for
/// the whole block once and frees it at once (untouched pages cost nothing): that honours an
/// address-space limit (`ulimit -v`) and the kernel's overcommit policy. It cannot foresee
/// memory that other runs take later; it turns the impossible into a failed run, no more.
public struct MemoryRequirement: Sendable, Hashable {
    /// The total so far, in bytes (saturating at `Int.max`: sizes come from settings and files).
    public private(set) var bytes = 0

    public init() {}

    /// Adds `count` elements of `size` bytes.
    public mutating func add(_ count: Int, of size: Int) {
        let product = Swift.max(count, 0).multipliedReportingOverflow(by: size)
        let sum = bytes.addingReportingOverflow(product.partialValue)
        bytes = product.overflow || sum.overflow ? Int.max : sum.partialValue
    }

    /// Adds `count` elements of `T`.
    public mutating func add<T>(_ count: Int, of type: T.Type) {
        add(count, of: MemoryLayout<T>.stride)
    }

    /// The machine's physical memory in bytes.
    public static let physicalMemory: Int = {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, size > 0 else { return Int.max }
        return pages.multipliedReportingOverflow(by: size).overflow ? Int.max : pages * size
    }()

    /// - Parameter what: what the memory is for, e.g. "the parameters, gradient and optimizer
    ///   state of 1000036000012 parameters".
    /// - Throws: ``ProblemError`` naming the size, what it is for, and why it cannot be had.
    public func check(for what: String) throws(ProblemError) {
        if bytes > Self.physicalMemory {
            throw ProblemError(key: nil, message: "needs \(Self.format(bytes)) of memory for \(what); this machine has \(Self.format(Self.physicalMemory))")
        }
        guard let block = malloc(bytes) else {
            throw ProblemError(key: nil, message: "needs \(Self.format(bytes)) of memory for \(what), which the system refused (see ulimit -v)")
        }
        free(block)
    }

    /// `3.6 TiB`, `512 KiB`, `40 bytes`.
    public static func format(_ bytes: Int) -> String {
        if bytes == Int.max { return "more than 8 EiB" }
        let units = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = Double(bytes), unit = "bytes"
        for next in units where value >= 1024 {
            value /= 1024
            unit = next
        }
        if unit == "bytes" { return "\(bytes) bytes" }
        let rounded = (value * 10).rounded() / 10
        return (rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)) + " " + unit
    }
}
