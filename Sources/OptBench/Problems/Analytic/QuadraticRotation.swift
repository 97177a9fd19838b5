/// The random rotation of a ``Quadratic``, kept in factored form: d − 1 Householder reflectors
/// and a diagonal of signs.
///
/// ```
/// Q = H_1·H_2·…·H_{d−1}·D,     H_k = I − 2·u_k·u_kᵀ  (u_k a unit vector supported on coordinates k…d)
/// v_k ~ N(0, I_{d−k+1}),  s_k = sign(v_k1),  u_k ∝ v_k + s_k·‖v_k‖·e_1,  D_kk = −s_k,  D_dd = sign(N(0, 1))
/// ```
/// This is Stewart's method (Stewart 1980, "The efficient generation of random orthogonal
/// matrices with an application to condition estimators"; Mezzadri 2007, "How to generate
/// random matrices from the classical compact groups"): the Householder QR factorization of a
/// d×d standard Gaussian matrix, with the signs fixed so that R has a positive diagonal, in which
/// each reflector is drawn directly (the k-th column, after the first k − 1 reflections, is again
/// standard Gaussian). Q is therefore Haar-distributed over the orthogonal group, orthogonal to
/// rounding error by construction, built in O(d²) time, and stored in d(d + 1)/2 numbers.
/// All draws come, in order, from `SplitMix64(seed: StableHash.of("quadratic-rotation|<d>|<seed>"))`.
struct QuadraticRotation: Sendable {
    let dimension: Int
    /// u_1, u_2, …, u_{d−1} packed one after the other (lengths d, d − 1, …, 2).
    let reflectors: [Double]
    /// The diagonal of D (each ±1).
    let signs: [Double]

    init(dimension d: Int, seed: Int) {
        var rng = SplitMix64(seed: StableHash.of("quadratic-rotation|\(d)|\(seed)"))
        var reflectors: [Double] = []
        reflectors.reserveCapacity(d * (d + 1) / 2)
        var signs: [Double] = []
        signs.reserveCapacity(d)
        for k in 0..<(d - 1) {
            let start = reflectors.count
            var squares = 0.0
            for _ in k..<d {
                let value = rng.nextGaussian()
                reflectors.append(value)
                squares += value * value
            }
            let sign: Double = reflectors[start] < 0 ? -1 : 1
            // u = v + s·‖v‖·e_1 has |u_1| ≥ ‖v‖ > 0 (a zero Gaussian vector has probability 0).
            reflectors[start] += sign * squares.squareRoot()
            var norm = 0.0
            for i in start..<reflectors.count { norm += reflectors[i] * reflectors[i] }
            norm = norm.squareRoot()
            for i in start..<reflectors.count { reflectors[i] /= norm }
            signs.append(-sign)
        }
        signs.append(rng.nextGaussian() < 0 ? -1 : 1)
        self.dimension = d
        self.reflectors = reflectors
        self.signs = signs
    }

    /// v ← Q·v in place.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func rotate<T: OptScalar>(_ v: UnsafeMutableBufferPointer<T>) {
        let d = dimension
        for i in 0..<d { v[i] *= T(signs[i]) }
        reflectors.withUnsafeBufferPointer { u in
            var end = u.count
            for k in stride(from: d - 2, through: 0, by: -1) {
                let start = end - (d - k)
                reflect(v, from: k, by: u.baseAddress! + start)
                end = start
            }
        }
    }

    /// v ← Qᵀ·v in place.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func rotateBack<T: OptScalar>(_ v: UnsafeMutableBufferPointer<T>) {
        let d = dimension
        reflectors.withUnsafeBufferPointer { u in
            var start = 0
            for k in 0..<(d - 1) {
                reflect(v, from: k, by: u.baseAddress! + start)
                start += d - k
            }
        }
        for i in 0..<d { v[i] *= T(signs[i]) }
    }

    /// v[k…] ← (I − 2·u·uᵀ)·v[k…], for the unit vector u of length d − k.
    @inline(__always)
    private func reflect<T: OptScalar>(_ v: UnsafeMutableBufferPointer<T>, from k: Int, by u: UnsafePointer<Double>) {
        let m = dimension - k
        var dot: T = 0
        for i in 0..<m { dot += T(u[i]) * v[k + i] }
        let scale = 2 * dot
        for i in 0..<m { v[k + i] -= scale * T(u[i]) }
    }
}
