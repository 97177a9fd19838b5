import Foundation
import OptBenchRun
import Testing

/// docs/hdf5-layout.md and scripts/analysis_example.py, checked against a real results file:
/// the doc's Python example and h5dump commands run, the analysis script draws its plot, and
/// every attribute and dataset the doc's tables list is in the file with the documented type
/// and shape (and nothing undocumented is).
///
/// Needs Debian's /usr/bin/python3 with h5py, pandas and matplotlib, and h5dump: `scripts/setup`
/// installs them. Missing tools fail the tests (they are not skipped).
@Suite("docs/hdf5-layout.md and the analysis example work on a real results file")
struct LayoutDocsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let python = "/usr/bin/python3"
    static var layoutDoc: URL { root.appendingPathComponent("docs/hdf5-layout.md") }

    /// Analytic problems with and without `params` (dimension 2 and 80 > params_limit 64), a
    /// problem-level target, log_every 3 (so the last step is off the grid), sgd(lr=0.5)
    /// diverging at step 1 or 2, and a network problem (float32 params, layer_grad_norm, eval/).
    static let suiteText = """
        name: layoutdocs
        seeds: 2
        log_every: 3
        problems:
          - name: rosenbrock
            dim: 2
            start_jitter: 0.1
            steps: 40
            target: 4.3
          - name: quadratic
            dim: 80
            steps: 40
          - name: logreg
            dataset: moons
            epochs: 2
        optimizers:
          - name: sgd
            grid: {lr: [0.001, 0.5]}
          - name: adam
            lr: 0.05
        """
    static let problems = ["rosenbrock", "quadratic", "logreg"]
    static let optimizers = ["sgd", "adam"]

    /// The results file, made once by the real pipeline (plan, parallel runner, store).
    struct Fixture: Sendable {
        var directory: URL
        var results: String
        var summaries: [RunSummary]
        /// Grid index → run id, from the plan.
        var expectedIDs: [Int: String]
        var trajectoryRows: Int
    }

    static let fixture: Result<Fixture, any Error> = Result(catching: {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("optbench-layoutdocs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // Remove the directory when the test process exits (it is shared by the tests).
        atexit {
            if case .success(let fixture) = LayoutDocsTests.fixture { try? FileManager.default.removeItem(at: fixture.directory) }
        }
        let results = directory.appendingPathComponent("layoutdocs.h5").path
        let plan = try RunPlan(suite: Suite(parsing: suiteText, file: "layoutdocs.yaml"))
        let runner = SuiteRunner(plan: plan, options: .init(jobs: 2, mode: .create, command: ["optbench", "run", "layoutdocs.yaml"]))
        let outcome = try runner.run(outputPath: results, cancellation: CancellationFlag(), progress: ProgressReporter(style: .quiet))
        let reader = try ResultsReader(path: results)
        defer { reader.close() }
        var rows = 0
        for index in try reader.runIndices() { rows += try reader.run(index).trajectory.rowCount }
        return Fixture(directory: directory, results: results, summaries: outcome.summaries,
                       expectedIDs: Dictionary(uniqueKeysWithValues: plan.runs.map { ($0.index, $0.id.text) }),
                       trajectoryRows: rows)
    })

    /// The fixture, after checking that the external tools are there.
    func prepared() throws -> Fixture {
        try Self.requireTools()
        return try Self.fixture.get()
    }

    // MARK: - (a) the doc's Python example

    @Test("the ```python example in docs/hdf5-layout.md runs and prints the documented summary")
    func pythonExample() throws {
        let fixture = try prepared()
        let doc = try String(contentsOf: Self.layoutDoc, encoding: .utf8)
        let blocks = Self.fencedBlocks(doc, language: "python")
        try #require(blocks.count == 1, "docs/hdf5-layout.md should hold exactly one ```python block, found \(blocks.count)")
        let script = fixture.directory.appendingPathComponent("doc_example.py")
        try blocks[0].write(to: script, atomically: true, encoding: .utf8)

        let result = try Self.execute(Self.python, [script.path, fixture.results])
        try #require(result.status == 0, "the doc's example failed:\n\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        #expect(lines.first == "\(fixture.summaries.count) runs, \(fixture.trajectoryRows) trajectory rows", "\(result.stdout)")

        // Then `problem optimizer final_loss-median`, the problem printed once per block.
        #expect(lines.count >= 2 && lines[1].split(separator: " ").map(String.init) == ["problem", "optimizer"], "\(result.stdout)")
        var printed: [String: Double] = [:]
        var problem = ""
        for line in lines.dropFirst(2) {
            let words = line.split(separator: " ").map(String.init)
            if words.count == 3 { problem = words[0] }
            try #require(words.count == 2 || words.count == 3, "unexpected line '\(line)'")
            printed["\(problem) \(words[words.count - 2])"] = Double(words[words.count - 1])
        }
        // The same medians computed here (pandas' median skips NaN).
        for problem in Self.problems {
            for optimizer in Self.optimizers {
                let values = fixture.summaries.filter { $0.problem == problem && $0.optimizer == optimizer }
                    .map(\.finalLoss).filter { !$0.isNaN }.sorted()
                let median = values.isEmpty ? .nan
                    : values.count % 2 == 1 ? values[values.count / 2] : (values[values.count / 2 - 1] + values[values.count / 2]) / 2
                let shown = try #require(printed["\(problem) \(optimizer)"], "no line for \(problem) \(optimizer) in:\n\(result.stdout)")
                // pandas prints 6 decimals or 7 significant digits.
                let close = shown == median || (shown.isNaN && median.isNaN) || abs(shown - median) <= Swift.max(1e-5 * abs(median), 1e-6)
                #expect(close, "\(problem) \(optimizer): printed \(shown), expected \(median)")
            }
        }
        #expect(printed.count == Self.problems.count * Self.optimizers.count, "\(result.stdout)")
    }

    // MARK: - (b) scripts/analysis_example.py

    @Test("scripts/analysis_example.py prints the ranking and writes a real PNG")
    func analysisExample() throws {
        let fixture = try prepared()
        let plot = fixture.directory.appendingPathComponent("plot.png").path
        let script = Self.root.appendingPathComponent("scripts/analysis_example.py").path
        let result = try Self.execute(Self.python, [script, fixture.results, "-o", plot])
        try #require(result.status == 0, "analysis_example.py failed:\n\(result.stderr)")
        #expect(!result.stderr.contains("Warning"), "warnings:\n\(result.stderr)")

        let size = (try FileManager.default.attributesOfItem(atPath: plot)[.size] as? NSNumber)?.intValue ?? 0
        #expect(size > 10_000, "plot.png is only \(size) bytes")
        let png = try Data(contentsOf: URL(fileURLWithPath: plot)).prefix(8)
        #expect(Array(png) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "not a PNG")

        for optimizer in Self.optimizers {
            #expect(result.stdout.contains(" \(optimizer) "), "the table does not mention \(optimizer):\n\(result.stdout)")
        }
        for id in Set(fixture.summaries.map(\.id.problem)) {
            #expect(result.stdout.contains(id + "\n"), "the table does not mention \(id):\n\(result.stdout)")
        }
        #expect(result.stdout.contains("\(fixture.summaries.count) runs on 3 problem instance(s)"), "\(result.stdout)")
    }

    // MARK: - (c) h5dump

    @Test("h5dump parses the file, and the doc's h5dump commands run")
    func h5dump() throws {
        let fixture = try prepared()
        let header = try Self.execute("/bin/sh", ["-c", "h5dump -H \"$1\"", "sh", fixture.results])
        #expect(header.status == 0, "h5dump -H failed:\n\(header.stderr)")
        #expect(header.stdout.contains("GROUP \"runs\"") && header.stdout.contains("GROUP \"000000\""), "\(header.stdout.prefix(2000))")

        let group = try Self.execute("/bin/sh", ["-c", "h5dump -H -g /runs/000000 \"$1\"", "sh", fixture.results])
        #expect(group.status == 0, "\(group.stderr)")
        #expect(group.stdout.contains("/runs/000000"), "\(group.stdout.prefix(2000))")

        // Every command of the doc's ```sh block, on this file.
        let doc = try String(contentsOf: Self.layoutDoc, encoding: .utf8)
        let commands = Self.fencedBlocks(doc, language: "sh").flatMap { $0.split(separator: "\n").map(String.init) }
            .filter { $0.contains("h5dump") }
        try #require(!commands.isEmpty, "docs/hdf5-layout.md shows no h5dump command in a ```sh block")
        for command in commands {
            let line = command.replacingOccurrences(of: "Results/quickstart.h5", with: "\"$1\"")
            let result = try Self.execute("/bin/sh", ["-c", line, "sh", fixture.results])
            #expect(result.status == 0 && !result.stdout.isEmpty, "`\(command)` failed:\n\(result.stderr)")
        }
    }

    // MARK: - (d) every documented name, type and shape

    @Test("every attribute and dataset in the doc's tables is in the file with its type and shape, and nothing else is")
    func documentedLayout() throws {
        let fixture = try prepared()
        let expectations: [String: Any] = [
            "ids": Dictionary(uniqueKeysWithValues: fixture.expectedIDs.map { (ResultsLayout.runGroupName($0.key), $0.value) }),
            "params": ["rosenbrock", "logreg"],
            "network": ["logreg"],
            "targets": ["rosenbrock": 4.3],
            "statuses": Dictionary(uniqueKeysWithValues: fixture.summaries.map { ($0.id.text, $0.status.rawValue) }),
        ]
        let expected = fixture.directory.appendingPathComponent("expected.json")
        try JSONSerialization.data(withJSONObject: expectations).write(to: expected)
        let checker = fixture.directory.appendingPathComponent("check_layout.py")
        try Self.layoutChecker.write(to: checker, atomically: true, encoding: .utf8)

        let result = try Self.execute(Self.python, [checker.path, Self.layoutDoc.path, fixture.results, expected.path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("layout ok: \(fixture.summaries.count) runs"), "\(result.stdout)")
        // The fixture covers what the checker's branches need.
        #expect(fixture.summaries.contains { $0.status == .diverged } && fixture.summaries.contains { $0.stepsToTarget != nil })
    }

    /// Reads the doc's tables and checks the file against them, run by run.
    static let layoutChecker = #"""
        import json, math, re, sys
        import h5py
        import numpy as np

        doc_path, results_path, expected_path = sys.argv[1:4]
        doc = open(doc_path, encoding="utf-8").read()
        expected = json.load(open(expected_path))
        problems = []

        def fail(message):
            problems.append(message)

        def section(title):
            start = doc.index("\n" + title + "\n")
            end = doc.find("\n#", start + len(title) + 2)
            return doc[start:end]

        def table(title):
            """(names, other cells) for every row of the tables in a section whose first cell is `code`."""
            rows = []
            for line in section(title).splitlines():
                if line.startswith("| `"):
                    cells = [c.strip() for c in line.strip().strip("|").split("|")]
                    rows.append((re.findall(r"`([^`]+)`", cells[0]), cells[1:]))
            assert rows, f"no table under {title!r}"
            return rows

        TYPES = {"str": str, "numpy.int64": np.int64, "numpy.float64": np.float64}

        def attribute_spec(title):
            spec = {}
            for names, cells in table(title):
                kind = cells[0].strip("`")
                assert kind in TYPES, f"{title}: type {cells[0]!r} of {names} is not one of {list(TYPES)}"
                for name in names:
                    spec[name] = TYPES[kind]
            return spec

        root_spec = attribute_spec("## Root attributes")
        run_spec = attribute_spec("### Run attributes")
        dataset_spec = {}
        for names, cells in table("### Trajectory datasets"):
            for name in names:
                dataset_spec[name] = (cells[0], cells[1])
        for name in ["step", "loss", "grad_norm", "lr", "time_s", "params", "layer_grad_norm", "eval/step",
                     "eval/train_loss", "eval/train_accuracy", "eval/test_loss", "eval/test_accuracy"]:
            if name not in dataset_spec:
                fail(f"the doc's dataset tables do not list {name}")

        def check_attributes(obj, spec, where):
            present, documented = set(obj.attrs), set(spec)
            if present != documented:
                fail(f"{where}: undocumented attributes {sorted(present - documented)}, documented but missing {sorted(documented - present)}")
            for name, kind in spec.items():
                if name in obj.attrs and type(obj.attrs[name]) is not kind:
                    fail(f"{where} attribute {name}: h5py returns {type(obj.attrs[name]).__name__}, the doc says {kind.__name__}")

        def same(a, b):
            return (math.isnan(a) and math.isnan(b)) or a == b

        f = h5py.File(results_path, "r")
        check_attributes(f, root_spec, "/")
        if f.attrs["optbench_format"] != 1:
            fail("optbench_format is not 1")
        if set(f) != {"runs"}:
            fail(f"root members {sorted(f)}; expected only runs")
        if sorted(f["runs"]) != sorted(expected["ids"]):
            fail(f"run groups {sorted(f['runs'])}, expected {sorted(expected['ids'])}")

        for name, run in f["runs"].items():
            where = f"/runs/{name}"
            a = run.attrs
            check_attributes(run, run_spec, where)
            if a["run_id"] != expected["ids"].get(name):
                fail(f"{where}: run_id {a['run_id']!r}, expected {expected['ids'].get(name)!r} (grid order)")
            problem = a["problem"]
            network = problem in expected["network"]

            datasets, groups = {}, set()
            run.visititems(lambda path, obj: datasets.__setitem__(path, obj) if isinstance(obj, h5py.Dataset) else groups.add(path))
            wanted = {"step", "loss", "grad_norm", "lr", "time_s"}
            if problem in expected["params"]:
                wanted.add("params")
            if network:
                wanted |= {"layer_grad_norm"} | {n for n in dataset_spec if n.startswith("eval/")}
            if set(datasets) != wanted:
                fail(f"{where}: datasets {sorted(datasets)}, expected {sorted(wanted)}")
            if groups != ({"eval"} if network else set()):
                fail(f"{where}: groups {sorted(groups)}")

            n = len(run["step"])
            sizes = {"n": n, "m": len(run["eval/step"]) if "eval/step" in run else None,
                     "L": len(run["layer_grad_norm"].attrs["layers"]) if "layer_grad_norm" in run else None, "d": None}
            for path, ds in datasets.items():
                if path not in dataset_spec:
                    continue  # reported above
                dtype_text, shape_text = dataset_spec[path]
                dtypes = re.findall(r"`(int64|float32|float64)`", dtype_text)
                want = a["precision"] if "precision" in dtype_text else dtypes[0]
                if "precision" in dtype_text and want not in dtypes:
                    fail(f"{where}/{path}: precision {want} is not a documented dtype {dtypes}")
                if ds.dtype != np.dtype(want):
                    fail(f"{where}/{path}: dtype {ds.dtype}, documented {want}")
                symbols = re.findall(r"[a-zA-Z]", shape_text.strip("`"))
                if len(symbols) != ds.ndim:
                    fail(f"{where}/{path}: shape {ds.shape}, documented {shape_text}")
                for symbol, size in zip(symbols, ds.shape):
                    if sizes.get(symbol) is None and size < 1 or sizes.get(symbol) not in (None, size):
                        fail(f"{where}/{path}: shape {ds.shape}, documented {shape_text} with {symbol} = {sizes.get(symbol)}")
                if ds.chunks is None or ds.chunks[0] != max(1, min(4096, ds.shape[0])) or ds.maxshape[0] is not None:
                    fail(f"{where}/{path}: chunks {ds.chunks}, maxshape {ds.maxshape}; documented min(4096, rows) rows, extendable")
                if ds.compression != "gzip" or ds.compression_opts != 1 or not ds.shuffle:
                    fail(f"{where}/{path}: filters {ds.compression} {ds.compression_opts} shuffle={ds.shuffle}")
                attributes = {"layers"} if path == "layer_grad_norm" else set()
                if set(ds.attrs) != attributes:
                    fail(f"{where}/{path}: attributes {sorted(ds.attrs)}, expected {sorted(attributes)}")

            # Row semantics.
            step, loss, grad, lr, seconds = (run[k][:] for k in ("step", "loss", "grad_norm", "lr", "time_s"))
            k, steps, budget = int(a["log_every"]), int(a["steps"]), int(a["budget_steps"])
            status = a["status"]
            if status != expected["statuses"][a["run_id"]]:
                fail(f"{where}: status {status}")
            if step[0] != 0 or step[-1] != steps or np.any(np.diff(step) <= 0) or np.any(step[:-1] % k):
                fail(f"{where}: steps {step.tolist()} with log_every {k} and steps {steps}")
            if n != steps // k + 1 + (steps % k != 0):
                fail(f"{where}: {n} rows for {steps} updates logged every {k}")
            if not same(float(a["final_loss"]), float(loss[-1])):
                fail(f"{where}: final_loss {a['final_loss']} but loss[-1] {loss[-1]}")
            finite = loss[np.isfinite(loss)]
            if len(finite) and not float(a["best_loss"]) <= finite.min():
                fail(f"{where}: best_loss {a['best_loss']} above the lowest logged loss {finite.min()}")
            if status == "completed" and (steps != budget or a["message"] != ""):
                fail(f"{where}: completed with steps {steps} of {budget}, message {a['message']!r}")
            if status == "diverged":
                threshold = 1e6 * max(abs(loss[0]), 1)
                if steps >= budget or not a["message"] or (np.isfinite(loss[-1]) and np.isfinite(grad[-1]) and abs(loss[-1]) <= threshold):
                    fail(f"{where}: diverged, but the last row (step {step[-1]}, loss {loss[-1]}) is not a diverging step")
            target = expected["targets"].get(problem)
            if not same(float(a["target"]), math.nan if target is None else target):
                fail(f"{where}: target {a['target']}, expected {target} (NaN when none)")
            reached = int(a["steps_to_target"])
            if reached >= 0:
                row = np.searchsorted(step, reached)
                if target is None or reached > steps or (row < n and step[row] == reached and not loss[row] <= target):
                    fail(f"{where}: steps_to_target {reached} but loss there is {loss[row] if row < n else '?'}")
            elif target is not None and np.any(loss <= target):
                fail(f"{where}: steps_to_target -1 but a logged loss is <= {target}")
            config = json.loads(a["optimizer_config"])
            if not np.all(lr == config["lr"]):
                fail(f"{where}: lr {lr[:3]}... with a constant lr {config['lr']}")
            if seconds[0] < 0 or np.any(np.diff(seconds) < 0) or float(a["wall_time_s"]) < seconds[-1]:
                fail(f"{where}: time_s not increasing from 0 up to wall_time_s")
            json.loads(a["problem_config"])
            if "params" in run:
                params = run["params"][:]
                if problem == "rosenbrock" and np.any(np.abs(params[0] - [-1.2, 1.0]) > 0.1 + 1e-12):
                    fail(f"{where}: params[0] {params[0]} is not the jittered start (-1.2, 1)")
            if "layer_grad_norm" in run:
                layers = run["layer_grad_norm"].attrs["layers"]
                if not all(type(x) is str for x in layers):
                    fail(f"{where}/layer_grad_norm: layers {layers!r} are not str")
                total = np.sqrt((run["layer_grad_norm"][:] ** 2).sum(axis=1))
                if not np.allclose(total, grad, rtol=1e-6):
                    fail(f"{where}/layer_grad_norm: per-layer norms do not add up to grad_norm")
            if "eval" in run:
                e = run["eval/step"][:]
                if e[0] != 0 or (status == "completed" and e[-1] != steps) or len({len(run["eval"][c]) for c in run["eval"]}) != 1:
                    fail(f"{where}/eval: steps {e.tolist()}")
                accuracy = run["eval/test_accuracy"][:]
                if np.any((accuracy < 0) | (accuracy > 1)):
                    fail(f"{where}/eval/test_accuracy outside [0, 1]")

        if problems:
            print("\n".join(problems), file=sys.stderr)
            sys.exit(1)
        print(f"layout ok: {len(f['runs'])} runs, {len(root_spec)} root attributes, {len(run_spec)} run attributes, {len(dataset_spec)} datasets")
        """#

    // MARK: - Helpers

    /// Fails (does not skip) when Debian's Python modules or h5dump are missing.
    static func requireTools() throws {
        var missing: [String] = []
        if !FileManager.default.isExecutableFile(atPath: python) {
            missing.append(python)
        } else if let check = try? execute(python, ["-c", "import h5py, pandas, matplotlib"]), check.status != 0 {
            missing.append("h5py/pandas/matplotlib for \(python) (\(check.stderr.split(separator: "\n").last ?? ""))")
        }
        if (try? execute("/bin/sh", ["-c", "command -v h5dump"]))?.status != 0 { missing.append("h5dump") }
        try #require(missing.isEmpty, "missing \(missing.joined(separator: ", ")): run scripts/setup")
    }

    /// The contents of every ```language fenced block of a Markdown text.
    static func fencedBlocks(_ markdown: String, language: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```" + language {
                current = []
            } else if current != nil, line == "```" {
                blocks.append(current!.joined(separator: "\n") + "\n")
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    struct Execution {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `executable` to the end; output goes through files, so neither pipe can fill up.
    static func execute(_ executable: String, _ arguments: [String]) throws -> Execution {
        let directory = FileManager.default.temporaryDirectory
        let outURL = directory.appendingPathComponent("layoutdocs-\(UUID().uuidString).out")
        let errURL = directory.appendingPathComponent("layoutdocs-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["MPLBACKEND"] = "Agg"
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        process.environment = environment
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Execution(status: process.terminationStatus,
                         stdout: try String(contentsOf: outURL, encoding: .utf8),
                         stderr: try String(contentsOf: errURL, encoding: .utf8))
    }
}
