import OptBench

/// The identity of a run: problem instance, optimizer instance (with schedule), seed.
///
/// Its text form, `rosenbrock(dim=2)/adam(lr=0.01)/seed=0`, is built here and only here
/// (``text``), and read back by ``init(parsing:)``; a test round-trips them. Arguments list
/// only settings that differ from the defaults, in the order of the spec tables, numbers in
/// Swift's shortest round-trip form.
public struct RunID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// `rosenbrock(dim=2)`.
    public var problem: String
    /// `adam(lr=0.01,schedule=cosine(warmup_steps=100))`.
    public var optimizer: String
    public var seed: UInt64

    public init(problem: String, optimizer: String, seed: UInt64) {
        self.problem = problem
        self.optimizer = optimizer
        self.seed = seed
    }

    /// The identity of `problem` (in `precision`) × `optimizer` (+ `schedule`) × `seed`. A
    /// precision other than the problem's default joins the problem's arguments.
    public init(problem: any Problem, precision: Precision? = nil, optimizer: Optimizer, schedule: ScheduleSetting?, seed: UInt64) {
        var arguments = optimizer.identityArguments.canonicalArguments
        if let schedule {
            arguments += (arguments.isEmpty ? "" : ",") + "schedule=" + schedule.identity
        }
        var problemText = problem.identity
        if let precision, precision != problem.defaultPrecision {
            problemText = "\(problem.name)(" + (problem.configuration + [ConfigEntry("precision", .text(precision.rawValue))]).canonicalArguments + ")"
        }
        self.init(problem: problemText, optimizer: "\(optimizer.name)(\(arguments))", seed: seed)
    }

    /// The readable run id.
    public var text: String { "\(problem)/\(optimizer)/seed=\(seed)" }

    public var description: String { text }

    /// Reads a run id written by ``text``; `nil` if it is not one.
    public init?(parsing text: String) {
        // Split on the two '/' that are outside parentheses.
        var depth = 0
        var cuts: [String.Index] = []
        for index in text.indices {
            switch text[index] {
            case "(": depth += 1
            case ")": depth -= 1
            case "/" where depth == 0: cuts.append(index)
            default: break
            }
            if depth < 0 { return nil }
        }
        guard depth == 0, cuts.count == 2 else { return nil }
        let problem = String(text[..<cuts[0]])
        let optimizer = String(text[text.index(after: cuts[0])..<cuts[1]])
        let seedPart = text[text.index(after: cuts[1])...]
        guard seedPart.hasPrefix("seed="), let seed = UInt64(seedPart.dropFirst(5)),
              Self.isCall(problem), Self.isCall(optimizer)
        else { return nil }
        self.init(problem: problem, optimizer: optimizer, seed: seed)
    }

    /// `name(args)` with a lowercase name.
    private static func isCall(_ text: String) -> Bool {
        guard let open = text.firstIndex(of: "("), text.hasSuffix(")") else { return false }
        let name = text[..<open]
        return !name.isEmpty && name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }
    }

    /// The catalog name of the problem (`rosenbrock`).
    public var problemName: String { String(problem.prefix { $0 != "(" }) }
    /// The catalog name of the optimizer (`adam`).
    public var optimizerName: String { String(optimizer.prefix { $0 != "(" }) }

    public static func < (a: RunID, b: RunID) -> Bool {
        (a.problem, a.optimizer, a.seed) < (b.problem, b.optimizer, b.seed)
    }
}
