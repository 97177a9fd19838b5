import Foundation
import Testing

@Suite("CLI: bad input gives one line on stderr and exit 2")
struct CLIErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var what: String
        var suite: String
        var stderr: String
        var testDescription: String { what }
    }

    static let cases: [Case] = [
        Case(what: "malformed YAML", suite: "name: x\nproblems: [\n", stderr: "optbench: s.yaml:3:1: malformed YAML: did not find expected node content"),
        Case(what: "unknown optimizer", suite: "name: x\nproblems: [{name: rosenbrock}]\noptimizers:\n  - name: adamm\n",
             stderr: "optbench: s.yaml:4:11: optimizers[0].name: unknown optimizer 'adamm'; expected one of sgd, momentum, nesterov, adagrad, rmsprop, adam, amsgrad, adamw, adamax, nadam, radam, adadelta, lion (did you mean 'adam'?)"),
        Case(what: "unknown key", suite: "name: x\nproblems:\n  - name: rosenbrock\n    dimm: 3\noptimizers: [{name: sgd}]\n",
             stderr: "optbench: s.yaml:4:5: problems[0].dimm: unknown key 'dimm'; expected one of name, grid, steps, epochs, target, precision, log_every, dim, start, start_jitter, noise_std (did you mean 'dim'?)"),
        Case(what: "wrong type", suite: "name: x\nsteps: lots\nproblems: [{name: rosenbrock}]\noptimizers: [{name: sgd}]\n",
             stderr: "optbench: s.yaml:2:8: steps: expected an integer from 1 to 100000000, got 'lots'"),
        Case(what: "negative lr", suite: "name: x\nproblems: [{name: rosenbrock}]\noptimizers:\n  - name: sgd\n    lr: -1\n",
             stderr: "optbench: s.yaml:5:9: optimizers[0].lr: expected a number ≥ 0, got -1"),
        Case(what: "empty grid", suite: "name: x\nproblems: [{name: rosenbrock}]\noptimizers:\n  - name: sgd\n    grid: {lr: []}\n",
             stderr: "optbench: s.yaml:5:16: optimizers[0].grid.lr: empty grid; expected at least one value"),
        Case(what: "huge dimension", suite: "name: x\nproblems:\n  - name: quadratic\n    dim: 2000000\noptimizers: [{name: sgd}]\n",
             stderr: "optbench: s.yaml:4:10: problems[0].dim: expected an integer [1, 1000000], got 2000000"),
    ]

    @Test("a bad suite is refused before anything runs", arguments: cases)
    func badSuite(_ testCase: Case) throws {
        let directory = try CLI.workspace(["s.yaml": testCase.suite])
        let result = try CLI.run(["run", "s.yaml", "-o", "out.h5"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr == testCase.stderr + "\n")
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out.h5").path))
    }

    @Test("usage errors exit 2 with one line, not ArgumentParser's 64")
    func usage() throws {
        let directory = try CLI.workspace()
        for arguments in [["run"], ["run", "s.yaml", "--jobs", "0"], ["frobnicate"], ["run", "s.yaml", "--shard", "3/2"], ["list", "nothing"]] {
            let result = try CLI.run(arguments, in: directory)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.hasPrefix("optbench: ") && result.stderr.filter { $0 == "\n" }.count == 1, "\(arguments): \(result.stderr)")
        }
    }

    @Test("a missing suite file, or a directory, is named in the error")
    func missingFile() throws {
        let directory = try CLI.workspace()
        let missing = try CLI.run(["run", "nope.yaml"], in: directory)
        #expect(missing.status == 2 && missing.stderr == "optbench: nope.yaml: no such file\n")
        let folder = try CLI.run(["run", "."], in: directory)
        #expect(folder.status == 2 && folder.stderr == "optbench: .: is a directory, expected a suite YAML file\n")
    }

    @Test("info on something that is not a results file says so")
    func infoOnGarbage() throws {
        let directory = try CLI.workspace(["junk.h5": "this is not HDF5"])
        let result = try CLI.run(["info", "junk.h5"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("optbench: junk.h5: ") && result.stderr.contains("HDF5"))
    }

    @Test("help and version exit 0")
    func help() throws {
        let directory = try CLI.workspace()
        #expect(try CLI.run(["--help"], in: directory).status == 0)
        #expect(try CLI.run(["--version"], in: directory).stdout.hasPrefix("0."))
    }
}
