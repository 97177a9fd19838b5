import Foundation
import OptBench
@testable import OptBenchRun
import Testing

/// A 2-D bowl f(x) = x₀² + x₁² whose setup throws, or whose n-th evaluation fails (NaN and a
/// `failure`): the failures of a problem the runner must survive. Test-only; the real runner
/// and store execute it.
struct FailingProblem: Problem {
    enum Failure: Sendable {
        case setup
        case evaluation(atCall: Int)
    }

    let failure: Failure
    var name: String { "failing" }
    var configuration: [ConfigEntry] { [] }
    var dimension: Int { 2 }
    var defaultPrecision: Precision { .float64 }
    var defaultBudget: Budget { .steps(10) }

    func initialParameters<T: OptScalar>(into x: UnsafeMutableBufferPointer<T>, rng: inout SplitMix64) {
        x[0] = 1
        x[1] = -2
    }

    func makeEvaluator<T: OptScalar>(scalar: T.Type) throws(ProblemError) -> any ProblemEvaluator<T> {
        switch failure {
        case .setup: throw ProblemError(key: nil, message: "the solver library cannot be loaded")
        case .evaluation(let call): return FailingEvaluator<T>(failingCall: call)
        }
    }
}

final class FailingEvaluator<T: OptScalar>: ProblemEvaluator {
    let failingCall: Int
    var calls = 0
    var failure: ProblemError?

    init(failingCall: Int) {
        self.failingCall = failingCall
    }

    func lossAndGradient(at x: UnsafeBufferPointer<T>, gradient: UnsafeMutableBufferPointer<T>, streams: inout RandomStreams) -> Double {
        defer { calls += 1 }
        if calls == failingCall {
            failure = ProblemError(key: nil, message: "the external solver crashed\n(exit status 3)")
            gradient[0] = 7  // whatever is left in the buffer is no gradient
            return .nan
        }
        gradient[0] = 2 * x[0]
        gradient[1] = 2 * x[1]
        return Double(x[0] * x[0] + x[1] * x[1])
    }
}

@Suite("A problem that fails: the run is `failed`, the suite goes on")
struct FailedRunTests {
    /// The runs of a 3-seed suite, run 1 swapped for `problem`.
    static func runs(swapping problem: any Problem, logEvery: Int = 1) throws -> [RunSpec] {
        let plan = try RunPlan(suite: Suite(parsing: "name: t\nsteps: 10\nlog_every: \(logEvery)\nseeds: 3\nproblems: [{name: quadratic, dim: 2, condition: 1}]\noptimizers: [{name: sgd, lr: 0.1}]\n", file: "t.yaml"))
        var runs = plan.runs
        runs[1].problem = problem
        return runs
    }

    @Test("a setup that throws fails the run before step 0: no rows, NaN losses, a one-line message")
    func setupThrows() throws {
        let spec = try Self.runs(swapping: FailingProblem(failure: .setup))[1]
        let result = RunExecutor.execute(spec, cancellation: CancellationFlag())
        #expect(result.status == .failed)
        #expect(result.message == "cannot start: the solver library cannot be loaded")
        #expect(result.steps == 0 && result.trajectory.rowCount == 0)
        #expect(result.finalLoss.isNaN && result.bestLoss.isNaN && result.stepsToTarget == nil)
    }

    @Test("an evaluation that fails at step k stops there as failed, not diverged: rows up to k, the last one NaN at the point where it failed")
    func evaluationFails() throws {
        let spec = try Self.runs(swapping: FailingProblem(failure: .evaluation(atCall: 4)))[1]
        let result = RunExecutor.execute(spec, cancellation: CancellationFlag())
        #expect(result.status == .failed)
        #expect(result.message == "at step 4: the external solver crashed (exit status 3)", "one line")
        #expect(result.steps == 4)
        #expect(result.trajectory.step == [0, 1, 2, 3, 4])
        #expect(result.trajectory.loss.prefix(4).allSatisfy(\.isFinite) && result.trajectory.loss[4].isNaN && result.trajectory.gradNorm[4].isNaN)
        // Row 4 holds the parameters at which the evaluation failed: x₄ = 0.8⁴·x₀ for SGD with lr 0.1 on x².
        let x4 = Array(result.trajectory.parameters.suffix(2))
        #expect(abs(x4[0] - 0.4096) < 1e-12 && abs(x4[1] + 0.8192) < 1e-12)
        #expect(result.finalLoss.isNaN && result.bestLoss == result.trajectory.loss[3])
    }

    @Test("with log_every, the failing step is still the last row")
    func evaluationFailsBetweenLoggedRows() throws {
        let spec = try Self.runs(swapping: FailingProblem(failure: .evaluation(atCall: 7)), logEvery: 5)[1]
        let result = RunExecutor.execute(spec, cancellation: CancellationFlag())
        #expect(result.status == .failed && result.steps == 7)
        #expect(result.trajectory.step == [0, 5, 7])
    }

    /// Runs `runs` of `plan` through the real runner and store into `output`.
    static func execute(_ runs: [RunSpec], of plan: RunPlan, into output: String) throws -> Int {
        let runner = SuiteRunner(plan: plan, options: .init(jobs: 2, mode: .create, command: ["test"]))
        let store = try ResultsStore(outputPath: output, provenance: Provenance.current(suite: plan.suite, command: ["test"]), mode: .create)
        let executed = try runner.execute(runs, store: store, cancellation: CancellationFlag(), progress: ProgressReporter(style: .quiet))
        try store.finish(order: runs.map(\.index))
        return executed
    }

    @Test("through the real runner and store: the failed runs are in the file with their messages, the others complete; report and check count them as not completed")
    func suiteGoesOn() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("optbench-failed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("r.h5").path
        let plan = try RunPlan(suite: Suite(parsing: "name: t\nsteps: 10\nseeds: 3\nproblems: [{name: quadratic, dim: 2, condition: 1}]\noptimizers: [{name: sgd, lr: 0.1}]\n", file: "t.yaml"))
        var runs = plan.runs
        runs[0].problem = FailingProblem(failure: .setup)
        runs[2].problem = FailingProblem(failure: .evaluation(atCall: 3))
        #expect(try Self.execute(runs, of: plan, into: output) == 3)

        let reader = try ResultsReader(path: output)
        defer { reader.close() }
        let summaries = try reader.summaries()
        #expect(summaries.map(\.status) == [.failed, .completed, .failed])
        #expect(summaries[0].message == "cannot start: the solver library cannot be loaded" && summaries[0].steps == 0)
        #expect(summaries[2].message == "at step 3: the external solver crashed (exit status 3)" && summaries[2].steps == 3)
        let empty = try reader.run(0).trajectory, stopped = try reader.run(2).trajectory
        #expect(empty.rowCount == 0 && empty.parameterDimension == 2)
        #expect(stopped.step == [0, 1, 2, 3] && stopped.loss[3].isNaN)
        #expect(FailedRuns.summary(summaries.filter { $0.status == .failed }, of: 3, outputPath: "r.h5")
            == "2 of 3 runs failed: \(summaries[0].id) (cannot start: the solver library cannot be loaded), "
            + "\(summaries[2].id) (at step 3: the external solver crashed (exit status 3)); 'optbench info r.h5' lists them")

        // The report: not completed, so +∞ in the statistics (the median of 3 seeds with 2 failed), listed as unfinished.
        let model = try ComparisonModel(resultsPath: output)
        #expect(model.statuses.failed == 2 && model.statuses.completed == 1)
        #expect(model.unfinished.map(\.status) == [.failed, .failed])
        #expect(model.problems[0].results[0].finalLoss.median == .infinity)

        // A check against a baseline where every seed completed: the failed seeds are regressions.
        let complete = directory.appendingPathComponent("complete.h5").path
        #expect(try Self.execute(plan.runs, of: plan, into: complete) == 3)
        let baselinePath = directory.appendingPathComponent("b.json").path
        try Baseline.make(resultsPath: complete).baseline.write(to: baselinePath, force: false)
        let check = try CheckReport.make(resultsPath: output, baselinePath: baselinePath, check: RegressionCheck())
        #expect(!check.passed)
        let status = check.findings.first { $0.metric == .status }
        #expect(status?.verdict == .regression)
        #expect(status?.note.contains("seed 0 failed (cannot start: the solver library cannot be loaded) but completed in the baseline") == true, "\(status?.note ?? "")")
        // And a baseline is never made of failed runs.
        #expect(throws: InputError.self) { try Baseline.make(resultsPath: output) }
    }

    @Test("a network too large for memory fails alone, before anything is allocated")
    func networkTooLarge() throws {
        let plan = try RunPlan(suite: Suite(parsing: """
            name: t
            epochs: 1
            problems:
              - {name: mlp, dataset: moons, samples: 100, hidden: [1000000, 1000000]}
              - {name: mlp, dataset: moons, samples: 100, hidden: [4], batch_size: 1000000}
              - {name: mlp, dataset: moons, samples: 100, hidden: [100000], batch_size: 1000000}
            optimizers: [{name: adam}]
            """, file: "t.yaml"))
        let huge = RunExecutor.execute(plan.runs[0], cancellation: CancellationFlag())
        #expect(huge.status == .failed)
        #expect(huge.message.hasPrefix("cannot start: needs ") && huge.message.contains("TiB of memory for \(plan.runs[0].problem.dimension) parameters"), "\(huge.message)")
        // A small net with a huge batch still fits; a wide one with it does not.
        #expect(RunExecutor.execute(plan.runs[1], cancellation: CancellationFlag()).status == .completed)
        let wide = RunExecutor.execute(plan.runs[2], cancellation: CancellationFlag())
        #expect(wide.status == .failed)
        #expect(wide.message.hasPrefix("cannot start: needs ") && wide.message.contains("for the data and the workspace of a batch of 1000000 examples"), "\(wide.message)")
    }

    @Test("sizes read as people write them")
    func sizes() {
        #expect(MemoryRequirement.format(40) == "40 bytes")
        #expect(MemoryRequirement.format(512 * 1024) == "512 KiB")
        #expect(MemoryRequirement.format(3 << 30 + 1 << 29) == "3.5 GiB")
        var total = MemoryRequirement()
        total.add(Int.max / 2, of: 8)
        total.add(1, of: 1)
        #expect(total.bytes == Int.max && MemoryRequirement.format(total.bytes) == "more than 8 EiB")
    }
}
