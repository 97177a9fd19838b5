import OptBench
@testable import OptBenchRun
import Testing

@Suite("Suites: parsing and validation")
struct SuiteParsingTests {
    static let valid = """
        name: demo
        description: a small suite
        seeds: 3
        steps: 200
        target: 1.0e-6
        problems:
          - name: rosenbrock
            dim: 2
            start: [-1.5, 2.0]
          - name: rosenbrock
            grid:
              dim: [3, 4]
        optimizers:
          - name: sgd
            grid:
              lr: [0.001, 0.003]
          - name: adam
            beta2: 0.99
            schedule: {name: cosine, warmup_steps: 10}
            clip: {max_norm: 1}
            grid:
              lr: {logspace: [-4, -1, 4]}
        """

    @Test("a valid suite reads into typed values")
    func validSuite() throws {
        let suite = try Suite(parsing: Self.valid, file: "demo.yaml")
        #expect(suite.name == "demo")
        #expect(suite.seeds == [0, 1, 2])
        #expect(suite.steps == 200)
        #expect(suite.target == 1e-6)
        #expect(suite.problems.count == 2 && suite.optimizers.count == 2)
        #expect(suite.problems[1].grid.first?.axis.values == [.integer(3), .integer(4)])
        #expect(suite.optimizers[1].schedule == ScheduleSetting(name: "cosine", settings: [ConfigEntry("warmup_steps", .integer(10))]))
        #expect(suite.optimizers[1].clipping == .globalNorm(1))
        let lrs = suite.optimizers[1].grid[0].axis.values.compactMap(\.realValue)
        #expect(lrs.count == 4)
        #expect(abs(lrs[0] - 1e-4) < 1e-19 && abs(lrs[3] - 0.1) < 1e-16)
        #expect(abs(lrs[1] / lrs[0] - 10) < 1e-12)
    }

    @Test("compression is gzip unless the suite says none")
    func compression() throws {
        #expect(try Suite(parsing: Self.minimal, file: "x.yaml").compression == .gzip)
        #expect(try Suite(parsing: Self.minimal + "compression: none\n", file: "x.yaml").compression == .none)
        #expect(try Suite(parsing: Self.minimal + "compression: gzip\n", file: "x.yaml").compression == .gzip)
    }

    @Test("seeds can be an explicit list")
    func seedList() throws {
        let suite = try Suite(parsing: "name: s\nseeds: [0, 7, 42]\nproblems: [{name: rosenbrock}]\noptimizers: [{name: sgd}]\n", file: "s.yaml")
        #expect(suite.seeds == [0, 7, 42])
    }

    struct BadSuite: Sendable, CustomTestStringConvertible {
        var what: String
        var yaml: String
        var error: String
        var testDescription: String { what }
    }

    static let minimal = "name: x\nproblems:\n  - name: rosenbrock\noptimizers:\n  - name: adam\n"

    static let badSuites: [BadSuite] = [
        BadSuite(what: "malformed YAML", yaml: "name: x\nproblems: [\n",
                 error: "x.yaml:3:1: malformed YAML: did not find expected node content"),
        BadSuite(what: "unknown optimizer", yaml: "name: x\nproblems:\n  - name: rosenbrock\noptimizers:\n  - name: adamm\n",
                 error: "x.yaml:5:11: optimizers[0].name: unknown optimizer 'adamm'; expected one of sgd, momentum, nesterov, adagrad, rmsprop, adam, amsgrad, adamw, adamax, nadam, radam, adadelta, lion (did you mean 'adam'?)"),
        BadSuite(what: "unknown top-level key", yaml: minimal + "stepz: 10\n",
                 error: "x.yaml:6:1: stepz: unknown key 'stepz'; expected one of name, description, seeds, steps, epochs, log_every, target, divergence, params_limit, eval_every, compression, problems, optimizers, check (did you mean 'steps'?)"),
        BadSuite(what: "unknown optimizer key", yaml: "name: x\nproblems:\n  - name: rosenbrock\noptimizers:\n  - name: adam\n    betas: 0.9\n",
                 error: "x.yaml:6:5: optimizers[0].betas: unknown key 'betas'; expected one of name, grid, schedule, clip, lr, beta1, beta2, eps, weight_decay, amsgrad, decoupled_weight_decay (did you mean 'beta1'?)"),
        BadSuite(what: "wrong type", yaml: minimal + "seeds: many\n",
                 error: "x.yaml:6:8: seeds: expected an integer from 1 to 100000, got 'many'"),
        BadSuite(what: "negative lr", yaml: "name: x\nproblems:\n  - name: rosenbrock\noptimizers:\n  - name: adam\n    lr: -0.1\n",
                 error: "x.yaml:6:9: optimizers[0].lr: expected a number ≥ 0, got -0.1"),
        BadSuite(what: "negative lr in a grid", yaml: "name: x\nproblems:\n  - name: rosenbrock\noptimizers:\n  - name: sgd\n    grid:\n      lr: [0.1, -1]\n",
                 error: "x.yaml:7:11: optimizers[0].grid.lr: expected a number ≥ 0, got -1 (grid value -1)"),
        BadSuite(what: "empty grid", yaml: "name: x\nproblems:\n  - name: rosenbrock\noptimizers:\n  - name: sgd\n    grid:\n      lr: []\n",
                 error: "x.yaml:7:11: optimizers[0].grid.lr: empty grid; expected at least one value"),
        BadSuite(what: "huge dimension", yaml: "name: x\nproblems:\n  - name: rosenbrock\n    dim: 10000000\noptimizers:\n  - name: sgd\n",
                 error: "x.yaml:4:10: problems[0].dim: expected an integer [2, 1000000], got 10000000"),
        BadSuite(what: "empty problem list", yaml: "name: x\nproblems: []\noptimizers:\n  - name: sgd\n",
                 error: "x.yaml:2:11: problems: empty; expected at least one problem"),
        BadSuite(what: "missing name", yaml: "problems:\n  - name: rosenbrock\noptimizers:\n  - name: sgd\n",
                 error: "x.yaml:1:1: name: missing; every suite needs a name (it names the results file)"),
        BadSuite(what: "duplicate key", yaml: "name: x\nname: y\nproblems:\n  - name: rosenbrock\noptimizers:\n  - name: sgd\n",
                 error: "x.yaml:2:1: malformed YAML: duplicate key 'name'"),
        BadSuite(what: "unknown schedule", yaml: "name: x\nproblems:\n  - name: rosenbrock\noptimizers:\n  - name: sgd\n    schedule: cosin\n",
                 error: "x.yaml:6:15: optimizers[0].schedule.name: unknown schedule 'cosin'; expected one of constant, step, exponential, cosine, warmup, inverse_sqrt (did you mean 'cosine'?)"),
        BadSuite(what: "unknown compression", yaml: minimal + "compression: gzipp\n",
                 error: "x.yaml:6:14: compression: expected gzip or none, got 'gzipp' (did you mean 'gzip'?)"),
        BadSuite(what: "compression as a number", yaml: minimal + "compression: 9\n",
                 error: "x.yaml:6:14: compression: expected gzip or none, got '9'"),
        BadSuite(what: "NaN where a number is needed", yaml: minimal + "target: .nan\n",
                 error: "x.yaml:6:9: target: expected a finite number, got '.nan'"),
        BadSuite(what: "a grid too large", yaml: "name: x\nseeds: 10\nproblems:\n  - name: rosenbrock\n    grid:\n      dim: {linspace: [2, 1000, 999]}\noptimizers:\n  - name: sgd\n    grid:\n      lr: {logspace: [-5, 0, 20]}\n",
                 error: "x.yaml: the suite expands to 199800 runs (999 problem instances × 20 optimizer instances × 10 seeds); the limit is 100000"),
        BadSuite(what: "a grid too large to count", yaml: "name: x\nproblems:\n  - name: rosenbrock\noptimizers:\n  - name: adam\n    grid:\n"
                     + ["lr", "beta1", "beta2", "eps", "weight_decay"].map { "      \($0): {linspace: [0.1, 0.2, 10000]}\n" }.joined(),
                 error: "x.yaml: the suite expands to more than 9223372036854775807 runs (1 problem instances × more than 9223372036854775807 optimizer instances × 1 seeds); the limit is 100000"),
    ]

    @Test("a bad suite gives one line naming file, position, key path and what was expected", arguments: badSuites)
    func badSuite(_ bad: BadSuite) {
        do {
            let suite = try Suite(parsing: bad.yaml, file: "x.yaml")
            _ = try RunPlan(suite: suite)
            Issue.record("accepted: \(bad.what)")
        } catch {
            #expect(error.description == bad.error)
            #expect(!error.description.contains("\n"))
        }
    }

    @Test("an alias bomb is refused quickly instead of expanded")
    func aliasBomb() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1..<9 {
            yaml += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        #expect(throws: InputError.self) { try Suite(parsing: yaml, file: "bomb.yaml") }
    }

    @Test("100 000 keys in one mapping, or 100 000 seeds, are read in seconds: duplicates are found by hashing, not by search")
    func manyKeysAndSeeds() throws {
        let clock = ContinuousClock()
        let keys = (0..<100_000).map { "k\($0): 1\n" }.joined()
        let keysTime = clock.measure {
            #expect(throws: InputError(file: "k.yaml", line: 1, column: 1, keyPath: "k0", message: "unknown key 'k0'; expected one of "
                + Suite.topLevelKeys.joined(separator: ", "))) { try Suite(parsing: keys, file: "k.yaml") }
        }
        let seeds = Self.minimal + "seeds: [" + (0..<100_000).map(String.init).joined(separator: ", ") + "]\n"
        var suite: Suite?
        let seedsTime = try clock.measure { suite = try Suite(parsing: seeds, file: "s.yaml") }
        #expect(suite?.seeds.count == 100_000)
        // Each used to be a search of everything read so far: 5·10⁹ comparisons here.
        #expect(keysTime < .seconds(30) && seedsTime < .seconds(30), "\(keysTime), \(seedsTime)")
    }
}
