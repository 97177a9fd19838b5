import Foundation

/// The one way numbers are written in reports, shared by every renderer so the HTML and the
/// Markdown show the same digits (the JSON holds the full values).
public enum ReportNumber {
    /// Four significant digits; plain notation in [1e-3, 1e5), otherwise `1.234e-7` (`1e-6`);
    /// integers below 1e5 without a decimal point; `∞`, `−∞`, `nan`.
    public static func text(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "∞" : "−∞") }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude < 1e5, value == value.rounded() { return String(Int(value)) }
        if magnitude >= 1e-3 && magnitude < 1e5 { return String(format: "%.4g", value) }
        return exponential(String(format: "%.4g", value))
    }

    /// A p-value: three significant digits (`0.111`, `2.5e-4`).
    public static func pValue(_ value: Double) -> String {
        guard value.isFinite else { return "nan" }
        return value >= 1e-3 ? String(format: "%.3g", value) : exponential(String(format: "%.2g", value))
    }

    /// A duration: `12.3 s`, `4.56 ms`, `812 µs`, `35.1 ns`.
    public static func seconds(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        let (scaled, unit): (Double, String) =
            value >= 1 || value == 0 ? (value, "s") : value >= 1e-3 ? (value * 1e3, "ms") : value >= 1e-6 ? (value * 1e6, "µs") : (value * 1e9, "ns")
        return String(format: "%.3g", scaled) + " " + unit
    }

    /// A fraction as a percentage: `80%`, `33.3%`.
    public static func percent(_ fraction: Double) -> String {
        let value = fraction * 100
        return (value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)) + "%"
    }

    /// `1.234e-07` → `1.234e-7`, `1.0e+05` → `1.0e5`.
    static func exponential(_ text: String) -> String {
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return text }
        let mantissa = text[..<e]
        var exponent = text[text.index(after: e)...]
        var sign = ""
        if exponent.first == "-" { sign = "-"; exponent = exponent.dropFirst() } else if exponent.first == "+" { exponent = exponent.dropFirst() }
        let digits = exponent.drop { $0 == "0" }
        return mantissa + "e" + sign + (digits.isEmpty ? "0" : String(digits))
    }
}
