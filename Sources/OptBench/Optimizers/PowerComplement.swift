import RealModule

/// 1 − βᵗ for t = 1, 2, 3, …: a bias correction of Adam's family, computed with libm's `pow`
/// exactly as PyTorch computes `1 - beta ** step`, but only until it rounds to 1.
///
/// Once βᵗ is below half an ulp of 1, `1 - pow(β, t)` is exactly 1.0, and stays so for every
/// later t (βᵗ only shrinks), so the result is bit-identical to calling `pow` every step while
/// skipping it (~230 instructions a step, a third of a 2-D run's step) for nearly all of a long
/// run: from t ≈ 350 for β = 0.9, t ≈ 36 800 for β = 0.999.
///
/// - Important: steps must come in increasing order, as a stage's moment buffers already assume.
struct PowerComplement {
    let base: Double
    private var isOne = false

    init(base: Double) {
        self.base = base
    }

    /// 1 − baseᵗ.
    mutating func value(atStep t: Int) -> Double {
        if isOne { return 1 }
        let complement = 1 - Double.pow(base, Double(t))
        if complement == 1 { isOne = true }
        return complement
    }
}
