import OptBench
@testable import OptBenchRun
import Testing

@Suite("Run plans: identity, order, shards")
struct RunPlanTests {
    static func plan(_ yaml: String) throws -> RunPlan {
        try RunPlan(suite: Suite(parsing: yaml, file: "t.yaml"))
    }

    @Test("run ids read back to the same identity, schedules and lists included")
    func runIDRoundTrip() throws {
        let plan = try Self.plan(SuiteParsingTests.valid)
        for run in plan.runs {
            #expect(RunID(parsing: run.id.text) == run.id)
        }
        let ids = plan.runs.map(\.id.text)
        #expect(ids.contains("rosenbrock(dim=2,start=[-1.5,2.0])/sgd(lr=0.003)/seed=1"))
        #expect(ids.contains("rosenbrock(dim=3)/adam(lr=0.1,beta2=0.99,clip_norm=1.0,schedule=cosine(warmup_steps=10))/seed=2"))
        #expect(RunID(parsing: "rosenbrock(dim=2)/adam()") == nil)
        #expect(RunID(parsing: "rosenbrock(dim=2/adam()/seed=0") == nil)
    }

    @Test("runs come in grid order: problems, then optimizers, then seeds")
    func gridOrder() throws {
        let plan = try Self.plan(SuiteParsingTests.valid)
        // 3 problem instances × (2 sgd + 4 adam) × 3 seeds
        #expect(plan.runs.count == 3 * 6 * 3)
        #expect(plan.runs.map(\.index) == Array(0..<54))
        #expect(plan.runs[0].id.text == "rosenbrock(dim=2,start=[-1.5,2.0])/sgd()/seed=0")
        #expect(plan.runs[1].id.seed == 1)
        #expect(plan.runs[3].id.optimizer == "sgd(lr=0.003)")
        #expect(plan.runs[18].id.problem == "rosenbrock(dim=3)")
    }

    @Test("shards partition the runs, deterministically")
    func shards() throws {
        let plan = try Self.plan(SuiteParsingTests.valid)
        let parts = (1...4).map { plan.shard($0, of: 4).map(\.index) }
        #expect(parts.flatMap { $0 }.sorted() == Array(0..<plan.runs.count))
        #expect(Set(parts[0]).isDisjoint(with: parts[1]))
        #expect(plan.shard(2, of: 4).map(\.index) == parts[1])
    }

    @Test("the config hash follows the settings, not the position or presentation")
    func configHash() throws {
        let a = try Self.plan("name: a\nproblems: [{name: rosenbrock}]\noptimizers: [{name: sgd, lr: 0.01}, {name: adam}]\n")
        let b = try Self.plan("name: b\nproblems: [{name: rosenbrock}]\noptimizers: [{name: adam}, {name: sgd, lr: 0.01}]\n")
        let c = try Self.plan("name: c\nproblems: [{name: rosenbrock}]\noptimizers: [{name: sgd, lr: 0.02}, {name: adam}]\n")
        #expect(a.runs[0].configHash == b.runs[1].configHash)
        #expect(a.runs[0].configHash != c.runs[0].configHash)
        let longer = try Self.plan("name: a\nsteps: 50\nproblems: [{name: rosenbrock}]\noptimizers: [{name: sgd, lr: 0.01}]\n")
        #expect(longer.runs[0].id == a.runs[0].id)
        #expect(longer.runs[0].configHash != a.runs[0].configHash)
    }

    @Test("two entries that give the same run id are refused")
    func duplicateRuns() {
        #expect(throws: InputError.self) {
            try Self.plan("name: a\nproblems: [{name: rosenbrock}, {name: rosenbrock, steps: 10}]\noptimizers: [{name: sgd}]\n")
        }
    }

    @Test("equal schedules get equal ids whatever the spelling: defaults dropped, table order, integers")
    func canonicalSchedules() throws {
        let plain = try Self.plan("name: a\nproblems: [{name: booth}]\noptimizers: [{name: sgd, schedule: cosine}]\n")
        let spelled = try Self.plan("name: a\nproblems: [{name: booth}]\noptimizers: [{name: sgd, schedule: {warmup_steps: 0, name: cosine, floor: 0.0}}]\n")
        #expect(plain.runs[0].id == spelled.runs[0].id)
        #expect(plain.runs[0].configHash == spelled.runs[0].configHash)
        let step = try Self.plan("name: a\nproblems: [{name: booth}]\noptimizers: [{name: sgd, schedule: {name: step, gamma: 0.5, step_size: 100.0}}]\n")
        #expect(step.runs[0].id.optimizer == "sgd(schedule=step(step_size=100,gamma=0.5))")
    }

    @Test("a precision other than the problem's default is part of the run id")
    func precisionInID() throws {
        let plan = try Self.plan("name: a\nproblems: [{name: booth}, {name: booth, precision: float32}]\noptimizers: [{name: sgd}]\n")
        #expect(plan.runs.map(\.id.problem) == ["booth()", "booth(precision=float32)"])
        #expect(RunID(parsing: plan.runs[1].id.text) == plan.runs[1].id)
    }
}
