import OptBench
@testable import OptBenchRun
import Testing

@Suite("The run loop")
struct RunExecutorTests {
    static func run(_ yaml: String, index: Int = 0, cancel: Bool = false) throws -> RunResult {
        let plan = try RunPlan(suite: Suite(parsing: yaml, file: "t.yaml"))
        let flag = CancellationFlag()
        if cancel { flag.cancel() }
        return RunExecutor.execute(plan.runs[index], cancellation: flag)
    }

    @Test("the gradient norm is the Euclidean norm, for every length around its 8-wide blocks")
    func gradientNorm() {
        #expect([3.0, 4.0].withUnsafeBufferPointer { RunExecutor.norm($0) } == 5)
        #expect([Double]().withUnsafeBufferPointer { RunExecutor.norm($0) } == 0)
        var random = SplitMix64(seed: 9)
        for count in 1...40 {
            let values = (0..<count).map { _ in random.nextUniform() * 2 - 1 }
            // The naive running sum, accumulated in a different order: equal to a few ulps.
            let naive = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let norm = values.withUnsafeBufferPointer { RunExecutor.norm($0) }
            #expect(abs(norm - naive) <= 4 * naive.ulp, "count \(count)")
            let single = values.map(Float.init)
            let naiveSingle = single.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
            #expect(abs(single.withUnsafeBufferPointer { RunExecutor.norm($0) } - naiveSingle) <= 4 * naiveSingle.ulp)
        }
        for (position, bad) in [(0, Double.nan), (11, .infinity), (16, -.infinity)] {
            var values = [Double](repeating: 1, count: 17)
            values[position] = bad
            let norm = values.withUnsafeBufferPointer { RunExecutor.norm($0) }
            #expect(bad.isNaN ? norm.isNaN : norm == .infinity, "\(bad) at \(position)")
        }
    }

    @Test("row 0 is the start point, and n updates give n + 1 rows")
    func rowZeroIsStart() throws {
        let result = try Self.run("name: t\nsteps: 5\nproblems: [{name: rosenbrock}]\noptimizers: [{name: sgd, lr: 0.001}]\n")
        #expect(result.status == .completed)
        #expect(result.steps == 5)
        #expect(result.trajectory.step == [0, 1, 2, 3, 4, 5])
        #expect(Array(result.trajectory.parameters.prefix(2)) == [-1.2, 1.0])
        // f(−1.2, 1) = 100·(1 − 1.44)² + (2.2)² = 19.36 + 4.84 = 24.2
        #expect(abs(result.trajectory.loss[0] - 24.2) < 1e-12)
        // ∇f(−1.2, 1) = (−400·x·(y − x²) − 2(1 − x), 200·(y − x²)) = (−215.6, −88)
        #expect(abs(result.trajectory.gradNorm[0] - (215.6 * 215.6 + 88 * 88).squareRoot()) < 1e-9)
        // One SGD step: x₁ = x₀ − 0.001·∇f = (−1.2 + 0.2156, 1 + 0.088)
        #expect(abs(result.trajectory.parameters[2] - (-0.9844)) < 1e-12 && abs(result.trajectory.parameters[3] - 1.088) < 1e-12)
        #expect(result.trajectory.learningRate == Array(repeating: 0.001, count: 6))
        #expect(result.finalLoss == result.trajectory.loss[5])
        #expect(result.bestLoss == result.trajectory.loss.min())
    }

    @Test("log_every keeps every k-th row, and always the last")
    func logEvery() throws {
        let result = try Self.run("name: t\nsteps: 25\nlog_every: 10\nproblems: [{name: rosenbrock}]\noptimizers: [{name: sgd}]\n")
        #expect(result.trajectory.step == [0, 10, 20, 25])
    }

    @Test("a diverging configuration stops early and is recorded as diverged")
    func divergence() throws {
        let result = try Self.run("name: t\nsteps: 1000\nproblems: [{name: rosenbrock}]\noptimizers: [{name: sgd, lr: 0.1}]\n")
        #expect(result.status == .diverged)
        #expect(result.steps < 1000)
        #expect(result.message.contains("at step \(result.steps)"))
        #expect(result.trajectory.step.last == Int64(result.steps))
    }

    @Test("divergence triggers just above the threshold and not at it")
    func divergenceThreshold() {
        // factor 10, initial loss 2: threshold 20.
        #expect(RunExecutor.divergenceReason(loss: 20, squaredGradientNorm: 1, initialLoss: 2, factor: 10, step: 3) == nil)
        #expect(RunExecutor.divergenceReason(loss: 20.000001, squaredGradientNorm: 1, initialLoss: 2, factor: 10, step: 3) != nil)
        // |initial loss| below 1 uses 1: threshold 10.
        #expect(RunExecutor.divergenceReason(loss: 10, squaredGradientNorm: 1, initialLoss: 0.01, factor: 10, step: 3) == nil)
        #expect(RunExecutor.divergenceReason(loss: -10.5, squaredGradientNorm: 1, initialLoss: 0.01, factor: 10, step: 3) != nil)
        #expect(RunExecutor.divergenceReason(loss: 1, squaredGradientNorm: .infinity, initialLoss: 1, factor: 10, step: 3) != nil)
        #expect(RunExecutor.divergenceReason(loss: 1, squaredGradientNorm: .nan, initialLoss: 1, factor: 10, step: 3) != nil)
        #expect(RunExecutor.divergenceReason(loss: .nan, squaredGradientNorm: 1, initialLoss: 1, factor: 10, step: 3) != nil)
    }

    @Test("steps to target is the first step whose loss is at or below the target")
    func stepsToTarget() throws {
        let base = try Self.run("name: t\nsteps: 30\nproblems: [{name: rosenbrock}]\noptimizers: [{name: adam, lr: 0.05}]\n")
        let losses = base.trajectory.loss
        let k = 17
        // A target equal to the loss at step k is reached at k (or earlier if an earlier loss is as low).
        let expected = losses.firstIndex { $0 <= losses[k] }!
        let atTarget = try Self.run("name: t\nsteps: 30\ntarget: \(losses[k])\nproblems: [{name: rosenbrock}]\noptimizers: [{name: adam, lr: 0.05}]\n")
        #expect(atTarget.stepsToTarget == expected)
        let below = losses.min()! * (losses.min()! > 0 ? 0.5 : 2)
        let never = try Self.run("name: t\nsteps: 30\ntarget: \(below)\nproblems: [{name: rosenbrock}]\noptimizers: [{name: adam, lr: 0.05}]\n")
        #expect(never.stepsToTarget == nil)
    }

    @Test("the same spec gives bit-identical trajectories")
    func deterministic() throws {
        let yaml = "name: t\nsteps: 200\nproblems: [{name: rosenbrock, noise_std: 0.5, start_jitter: 0.1}]\noptimizers: [{name: adam, lr: 0.01}]\n"
        let a = try Self.run(yaml), b = try Self.run(yaml)
        #expect(a.trajectory.loss == b.trajectory.loss)
        #expect(a.trajectory.parameters == b.trajectory.parameters)
        #expect(a.trajectory.gradNorm == b.trajectory.gradNorm)
    }

    @Test("a cancelled run stops at once and is marked interrupted")
    func interrupted() throws {
        let result = try Self.run("name: t\nsteps: 100\nproblems: [{name: rosenbrock}]\noptimizers: [{name: sgd}]\n", cancel: true)
        #expect(result.status == .interrupted)
        #expect(result.trajectory.step == [0])
    }

    @Test("float32 runs follow float64 runs closely")
    func float32() throws {
        let yaml64 = "name: t\nsteps: 50\nproblems: [{name: rosenbrock}]\noptimizers: [{name: adam, lr: 0.01}]\n"
        let yaml32 = "name: t\nsteps: 50\nproblems: [{name: rosenbrock, precision: float32}]\noptimizers: [{name: adam, lr: 0.01}]\n"
        let a = try Self.run(yaml64), b = try Self.run(yaml32)
        #expect(b.spec.precision == .float32)
        #expect(abs(a.finalLoss - b.finalLoss) < 1e-4 * max(1, abs(a.finalLoss)))
        #expect(a.trajectory.loss != b.trajectory.loss)
    }
}
