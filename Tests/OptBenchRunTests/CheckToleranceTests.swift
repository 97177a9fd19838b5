import OptBench
@testable import OptBenchRun
import Testing

@Suite("Check: tolerances, rules and the suite's check: section")
struct CheckToleranceTests {
    @Test("the allowed deviation is the largest of k·MAD, relative·|center| and absolute")
    func allowedDeviation() {
        let t = Tolerance(madMultiplier: 3, relative: 0.1, absolute: 0.5)
        #expect(t.allowedDeviation(center: 2, spread: 1) == 3)       // 3·1 > 0.2, 0.5
        #expect(t.allowedDeviation(center: -40, spread: 1) == 4)     // 0.1·|−40| > 3, 0.5
        #expect(t.allowedDeviation(center: 1, spread: 0) == 0.5)     // floor
        #expect(Tolerance.standard == Tolerance(madMultiplier: 3, relative: 0.05, absolute: 1e-8))
    }

    @Test("the median absolute deviation is unscaled and leaves non-finite values out")
    func seedStatistic() {
        // median 3; |x − 3| = 2, 1, 0, 1, 6 → MAD 1.
        let s = SeedStatistic([1, 2, 3, 4, 9])
        #expect(s.median == 3 && s.mad == 1 && s.count == 5)
        #expect(SeedStatistic([2, .nan, .infinity]) == SeedStatistic(median: 2, mad: 0, count: 1))
        #expect(SeedStatistic([]) == SeedStatistic(median: nil, mad: nil, count: 0))
    }

    @Test("rules apply in order; a rule matches a catalog name or a whole instance")
    func resolution() {
        let rules = [
            ToleranceRule(relative: 0.1),
            ToleranceRule(problem: "rosenbrock", relative: 0.2),
            ToleranceRule(problem: "rosenbrock(dim=10)", optimizer: "adam", absolute: 1),
            ToleranceRule(optimizer: "adam(lr=0.01)", madMultiplier: 7),
        ]
        let plain = ToleranceRule.resolve(rules, problem: "booth()", optimizer: "sgd()")
        #expect(plain == Tolerance(madMultiplier: 3, relative: 0.1, absolute: 1e-8))
        let rosenbrock = ToleranceRule.resolve(rules, problem: "rosenbrock(dim=10)", optimizer: "adam(lr=0.01)")
        #expect(rosenbrock == Tolerance(madMultiplier: 7, relative: 0.2, absolute: 1))
        let other = ToleranceRule.resolve(rules, problem: "rosenbrock(dim=2)", optimizer: "adam(lr=0.1)")
        #expect(other == Tolerance(madMultiplier: 3, relative: 0.2, absolute: 1e-8))
        #expect(!ToleranceRule(problem: "rosen").matches(problem: "rosenbrock()", optimizer: "sgd()"))
    }

    @Test("a command-line rule reads key=value pairs; commas inside parentheses belong to the value")
    func commandLineRule() throws {
        let rule = try ToleranceRule(commandLine: "problem=quadratic(dim=10,condition=100.0),optimizer=adam,relative=0.1,absolute=1e-6")
        #expect(rule == ToleranceRule(problem: "quadratic(dim=10,condition=100.0)", optimizer: "adam", relative: 0.1, absolute: 1e-6))
        #expect(try ToleranceRule(commandLine: "mad_multiplier=5") == ToleranceRule(madMultiplier: 5))
    }

    @Test("a bad command-line rule names the option and what was expected",
          arguments: [
            ("relativ=0.1", "--tolerance: unknown key 'relativ'; expected one of problem, optimizer, mad_multiplier, relative, absolute (did you mean 'relative'?)"),
            ("problem=mlp", "--tolerance: 'problem=mlp' sets no tolerance; give at least one of mad_multiplier, relative, absolute"),
            ("relative=-1", "--tolerance: relative: expected a finite number ≥ 0, got '-1'"),
            ("relative", "--tolerance: expected key=value, got 'relative' (keys: problem, optimizer, mad_multiplier, relative, absolute)"),
            ("relative=0.1,relative=0.2", "--tolerance: 'relative' is given twice in 'relative=0.1,relative=0.2'"),
          ])
    func badCommandLineRule(text: String, message: String) {
        #expect(throws: InputError.self) { try ToleranceRule(commandLine: text) }
        do {
            _ = try ToleranceRule(commandLine: text)
        } catch {
            #expect(error.description == message)
        }
    }

    static let suiteHead = """
        name: s
        problems: [{name: rosenbrock}, {name: quadratic, dim: 3}]
        optimizers: [{name: sgd}, {name: adam}]

        """

    @Test("the check: section reads into rules: its own values first, then the overrides in order")
    func suiteSection() throws {
        let suite = try Suite(parsing: Self.suiteHead + """
            check:
              mad_multiplier: 4
              relative: 0.1
              overrides:
                - {problem: quadratic, relative: 0.2}
                - {problem: rosenbrock, optimizer: 'adam(lr=0.01)', absolute: 1.0e-6}
            """, file: "s.yaml")
        #expect(suite.checkRules == [
            ToleranceRule(madMultiplier: 4, relative: 0.1),
            ToleranceRule(problem: "quadratic", relative: 0.2),
            ToleranceRule(problem: "rosenbrock", optimizer: "adam(lr=0.01)", absolute: 1e-6),
        ])
        #expect(try Suite(parsing: Self.suiteHead, file: "s.yaml").checkRules.isEmpty)
    }

    @Test("a bad check: section is refused with its position and key path",
          arguments: [
            ("check: {relative: -0.1}", "s.yaml:4:19: check.relative: expected a finite number ≥ 0, got '-0.1'"),
            ("check: {relativ: 0.1}", "s.yaml:4:9: check.relativ: unknown key 'relativ'; expected one of mad_multiplier, relative, absolute, overrides (did you mean 'relative'?)"),
            ("check: {overrides: [{relative: 0.1}]}", "s.yaml:4:21: check.overrides[0]: an override needs a problem, an optimizer or both; for every entry set the value under check: itself"),
            ("check: {overrides: [{problem: rosenbrock}]}", "s.yaml:4:21: check.overrides[0]: the override sets no tolerance; expected one of mad_multiplier, relative, absolute"),
            ("check: {overrides: [{problem: rosenbrok, relative: 0.1}]}", "s.yaml:4:31: check.overrides[0].problem: 'rosenbrok' is no problem of this suite; expected one of rosenbrock, quadratic or an instance id such as 'rosenbrock(…)' (did you mean 'rosenbrock'?)"),
            ("check: {overrides: [{optimizer: lion, relative: 0.1}]}", "s.yaml:4:33: check.overrides[0].optimizer: 'lion' is no optimizer of this suite; expected one of sgd, adam or an instance id such as 'sgd(…)'"),
            ("check: [1]", "s.yaml:4:8: check: expected a mapping, got a list"),
          ])
    func badSuiteSection(section: String, message: String) {
        do {
            _ = try Suite(parsing: Self.suiteHead + section + "\n", file: "s.yaml")
            Issue.record("accepted: \(section)")
        } catch {
            #expect(error.description == message)
        }
    }
}
