import OptBench
import Testing

/// The first two steps of every named optimizer, worked out by hand from the papers' /
/// torch.optim's formulas (not from this implementation) for
/// θ₀ = (1, −2, 3), g₁ = (1, −2, 0.5), g₂ = (0.5, 1, −1).
@Suite("Optimizers: hand-computed first steps")
struct OptimizerFirstStepTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var settings: [String: ConfigValue]
        var afterStep1: [Double]
        var afterStep2: [Double]
        var testDescription: String { "\(name) \(settings.keys.sorted())" }
    }

    static let start = [1.0, -2.0, 3.0]
    static let gradients = [[1.0, -2.0, 0.5], [0.5, 1.0, -1.0]]

    static let cases: [Case] = [
        // sgd, lr 0.1: θ₁ = θ₀ − 0.1·g₁; θ₂ = θ₁ − 0.1·g₂.
        Case(name: "sgd", settings: ["lr": 0.1], afterStep1: [0.9, -1.8, 2.95], afterStep2: [0.85, -1.9, 3.05]),
        // momentum 0.9: b₁ = g₁ (no dampening on the first step); b₂ = 0.9·g₁ + g₂ = (1.4, −0.8, −0.55).
        Case(name: "momentum", settings: ["lr": 0.1], afterStep1: [0.9, -1.8, 2.95], afterStep2: [0.76, -1.72, 3.005]),
        // nesterov: d₁ = g₁ + 0.9·b₁ = 1.9·g₁; d₂ = g₂ + 0.9·b₂ = (1.76, 0.28, −1.495).
        Case(name: "nesterov", settings: ["lr": 0.1], afterStep1: [0.81, -1.62, 2.905], afterStep2: [0.634, -1.648, 3.0545]),
        // dampening 0.5 (momentum 0.9): b₁ = g₁; b₂ = 0.9·g₁ + 0.5·g₂ = (1.15, −1.3, −0.05).
        Case(name: "sgd", settings: ["lr": 0.1, "momentum": 0.9, "dampening": 0.5],
             afterStep1: [0.9, -1.8, 2.95], afterStep2: [0.785, -1.67, 2.955]),
        // coupled weight decay 0.5: g₁' = g₁ + 0.5·θ₀ = (1.5, −3, 2); θ₁ = (0.85, −1.7, 2.8);
        // g₂' = g₂ + 0.5·θ₁ = (0.925, 0.15, 0.4); θ₂ = θ₁ − 0.1·g₂'.
        Case(name: "sgd", settings: ["lr": 0.1, "weight_decay": 0.5],
             afterStep1: [0.85, -1.7, 2.8], afterStep2: [0.7575, -1.715, 2.76]),
        // adagrad, lr 0.1: s₁ = g₁², θ₁ = θ₀ − 0.1·g/(|g| + 1e−10);
        // s₂ = g₁² + g₂² = (1.25, 5, 1.25), θ₂ = θ₁ − 0.1·g₂/sqrt(s₂).
        Case(name: "adagrad", settings: ["lr": 0.1],
             afterStep1: [0.90000000001, -1.900000000005, 2.90000000002],
             afterStep2: [0.8552786404640043, -1.9447213595529957, 2.9894427191119917]),
        // rmsprop, lr 0.01, α 0.99: v₁ = 0.01·g₁², so sqrt(v₁) = 0.1·|g₁|: steps of 0.1·sign(g₁);
        // v₂ = 0.99·v₁ + 0.01·g₂².
        Case(name: "rmsprop", settings: ["lr": 0.01],
             afterStep1: [0.900000009999999, -1.9000000049999997, 2.900000019999996],
             afterStep2: [0.8550986885255629, -1.9449013284905645, 2.9895323081911336]),
        // adam, lr 0.1: m̂₁ = g₁, v̂₁ = g₁², so θ₁ = θ₀ − 0.1·g₁/(|g₁| + 1e−8);
        // m₂ = 0.09·g₁ + 0.1·g₂, v₂ = 0.000999·g₁² + 0.001·g₂², m̂₂ = m₂/0.19, v̂₂ = v₂/0.001999.
        Case(name: "adam", settings: ["lr": 0.1],
             afterStep1: [0.900000001, -1.9000000005, 2.900000002],
             afterStep2: [0.8067820382981611, -1.8733662967024316, 2.9366103542405653]),
        // amsgrad: v₂ = 0.999·v₁ + 0.001·g₂² exceeds v₁ wherever g₂² > 0.001·g₁² (every
        // coordinate here), so the maximum is v₂ and both steps equal adam's. The torch
        // reference cases "*-amsgrad-binding" exercise a maximum that binds.
        Case(name: "amsgrad", settings: ["lr": 0.1],
             afterStep1: [0.900000001, -1.9000000005, 2.900000002],
             afterStep2: [0.8067820382981611, -1.8733662967024316, 2.9366103542405653]),
        // adamw, lr 0.1, λ 0.1: θ ← θ·(1 − 0.01) − 0.1·adam direction.
        Case(name: "adamw", settings: ["lr": 0.1, "weight_decay": 0.1],
             afterStep1: [0.890000001, -1.8800000005, 2.8700000020000003],
             afterStep2: [0.7878820382881611, -1.8345662966974317, 2.8779103542205653]),
        // adamax, lr 0.1: m₁ = 0.1·g₁, n₁ = |g₁| + 1e−8, θ₁ = θ₀ − 0.1/0.1·m₁/n₁;
        // m₂ = 0.9·m₁ + 0.1·g₂, n₂ = max(0.999·n₁, |g₂| + 1e−8), θ₂ = θ₁ − 0.1/0.19·m₂/n₂.
        Case(name: "adamax", settings: ["lr": 0.1],
             afterStep1: [0.900000001, -1.9000000005, 2.900000002],
             afterStep2: [0.826242033242769, -1.8789262953211368, 2.928947370131579]),
        // nadam, lr 0.1, ψ 0.004: μ₁ = 0.9·(1 − 0.5·0.96^0.004) = 0.45007347359129607,
        // μ₂ = 0.4501469351862175; d₁ = |g₁| + 1e−8, θ₁ = θ₀ − 0.1·[(1−μ₁)/(1−μ₁) + μ₂/(1−μ₁μ₂)·0.1]·g₁/d₁.
        Case(name: "nadam", settings: ["lr": 0.1],
             afterStep1: [0.8943548232209129, -1.8943548226926872, 2.894354824277365],
             afterStep2: [0.8419624938466681, -1.9354657953566017, 2.985010572398808]),
        // radam, lr 0.1: ρ_∞ = 1999, ρ₁ = 1, ρ₂ ≈ 2 (≤ 5): plain bias-corrected momentum,
        // θ₁ = θ₀ − 0.1·g₁, θ₂ = θ₁ − 0.1·(0.09·g₁ + 0.1·g₂)/0.19.
        Case(name: "radam", settings: ["lr": 0.1],
             afterStep1: [0.9, -1.8, 2.95],
             afterStep2: [0.8263157894736842, -1.7578947368421054, 2.978947368421053]),
        // adadelta (lr 1, ρ 0.9, eps 1e−6): v₁ = 0.1·g₁², d₁ = sqrt(1e−6)/sqrt(v₁ + 1e−6)·g₁ ≈ 0.00316·sign(g₁).
        Case(name: "adadelta", settings: [:],
             afterStep1: [0.9968377381511013, -1.9968377262926713, 2.9968377855834873],
             afterStep2: [0.9947526082891076, -1.998922866863574, 3.0008783388649882]),
        // lion, lr 0.1, no decay: d₁ = sign(0.1·g₁); m₁ = 0.01·g₁;
        // d₂ = sign(0.9·m₁ + 0.1·g₂) = sign(0.059, 0.082, −0.0955) = (1, 1, −1).
        Case(name: "lion", settings: ["lr": 0.1, "weight_decay": 0.0],
             afterStep1: [0.9, -1.9, 2.9], afterStep2: [0.8, -2.0, 3.0]),
    ]

    @Test("the first two updates equal the hand-computed values", arguments: cases)
    func firstTwoSteps(_ testCase: Case) throws {
        let optimizer = try Optimizer(testCase.name, testCase.settings)
        let rows = parametersAfterSteps(optimizer, start: Self.start, gradients: Self.gradients)
        #expect(isClose(rows[0], testCase.afterStep1), "step 1: \(rows[0]) vs \(testCase.afterStep1)")
        #expect(isClose(rows[1], testCase.afterStep2), "step 2: \(rows[1]) vs \(testCase.afterStep2)")
    }

    @Test("clipping by global norm rescales to the limit before the optimizer sees the gradient")
    func clipByGlobalNorm() throws {
        // ‖g₁‖ = sqrt(1 + 4 + 0.25) = sqrt(5.25); with max norm 1 the clipped g is g₁/(sqrt(5.25) + 1e−6).
        let optimizer = try Optimizer("sgd", ["lr": 1.0], clipping: .globalNorm(1))
        let rows = parametersAfterSteps(optimizer, start: Self.start, gradients: [Self.gradients[0]])
        let scale = 1 / (5.25.squareRoot() + 1e-6)
        #expect(isClose(rows[0], [1 - scale, -2 + 2 * scale, 3 - 0.5 * scale]))
    }

    @Test("clipping by value clamps each element")
    func clipByValue() throws {
        let optimizer = try Optimizer("sgd", ["lr": 1.0], clipping: .value(0.75))
        let rows = parametersAfterSteps(optimizer, start: Self.start, gradients: [Self.gradients[0]])
        #expect(rows[0] == [0.25, -1.25, 2.5])
    }

    @Test("the learning rate passed to step is the one applied (schedules work through it)")
    func learningRateFromCaller() throws {
        let optimizer = try Optimizer("sgd", ["lr": 0.1])
        let rows = parametersAfterSteps(optimizer, start: Self.start, gradients: Self.gradients, learningRates: [0.2, 0.0])
        #expect(rows[0] == [0.8, -1.6, 2.9])
        #expect(rows[1] == rows[0])
    }
}
