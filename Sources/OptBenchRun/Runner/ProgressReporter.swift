import Foundation

/// Progress on stderr: a live bar on a terminal; plain lines every few seconds otherwise (or
/// with CI=true); nothing when quiet. Only the writer thread calls it.
public final class ProgressReporter {
    public enum Style: Sendable {
        case bar
        case lines
        case quiet
    }

    let style: Style
    private var total = 0
    private var done = 0
    private var diverged = 0
    private var failed = 0
    private var startedAt = Date()
    private var lastDrawn = Date.distantPast
    private let output: FileHandle

    public init(style: Style, output: FileHandle = .standardError) {
        self.style = style
        self.output = output
    }

    /// The style for this process: quiet if asked, a bar on an interactive terminal, lines
    /// otherwise (and always with CI=true).
    public static func automaticStyle(quiet: Bool) -> Style {
        if quiet { return .quiet }
        let ci = ProcessInfo.processInfo.environment["CI"].map { $0 == "true" || $0 == "1" } ?? false
        return isatty(STDERR_FILENO) == 1 && !ci ? .bar : .lines
    }

    func start(total: Int, alreadyDone: Int) {
        self.total = total
        done = alreadyDone
        startedAt = Date()
        if style == .lines, alreadyDone > 0 { write("optbench: \(alreadyDone) of \(total) runs reused from earlier results\n") }
    }

    func runFinished(_ result: RunResult) {
        done += 1
        if result.status == .diverged { diverged += 1 }
        if result.status == .failed { failed += 1 }
        let now = Date()
        switch style {
        case .quiet: return
        case .bar:
            guard now.timeIntervalSince(lastDrawn) >= 0.1 || done == total else { return }
            lastDrawn = now
            write("\r" + line(now: now, bar: true))
        case .lines:
            guard now.timeIntervalSince(lastDrawn) >= 5 || done == total else { return }
            lastDrawn = now
            write("optbench: " + line(now: now, bar: false) + "\n")
        }
    }

    func finish() {
        if style == .bar { write("\n") }
    }

    func line(now: Date, bar: Bool) -> String {
        let elapsed = Swift.max(now.timeIntervalSince(startedAt), 1e-9)
        let fraction = total == 0 ? 1 : Double(done) / Double(total)
        let rate = Double(done) / elapsed
        let remaining = rate > 0 ? Double(total - done) / rate : 0
        var text = "\(done)/\(total) runs (\(Int(fraction * 100))%), \(Self.format(rate)) runs/s, ETA \(Self.duration(remaining))"
        if diverged > 0 { text += ", \(diverged) diverged" }
        if failed > 0 { text += ", \(failed) failed" }
        guard bar else { return text }
        let width = 24
        let filled = Int(fraction * Double(width))
        return "[" + String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled) + "] " + text + "  "
    }

    static func format(_ rate: Double) -> String {
        rate >= 100 ? String(Int(rate)) : String(format: "%.1f", rate)
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\(s % 3600 / 60)m" : s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s"
    }

    private func write(_ text: String) {
        output.write(Data(text.utf8))
    }
}
