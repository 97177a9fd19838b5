import OptBench
import Testing

@Suite("Optimizers: invalid settings are refused with a precise message")
struct OptimizerValidationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var settings: [String: ConfigValue]
        var message: String
        var testDescription: String { message }
    }

    static let cases: [Case] = [
        Case(name: "adam", settings: ["lr": -0.1], message: "adam: lr: expected a number ≥ 0, got -0.1"),
        Case(name: "adam", settings: ["beta1": 1.0], message: "adam: beta1: expected a number [0, 1), got 1.0"),
        Case(name: "adam", settings: ["beta2": -0.5], message: "adam: beta2: expected a number [0, 1), got -0.5"),
        Case(name: "adam", settings: ["amsgrad": 1], message: "adam: amsgrad: expected true or false, got 1"),
        Case(name: "sgd", settings: ["lr": "fast"], message: "sgd: lr: expected a number ≥ 0, got 'fast' (text)"),
        Case(name: "sgd", settings: ["nesterov": true], message: "sgd: nesterov: Nesterov momentum requires momentum > 0 and dampening 0"),
        Case(name: "rmsprop", settings: ["eps": .real(.nan)], message: "rmsprop: eps: expected a number ≥ 0, got nan"),
        Case(name: "adam", settings: ["betas": 0.9], message: "adam: unknown hyperparameter 'betas'; expected one of lr, beta1, beta2, eps, weight_decay, amsgrad, decoupled_weight_decay (did you mean 'beta1'?)"),
        Case(name: "adamm", settings: [:], message: "unknown optimizer 'adamm'; expected one of sgd, momentum, nesterov, adagrad, rmsprop, adam, amsgrad, adamw, adamax, nadam, radam, adadelta, lion (did you mean 'adam'?)"),
    ]

    @Test("the error names the optimizer, the key, the value and the valid range", arguments: cases)
    func refused(_ testCase: Case) {
        #expect(throws: OptimizerError.self) { try Optimizer(testCase.name, testCase.settings) }
        do {
            _ = try Optimizer(testCase.name, testCase.settings)
        } catch {
            #expect(error.description == testCase.message)
        }
    }

    @Test("clipping limits must be positive and finite")
    func clippingRefused() {
        #expect(throws: OptimizerError.self) { try Optimizer("sgd", clipping: .globalNorm(0)) }
        #expect(throws: OptimizerError.self) { try Optimizer("sgd", clipping: .value(.infinity)) }
    }

    @Test("integers are accepted where a real is expected")
    func integersWiden() throws {
        #expect(try Optimizer("adadelta", ["lr": 1]).learningRate == 1.0)
    }
}
