import Foundation

/// How long a ``ResultsFileProbe`` waits for its child to read one results file before it
/// takes libhdf5 for stuck in a corrupt file: ``base`` seconds plus ``secondsPerGiB`` per GiB
/// of the file, or the fixed number of seconds in `OPTBENCH_PROBE_TIMEOUT` when that is set.
public struct ProbeTimeout: Sendable, Hashable {
    /// The environment variable that replaces the timeout for every file: seconds, > 0.
    public static let environmentVariable = "OPTBENCH_PROBE_TIMEOUT"

    /// Seconds for any file, however small: start-up, and room for a loaded machine.
    public var base: Double
    /// Seconds per GiB of the file on top of ``base``.
    public var secondsPerGiB: Double

    public init(base: Double, secondsPerGiB: Double) {
        self.base = base
        self.secondsPerGiB = secondsPerGiB
    }

    /// 20 s plus 120 s per GiB: 7 to 10 times what the child needs (16–20 s of CPU per GiB
    /// in the release build, 20–30 s in a debug build; docs/reliability.md).
    public static let standard = ProbeTimeout(base: 20, secondsPerGiB: 120)

    /// The seconds allowed for a file of `bytes` bytes.
    public func seconds(forBytes bytes: Int64) -> Double {
        base + Double(max(bytes, 0)) / Double(1 << 30) * secondsPerGiB
    }

    /// This timeout, or a fixed one when `environment` sets ``environmentVariable``.
    /// - Throws: ``InputError`` when the variable is set to anything but a number > 0.
    func overridden(by environment: [String: String]) throws(InputError) -> ProbeTimeout {
        guard let text = environment[Self.environmentVariable] else { return self }
        guard let seconds = Double(text), seconds.isFinite, seconds > 0 else {
            throw InputError(keyPath: Self.environmentVariable, message: "expected a number of seconds > 0, got '\(text)'")
        }
        return ProbeTimeout(base: seconds, secondsPerGiB: 0)
    }
}
