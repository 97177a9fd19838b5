/// Colours and dash patterns, fixed per optimizer across every plot of a report.
///
/// The colours are Okabe & Ito's colour-blind-safe palette (2008), without its yellow, which
/// is too faint on white; past seven optimizers the colours repeat with a dash pattern.
struct PlotStyle {
    static let colors = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
    static let dashes = ["", "7 3", "2 2.5", "9 3 2 3"]
    /// A sequential, colour-blind-safe ramp (viridis from 0 to 0.85, leaving out the faint
    /// yellow) for layers, spread over the layers in order.
    static let sequence = ["#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58", "#b5de2b"]

    let optimizers: [String]

    func color(_ optimizer: String) -> String {
        Self.colors[(optimizers.firstIndex(of: optimizer) ?? 0) % Self.colors.count]
    }

    func dash(_ optimizer: String) -> String {
        Self.dashes[((optimizers.firstIndex(of: optimizer) ?? 0) / Self.colors.count) % Self.dashes.count]
    }

    static func layerColor(_ index: Int, of count: Int) -> String {
        guard count > 1 else { return sequence[1] }
        let position = Double(index) / Double(count - 1) * Double(sequence.count - 1)
        return sequence[Int(position.rounded())]
    }
}
