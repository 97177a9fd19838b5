import Foundation
import OptBench
import Testing

/// 25-step trajectories of every optimizer against `torch.optim`, from the committed output of
/// `scripts/reference/optimizer_reference.py` (tests never run Python).
@Suite("Optimizers: torch.optim reference trajectories")
struct OptimizerReferenceTests {
    struct Reference: Decodable {
        struct Problem: Decodable {
            var x0: [Double]
            var h: [Double]
            var c: [Double]
            var steps: Int
        }
        struct ClassDefaults: Decodable {
            var defaults: [String: JSONScalar]
            var keyword_arguments: [String]
        }
        struct Case: Decodable {
            var id: String
            var optimizer: String
            var hyperparameters: [String: JSONScalar]
            var clip: [String: Double]?
            var trajectory: [[Double]]
        }
        var torch_version: String
        var problem: Problem
        var defaults: [String: ClassDefaults]
        var cases: [Case]
    }

    enum JSONScalar: Decodable, Equatable {
        case number(Double)
        case flag(Bool)
        case null

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null }
            else if let flag = try? container.decode(Bool.self) { self = .flag(flag) }
            else { self = .number(try container.decode(Double.self)) }
        }

        var configValue: ConfigValue? {
            switch self {
            case .number(let value): .real(value)
            case .flag(let value): .flag(value)
            case .null: nil
            }
        }
    }

    static let reference: Reference = {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/reference/optimizer_reference.json")
        do {
            return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
        } catch {
            fatalError("cannot read \(url.path): \(error)")
        }
    }()

    static var caseIDs: [String] { reference.cases.map(\.id) }

    @Test("every reference case is reproduced to 1e-12 relative over 25 steps", arguments: caseIDs)
    func trajectoryMatchesTorch(_ id: String) throws {
        let reference = Self.reference
        let testCase = try #require(reference.cases.first { $0.id == id })
        let settings = testCase.hyperparameters.compactMapValues(\.configValue)
        let clipping: GradientClipping =
            if let maxNorm = testCase.clip?["max_norm"] { .globalNorm(maxNorm) }
            else if let value = testCase.clip?["value"] { .value(value) }
            else { .none }
        let optimizer = try Optimizer(testCase.optimizer, settings, clipping: clipping)
        let state = optimizer.makeState(parameterCount: 3, scalar: Double.self)
        var x = reference.problem.x0
        var gradient = [Double](repeating: 0, count: 3)
        for (step, expected) in testCase.trajectory.enumerated() {
            for i in 0..<3 { gradient[i] = reference.problem.h[i] * (x[i] - reference.problem.c[i]) }
            x.withUnsafeMutableBufferPointer { x in
                gradient.withUnsafeMutableBufferPointer { g in state.step(parameters: x, gradient: g, learningRate: optimizer.learningRate) }
            }
            #expect(isClose(x, expected, relative: 1e-12, absolute: 1e-14), "\(id) step \(step + 1): \(x) vs torch \(expected)")
        }
    }

    @Test("Float32 state follows the Float64 reference to single precision")
    func float32FollowsReference() throws {
        let reference = Self.reference
        for testCase in reference.cases where testCase.clip == nil {
            let optimizer = try Optimizer(testCase.optimizer, testCase.hyperparameters.compactMapValues(\.configValue))
            let state = optimizer.makeState(parameterCount: 3, scalar: Float.self)
            var x = reference.problem.x0.map(Float.init)
            var gradient = [Float](repeating: 0, count: 3)
            for _ in 0..<5 {
                for i in 0..<3 { gradient[i] = Float(reference.problem.h[i]) * (x[i] - Float(reference.problem.c[i])) }
                x.withUnsafeMutableBufferPointer { x in
                    gradient.withUnsafeMutableBufferPointer { g in state.step(parameters: x, gradient: g, learningRate: optimizer.learningRate) }
                }
            }
            #expect(isClose(x.map(Double.init), testCase.trajectory[4], relative: 1e-4, absolute: 1e-5), "\(testCase.id): \(x)")
        }
    }

    /// torch.optim class → our catalog name, and the keys torch spells differently or that are
    /// implementation switches.
    static let torchClasses = [
        "SGD": "sgd", "Adagrad": "adagrad", "RMSprop": "rmsprop", "Adam": "adam", "AdamW": "adamw",
        "Adamax": "adamax", "NAdam": "nadam", "RAdam": "radam", "Adadelta": "adadelta",
    ]
    static let implementationSwitches: Set = ["foreach", "maximize", "capturable", "differentiable", "fused", "betas"]

    @Test("defaults and hyperparameter names equal torch.optim's", arguments: torchClasses.keys.sorted())
    func defaultsMatchTorch(_ torchClass: String) throws {
        let torch = try #require(Self.reference.defaults[torchClass])
        let spec = try #require(OptimizerCatalog.spec(named: Self.torchClasses[torchClass]!))
        var expectedKeys = Set(torch.keyword_arguments).subtracting(Self.implementationSwitches)
        if torch.keyword_arguments.contains("betas") { expectedKeys.formUnion(["beta1", "beta2"]) }
        if torchClass == "AdamW" { expectedKeys.remove("decoupled_weight_decay") }  // AdamW fixes it on
        #expect(Set(spec.parameters.map(\.name)) == expectedKeys)
        for parameter in spec.parameters {
            guard let torchDefault = torch.defaults[parameter.name]?.configValue else { continue }
            switch (torchDefault, parameter.defaultValue) {
            case (.real(let theirs), let ours): #expect(ours.realValue == theirs, "\(spec.name).\(parameter.name)")
            case (let theirs, let ours): #expect(ours == theirs, "\(spec.name).\(parameter.name)")
            }
        }
    }
}
