import CVectorMath
import RealModule

/// The floating-point types optimizers and problems compute in: `Float` (float32) and `Double`
/// (float64).
///
/// Hot loops are generic over `OptScalar` and carry `@_specialize` attributes for both
/// conformers, so a call through an existential runs specialized code (measured: 45× faster
/// than the unspecialized generic path on an Adam-like loop).
public protocol OptScalar: BinaryFloatingPoint, Real, Sendable
where RawSignificand: FixedWidthInteger {
    /// The precision this type stands for.
    static var precision: Precision { get }

    /// The correctly rounded square root, NaN below zero, as `squareRoot()`, but one the loop
    /// vectorizer can widen: Swift's `squareRoot()` on Linux keeps libm's errno path, a call
    /// that leaves every loop containing it scalar (4–8× slower on optimizer steps).
    func vectorizableSquareRoot() -> Self
}

extension Float: OptScalar {
    public static var precision: Precision { .float32 }

    @inlinable @inline(__always)
    public func vectorizableSquareRoot() -> Float { optbench_sqrtf(self) }
}

extension Double: OptScalar {
    public static var precision: Precision { .float64 }

    @inlinable @inline(__always)
    public func vectorizableSquareRoot() -> Double { optbench_sqrt(self) }
}

/// The precision a problem's parameters, gradients and optimizer state are stored in.
public enum Precision: String, Sendable, CaseIterable, Codable {
    case float32
    case float64
}
