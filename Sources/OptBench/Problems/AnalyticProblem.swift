/// A ``Problem`` made of an ``AnalyticFunction``: a deterministic objective, run for
/// `steps` updates from its standard start or a given one, optionally jittered per seed.
public struct AnalyticProblem<Function: AnalyticFunction>: Problem {
    public let function: Function
    /// The start point; the function's standard start unless overridden.
    public let start: [Double]
    /// Whether `start` was given explicitly (it then belongs to the identity).
    public let startIsCustom: Bool
    /// Half-width of a uniform per-seed jitter added to the start (0: every seed starts at
    /// `start`, so a deterministic problem gives the same trajectory for every seed).
    public let startJitter: Double

    /// - Throws: a message when `start` has the wrong length or a non-finite element, or the
    ///   jitter is negative.
    public init(_ function: Function, start: [Double]? = nil, startJitter: Double = 0) throws(ProblemError) {
        if let start {
            guard start.count == function.dimension else {
                throw ProblemError(key: "start", message: "expected \(function.dimension) numbers, got \(start.count)")
            }
            guard start.allSatisfy(\.isFinite) else {
                throw ProblemError(key: "start", message: "expected finite numbers")
            }
        }
        guard startJitter >= 0, startJitter.isFinite else {
            throw ProblemError(key: "start_jitter", message: "expected a finite number ≥ 0, got \(startJitter)")
        }
        self.function = function
        self.start = start ?? function.standardStart
        self.startIsCustom = start != nil
        self.startJitter = startJitter
    }

    public var name: String { Function.name }
    public var dimension: Int { function.dimension }
    public var defaultPrecision: Precision { .float64 }
    public var defaultBudget: Budget { .steps(1000) }

    public var configuration: [ConfigEntry] {
        var entries = function.configuration
        if startIsCustom { entries.append(ConfigEntry("start", .list(start.map { .real($0) }))) }
        if startJitter != 0 { entries.append(ConfigEntry("start_jitter", .real(startJitter))) }
        return entries
    }

    public var knownMinimum: KnownMinimum? { function.knownMinimum }

    public func initialParameters<T: OptScalar>(into x: UnsafeMutableBufferPointer<T>, rng: inout SplitMix64) {
        for i in x.indices {
            let jitter = startJitter == 0 ? 0 : startJitter * (2 * rng.nextUniform() - 1)
            x[i] = T(start[i] + jitter)
        }
    }

    public func makeEvaluator<T: OptScalar>(scalar: T.Type) -> any ProblemEvaluator<T> {
        AnalyticEvaluator<Function, T>(function: function)
    }
}

final class AnalyticEvaluator<Function: AnalyticFunction, T: OptScalar>: ProblemEvaluator {
    let function: Function

    init(function: Function) {
        self.function = function
    }

    func lossAndGradient(at x: UnsafeBufferPointer<T>, gradient: UnsafeMutableBufferPointer<T>, streams: inout RandomStreams) -> Double {
        widen(function.evaluate(x, gradient: gradient))
    }
}

/// `Double(value)` through specialized code: this class is generic over the function too, so
/// its body is not specialized, and a generic conversion there cost more than a 2-D step.
@_specialize(where T == Float)
@_specialize(where T == Double)
func widen<T: OptScalar>(_ value: T) -> Double {
    Double(value)
}

/// A problem that cannot be built as asked; the key names the offending setting.
public struct ProblemError: Error, Sendable, Hashable, CustomStringConvertible {
    public var key: String?
    public var message: String

    public init(key: String?, message: String) {
        self.key = key
        self.message = message
    }

    public var description: String {
        key.map { "\($0): \(message)" } ?? message
    }
}
