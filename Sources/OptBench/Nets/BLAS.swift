import CBLAS

/// Matrix products through OpenBLAS's CBLAS interface, generic over the scalar.
///
/// Runs execute in parallel, one per core, so BLAS itself must stay single-threaded:
/// ``useOneThread()`` calls `openblas_set_num_threads(1)` once per process; every
/// ``NetworkWorkspace`` calls it when it is made.
enum BLAS {
    private static let oneThread: Void = { openblas_set_num_threads(1) }()

    /// Makes OpenBLAS single-threaded (idempotent, thread-safe).
    static func useOneThread() {
        _ = oneThread
    }

    /// `C ← alpha·op(A)·op(B) + beta·C`, all row-major; `op(X)` is `Xᵀ` when the flag says so.
    /// `op(A)` is `m × k`, `op(B)` is `k × n`, `C` is `m × n`; `lda`, `ldb`, `ldc` are the row
    /// strides of the matrices as stored.
    @inline(__always)
    static func gemm<T: OptScalar>(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: T = 1,
        a: UnsafePointer<T>, lda: Int, b: UnsafePointer<T>, ldb: Int,
        beta: T, c: UnsafeMutablePointer<T>, ldc: Int
    ) {
        precondition(max(m, n, k, lda, ldb, ldc) <= Int(Int32.max), "matrix too large for 32-bit BLAS")
        let ta = transposeA ? CblasTrans : CblasNoTrans
        let tb = transposeB ? CblasTrans : CblasNoTrans
        if T.self == Float.self {
            cblas_sgemm(
                CblasRowMajor, ta, tb, Int32(m), Int32(n), Int32(k), unsafeBitCast(alpha, to: Float.self),
                UnsafeRawPointer(a).assumingMemoryBound(to: Float.self), Int32(lda),
                UnsafeRawPointer(b).assumingMemoryBound(to: Float.self), Int32(ldb),
                unsafeBitCast(beta, to: Float.self),
                UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self), Int32(ldc))
        } else if T.self == Double.self {
            cblas_dgemm(
                CblasRowMajor, ta, tb, Int32(m), Int32(n), Int32(k), unsafeBitCast(alpha, to: Double.self),
                UnsafeRawPointer(a).assumingMemoryBound(to: Double.self), Int32(lda),
                UnsafeRawPointer(b).assumingMemoryBound(to: Double.self), Int32(ldb),
                unsafeBitCast(beta, to: Double.self),
                UnsafeMutableRawPointer(c).assumingMemoryBound(to: Double.self), Int32(ldc))
        } else {
            preconditionFailure("BLAS supports Float and Double only, not \(T.self)")
        }
    }
}
