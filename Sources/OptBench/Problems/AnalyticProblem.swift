/// A ``Problem`` made of an ``AnalyticFunction``: a deterministic objective, run for
/// `steps` updates from its standard start or a given one, optionally jittered per seed.
public struct AnalyticProblem<Function: AnalyticFunction>: Problem {
    public let function: Function
    public let start: StartPoint

    /// - Throws: a message when `start` has the wrong length or a non-finite element, or the
    ///   jitter is negative.
    public init(_ function: Function, start: [Double]? = nil, startJitter: Double = 0) throws(ProblemError) {
        self.function = function
        self.start = try StartPoint(standard: function.standardStart, custom: start, jitter: startJitter)
    }

    public var name: String { Function.name }
    public var dimension: Int { function.dimension }
    public var defaultPrecision: Precision { .float64 }
    public var defaultBudget: Budget { .steps(1000) }

    public var configuration: [ConfigEntry] { function.configuration + start.configuration }

    public var knownMinimum: KnownMinimum? { function.knownMinimum }

    public func initialParameters<T: OptScalar>(into x: UnsafeMutableBufferPointer<T>, rng: inout SplitMix64) {
        start.write(into: x, rng: &rng)
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
