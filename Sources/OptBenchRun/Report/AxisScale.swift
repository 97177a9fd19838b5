import Foundation

/// A plot axis: a domain in data units, linear or logarithmic, mapped to [0, 1], with tick
/// positions and labels that read well (`0.01`, `1`, `100`, `10⁻⁶`; `0`, `500`, `1000`).
struct AxisScale {
    var logarithmic: Bool
    var low: Double
    var high: Double

    /// A domain covering the finite `values` (positive ones on a log axis), padded a little;
    /// a default domain when there are none.
    init(covering values: [Double], logarithmic: Bool, includeZero: Bool = false) {
        self.logarithmic = logarithmic
        let usable = values.filter { $0.isFinite && (!logarithmic || $0 > 0) }
        guard var lo = usable.min(), var hi = usable.max() else {
            (low, high) = logarithmic ? (1, 10) : (0, 1)
            return
        }
        if logarithmic {
            if hi / lo < 10 { let mid = (lo * hi).squareRoot(); lo = mid / 3.2; hi = mid * 3.2 }
            let pad = 0.03 * (log10(hi) - log10(lo))
            low = pow(10, log10(lo) - pad)
            high = pow(10, log10(hi) + pad)
        } else {
            if includeZero { lo = Swift.min(lo, 0); hi = Swift.max(hi, 0) }
            if hi == lo { let pad = Swift.max(abs(hi) * 0.1, 1e-12); lo -= pad; hi += pad }
            let pad = (hi - lo) * 0.04
            low = includeZero && lo == 0 ? 0 : lo - pad
            high = hi + pad
        }
    }

    init(low: Double, high: Double, logarithmic: Bool) {
        self.low = low
        self.high = high
        self.logarithmic = logarithmic
    }

    /// Position of `value` in [0, 1] (outside for values beyond the domain; NaN for values a
    /// log axis cannot show).
    func position(_ value: Double) -> Double {
        if logarithmic {
            guard value > 0 else { return value == 0 ? -.infinity : .nan }
            return (log10(value) - log10(low)) / (log10(high) - log10(low))
        }
        return (value - low) / (high - low)
    }

    /// Tick values inside the domain with their labels.
    var ticks: [(value: Double, label: String)] {
        logarithmic ? logTicks : linearTicks
    }

    private var logTicks: [(value: Double, label: String)] {
        let first = Int(log10(low).rounded(.up)), last = Int(log10(high).rounded(.down))
        let decades = last - first + 1
        if decades < 2 {
            // Less than two decades: 1-2-5 steps.
            var ticks: [(Double, String)] = []
            for exponent in (first - 1)...(last + 1) {
                for m in [1.0, 2, 5] {
                    let v = m * pow(10, Double(exponent))
                    if v >= low * (1 - 1e-9) && v <= high * (1 + 1e-9) { ticks.append((v, Self.label(v))) }
                }
            }
            return ticks
        }
        let stride = Swift.max(1, Int((Double(decades) / 7).rounded(.up)))
        return Swift.stride(from: first, through: last, by: stride).map { exponent in
            (pow(10, Double(exponent)), Self.powerLabel(exponent))
        }
    }

    private var linearTicks: [(value: Double, label: String)] {
        let span = high - low
        guard span > 0, span.isFinite else { return [] }
        let raw = span / 5
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        var ticks: [(Double, String)] = []
        var v = (low / step).rounded(.up) * step
        while v <= high + step * 1e-9 {
            let value = abs(v) < step * 1e-9 ? 0 : v
            ticks.append((value, Self.label(value)))
            v += step
        }
        return ticks
    }

    /// `10⁻⁶` for large or small powers, plain decimals between 0.001 and 10000.
    static func powerLabel(_ exponent: Int) -> String {
        if (-3...3).contains(exponent) { return label(pow(10, Double(exponent))) }
        return "10" + superscript(exponent)
    }

    /// A tick label: plain for moderate values (`0.25`, `1500`), `3×10⁵` otherwise.
    static func label(_ value: Double) -> String {
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e-3 && magnitude < 1e5 {
            var text = String(format: "%.6g", value)
            if text.contains("e") { text = String(format: "%.4f", value) }
            return text.replacingOccurrences(of: "-", with: "−")
        }
        let exponent = Int(floor(log10(magnitude)))
        let mantissa = value / pow(10, Double(exponent))
        let m = String(format: "%.3g", mantissa).replacingOccurrences(of: "-", with: "−")
        return (m == "1" ? "" : m == "−1" ? "−" : m + "×") + "10" + superscript(exponent)
    }

    static func superscript(_ n: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        return (n < 0 ? "⁻" : "") + String(String(abs(n)).map { digits[Int(String($0))!] })
    }
}
