import OptBench
import Testing

@Suite("Nets: list and text settings, precision")
struct NetsSettingsTests {
    @Test("a text setting accepts only its choices and suggests the nearest one")
    func textKind() throws {
        let spec = HyperparameterSpec("activation", .text(choices: ["relu", "tanh"]), default: "relu", "nonlinearity")
        #expect(try spec.validate("tanh").get() == "tanh")
        #expect(throws: HyperparameterError.self) { try spec.validate("tahn").get() }
        #expect(spec.validate("tahn").failure?.description == "activation: expected one of relu, tanh (did you mean 'tanh'?), got 'tahn' (text)")
        #expect(spec.validate(3).failure?.description == "activation: expected one of relu, tanh, got 3")
        #expect(spec.acceptedValues() == "relu|tanh")
    }

    @Test("an integer-list setting takes lists (even empty) and single integers, each element in range")
    func integerListKind() throws {
        let spec = HyperparameterSpec("hidden", .integerList, default: .list([128]), range: ValidRange(lower: 1), "widths")
        #expect(try spec.validate(.list([64, 32])).get() == .list([64, 32]))
        #expect(try spec.validate(.list([])).get() == .list([]))
        #expect(try spec.validate(16).get() == .list([16]))
        #expect(try spec.validate(.list([.real(8)])).get() == .list([8]), "whole reals are integers")
        #expect(spec.validate(.list([64, 0])).failure?.description == "hidden: expected a list of integers ≥ 1, got [64,0]")
        #expect(spec.validate(.list([1.5])).failure != nil)
        #expect(spec.validate("wide").failure != nil)
        #expect(spec.acceptedValues() == "[integers ≥ 1]")
    }

    @Test("Float32 and Float64 evaluations agree at the same start (to float32 precision)", arguments: ["mlp", "cnn", "autoencoder", "logreg"])
    func precisionsAgree(name: String) throws {
        let problem = try networkProblem(name)
        var rng = SplitMix64(seed: 2)
        var double = [Double](repeating: 0, count: problem.dimension)
        double.withUnsafeMutableBufferPointer { problem.initialParameters(into: $0, rng: &rng) }
        let single = double.map { Float($0) }
        let a = try double.withUnsafeBufferPointer { try problem.makeTrainingEvaluator(scalar: Double.self).evaluate(at: $0) }
        let b = try single.withUnsafeBufferPointer { try problem.makeTrainingEvaluator(scalar: Float.self).evaluate(at: $0) }
        #expect(abs(a.trainLoss - b.trainLoss) <= 1e-5 * a.trainLoss)
        #expect(abs(a.testLoss - b.testLoss) <= 1e-5 * a.testLoss)
    }
}

extension Result {
    /// The error, when this is a failure.
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { error } else { nil }
    }
}
