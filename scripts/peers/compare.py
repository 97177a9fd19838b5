"""The driver of scripts/compare-peers: runs each workload in optbench and in its peers,
interleaved (optbench, peers, peers, optbench, … for --repeats rounds, each side a fresh
process), takes the median of each measurement over the rounds, and prints a Markdown table
of ratios optbench / peer (> 1: optbench is faster) with the machine and the versions. The
table and every raw JSON line go to Results/peers/compare-<date>.md and .jsonl.

Workloads: step (and stream), rosenbrock, mlp, suite. See docs/performance.md, "Peers, side
by side".
"""
from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import common  # noqa: E402

ROOT = common.repository_root()
WORKLOADS = ["step", "rosenbrock", "mlp", "suite"]
OPTBENCH_BENCH = os.path.join(ROOT, "Benchmarks", ".build", "release", "optbench-bench")
OPTBENCH = os.path.join(ROOT, ".build", "release", "optbench")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run of a few minutes: fewer sizes and steps, subsets of the suites")
    parser.add_argument("--only", default=",".join(WORKLOADS), help=f"comma-separated of {','.join(WORKLOADS)}")
    parser.add_argument("--repeats", type=int, default=None, help="interleaved rounds (default 3; --quick 2)")
    parser.add_argument("--suite-repeats", type=int, default=1,
                        help="rounds of the suite workload, whose runs take minutes (default 1)")
    parser.add_argument("--peer-threads", choices=["1", "default"], default="1",
                        help="1 (default): peers single-threaded like each optbench run; default: their thread pools")
    parser.add_argument("--pin", metavar="CPU", default=None,
                        help="run optbench and the peers alike under `taskset -c CPU`")
    parser.add_argument("--step-optimizers", default="adam,momentum",
                        help="optimizers of the step workload, or 'all' (default adam,momentum)")
    parser.add_argument("--step-sizes", default=None, help="default 1e5,1e6,1e7 (--quick 1e5,1e7)")
    parser.add_argument("--step-precisions", default=None, help="default float32,float64 (--quick float32)")
    parser.add_argument("--suites", default="classic,quickstart", help="suites of the suite workload")
    parser.add_argument("--subset", type=int, default=None,
                        help="run about K runs of each suite (shard 1/ceil(runs/K)) on both sides; "
                             "full-suite times are then extrapolated and labelled so (--quick: 40)")
    parser.add_argument("--harness-impls", default="python-harness,python-harness-scan,python-harness-vmap")
    parser.add_argument("--jobs", default="1,2", help="optbench --jobs values of the suite workload")
    parser.add_argument("--no-build", action="store_true", help="use the existing release binaries")
    parser.add_argument("--optbench-bench", default=OPTBENCH_BENCH)
    parser.add_argument("--optbench", default=OPTBENCH)
    parser.add_argument("--out", default=os.path.join(ROOT, "Results", "peers"))
    args = parser.parse_args()
    only = [w for w in args.only.split(",") if w]
    for workload in only:
        if workload not in WORKLOADS:
            parser.error(f"unknown workload {workload!r}; expected some of {', '.join(WORKLOADS)}")
    repeats = args.repeats or (2 if args.quick else 3)
    if args.quick and args.subset is None:
        args.subset = 40

    started = datetime.datetime.now()
    if not args.no_build:
        build(args)
    driver = Driver(args)
    header = driver.header(started, repeats)
    common.note(f"compare-peers: {', '.join(only)}; {repeats} interleaved rounds (suites: {args.suite_repeats}); "
                f"peers' threads: {args.peer_threads}")
    for workload in only:
        tasks = getattr(driver, f"tasks_{workload}")()
        rounds = args.suite_repeats if workload == "suite" else repeats
        for round_index in range(rounds):
            ordered = tasks if round_index % 2 == 0 else list(reversed(tasks))
            for task in ordered:
                driver.run(task, round_index)
    header["load_average_end"] = os.getloadavg()
    report = Report(header, driver.records, args).markdown()
    print(report)
    os.makedirs(args.out, exist_ok=True)
    stem = os.path.join(args.out, "compare-" + started.strftime("%Y-%m-%d-%H%M%S") + ("-quick" if args.quick else ""))
    with open(stem + ".md", "w") as handle:
        handle.write(report)
    with open(stem + ".jsonl", "w") as handle:
        handle.write(json.dumps({"workload": "header", **header}) + "\n")
        for record in driver.records:
            handle.write(json.dumps(record) + "\n")
    shutil.rmtree(driver.scratch, ignore_errors=True)
    common.note(f"compare-peers: wrote {os.path.relpath(stem, ROOT)}.md and .jsonl")


def build(args) -> None:
    """The release binaries: optbench (the suite workload) and optbench-bench (the others)."""
    commands = []
    if os.path.abspath(args.optbench) == OPTBENCH:
        commands.append(["swift", "build", "-c", "release", "--product", "optbench"])
    if os.path.abspath(args.optbench_bench) == OPTBENCH_BENCH:
        commands.append(["swift", "build", "-c", "release", "--package-path", "Benchmarks", "--product", "optbench-bench"])
    # Built for this machine's vector width, as scripts/optbench builds it (XLA and torch use
    # the host's widest instructions too).
    env = dict(os.environ, OPTBENCH_TARGET_CPU=target_cpu())
    for command in commands:
        common.note(f"compare-peers: OPTBENCH_TARGET_CPU={env['OPTBENCH_TARGET_CPU']} " + " ".join(command))
        completed = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                   env=env)
        if completed.returncode != 0:
            sys.stderr.write(completed.stderr[-4000:])
            raise SystemExit(f"compare-peers: {' '.join(command)} failed")


def target_cpu() -> str:
    return os.environ.get("OPTBENCH_TARGET_CPU") or "native"


class Task:
    def __init__(self, side, label, argv, workload, parse=None, after=None):
        self.side = side          # "optbench" or "peers"
        self.label = label
        self.argv = argv
        self.workload = workload
        self.parse = parse        # stdout → records (default: JSON lines)
        self.after = after        # (records, measured process) → None: adds fields


class Driver:
    def __init__(self, args):
        self.args = args
        self.records = []
        self.python = sys.executable
        self.scratch = tempfile.mkdtemp(prefix="optbench-peers-")
        self.peer_env = dict(os.environ)
        self.optbench_env = dict(os.environ)
        self.startup = {}

    # ----- the commands of each workload -----

    def peer(self, script, *arguments):
        argv = [self.python, os.path.join(HERE, script), "--threads", self.args.peer_threads]
        if self.args.quick:
            argv.append("--quick")
        return argv + list(arguments)

    def step_options(self):
        sizes = self.args.step_sizes or ("1e5,1e7" if self.args.quick else "1e5,1e6,1e7")
        precisions = self.args.step_precisions or ("float32" if self.args.quick else "float32,float64")
        return sizes, precisions

    def tasks_step(self):
        sizes, precisions = self.step_options()
        optimizers = self.args.step_optimizers
        bench_optimizers = optimizers if optimizers != "all" else ",".join(__import__("peer_optimizers").OPTIMIZERS)
        integer_sizes = ",".join(str(int(float(s))) for s in sizes.split(","))
        return [
            Task("optbench", "optbench-bench step", [self.args.optbench_bench, "step", "--optimizers", bench_optimizers,
                                                     "--sizes", integer_sizes, "--precisions", precisions, "--json"], "step"),
            Task("peers", "optimizer_step.py", self.peer("optimizer_step.py", "--optimizers", optimizers, "--sizes", sizes,
                                                         "--precisions", precisions), "step"),
        ]

    def tasks_rosenbrock(self):
        return [
            Task("optbench", "optbench-bench rosenbrock", [self.args.optbench_bench, "rosenbrock", "--json"], "rosenbrock"),
            Task("peers", "rosenbrock_loop.py", self.peer("rosenbrock_loop.py"), "rosenbrock"),
        ]

    def tasks_mlp(self):
        bench = [self.args.optbench_bench, "mlp", "--json"] + (["--repeats", "1"] if self.args.quick else [])
        return [
            Task("optbench", "optbench-bench mlp", bench, "mlp"),
            Task("peers", "mlp_digits.py", self.peer("mlp_digits.py"), "mlp"),
        ]

    def tasks_suite(self):
        tasks = []
        for name in self.args.suites.split(","):
            path = os.path.join(ROOT, "Suites", f"{name}.yaml")
            runs = self.count_runs(path)
            shard = None
            if self.args.subset and self.args.subset < runs:
                shard = f"1/{math.ceil(runs / self.args.subset)}"
            selected = runs if shard is None else len(range(0, runs, int(shard.split("/")[1])))
            for jobs in self.args.jobs.split(","):
                output = os.path.join(self.scratch, f"{name}-optbench-j{jobs}.h5")
                argv = [self.args.optbench, "run", path, "-o", output, "--force", "--quiet", "--no-report", "--jobs", jobs]
                if shard:
                    argv += ["--shard", shard]
                tasks.append(Task("optbench", f"optbench run {name} --jobs {jobs}", argv, "suite",
                                  parse=lambda out, name=name, jobs=jobs, selected=selected, runs=runs, shard=shard,
                                  startup=self.startup[path]: [{
                                      "workload": "suite", "impl": "optbench", "suite": name, "jobs": int(jobs),
                                      "runs": selected, "runs_in_suite": runs, "shard": shard,
                                      "import_seconds": startup}],
                                  after=lambda records, output=output: self.file_fields(records, output)))
            for impl in self.args.harness_impls.split(","):
                output = os.path.join(self.scratch, f"{name}-{impl}.h5")
                argv = self.peer("suite_harness.py", path, "-o", output, "--impl", impl)
                if shard:
                    argv += ["--shard", shard]
                tasks.append(Task("peers", f"suite_harness.py {name} {impl}", argv, "suite",
                                  after=lambda records, output=output, name=name: self.harness_fields(records, output, name)))
        return tasks

    def count_runs(self, path):
        """The suite's run count, and the wall seconds of `optbench run --dry-run` (start-up,
        parsing and planning: the part of optbench's time that does not grow with the runs)."""
        began = time.perf_counter()
        completed = subprocess.run([self.args.optbench, "run", path, "--dry-run"], capture_output=True, text=True)
        self.startup[path] = time.perf_counter() - began
        if completed.returncode != 0:
            raise SystemExit(f"compare-peers: optbench run {path} --dry-run failed: {completed.stderr.strip()}")
        return int(completed.stdout.strip().splitlines()[-1].split()[0])

    def file_fields(self, records, output):
        for record in records:
            record["bytes_per_logged_step"] = logged_bytes(output)

    def harness_fields(self, records, output, name):
        reference = os.path.join(self.scratch, f"{name}-optbench-j1.h5")
        for record in records:
            if record.get("workload") != "suite":
                continue
            if os.path.exists(reference) and os.path.exists(output):
                from equivalence import compare
                record["equivalence"] = compare(reference, output)

    # ----- running -----

    def run(self, task, round_index):
        argv = task.argv
        if self.args.pin is not None:
            argv = ["taskset", "-c", self.args.pin] + argv
        env = self.peer_env if task.side == "peers" else self.optbench_env
        common.note(f"  [{round_index + 1}] {task.label}")
        # Peak RSS and CPU time of the child alone, from /usr/bin/time: a child forked from this
        # driver directly would report at least the driver's own RSS (Linux keeps the
        # high-water mark across exec), which grows when it reads results files.
        timer = shutil.which("time", path="/usr/bin:/bin")
        report = tempfile.NamedTemporaryFile(mode="w+", suffix=".time", delete=False)
        report.close()
        if timer:
            argv = [timer, "-f", "%M %U %S", "-o", report.name] + argv
        began = time.perf_counter()
        with tempfile.TemporaryFile(mode="w+") as errors:
            process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=errors, text=True, env=env, cwd=ROOT)
            stdout = process.stdout.read()
            _, status, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - began
            process.returncode = os.waitstatus_to_exitcode(status)
            process.stdout.close()
            errors.seek(0)
            stderr = errors.read()
        peak_kib, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
        try:
            with open(report.name) as handle:
                fields = handle.read().split()
            peak_kib, cpu = int(fields[-3]), float(fields[-2]) + float(fields[-1])
        except (OSError, ValueError, IndexError):
            pass  # no /usr/bin/time: wait4's figures, whose RSS may include the driver's
        os.unlink(report.name)
        if process.returncode != 0:
            tail = "\n".join(stderr.strip().splitlines()[-5:])
            common.note(f"  {task.label} exited with {process.returncode}:\n{tail}")
            self.records.append({"workload": task.workload, "impl": "error", "side": task.side, "label": task.label,
                                 "round": round_index, "returncode": process.returncode, "stderr": tail})
            return
        records = task.parse(stdout) if task.parse else parse_json_lines(stdout)
        if task.side == "optbench" and task.parse is None and not records:
            common.note(f"  {task.label} printed no JSON lines (does this optbench-bench support --json?)")
        process_fields = {"process_wall_seconds": wall, "process_cpu_seconds": cpu, "process_peak_rss_mb": peak_kib / 1024}
        for record in records:
            record["round"] = round_index
            record["side"] = task.side
            record.update(process_fields)
            if record.get("workload") == "suite":
                if "wall_seconds" in record:
                    record["in_process_wall_seconds"] = record["wall_seconds"]
                # Both sides: the whole process, as a user waits for it.
                record["wall_seconds"] = wall
                record["runs_per_s"] = record["runs"] / wall
                record["peak_rss_mb"] = peak_kib / 1024
        if task.after:
            task.after(records)
        self.records.extend(records)

    def header(self, started, repeats):
        completed = subprocess.run([self.python, os.path.join(HERE, "common.py")], capture_output=True, text=True,
                                   env=self.peer_env)
        versions = json.loads(completed.stdout) if completed.returncode == 0 else {}
        swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.strip().splitlines()
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True,
                               cwd=ROOT).stdout.strip()
        return {
            "date": started.strftime("%Y-%m-%d %H:%M"), "host": platform.node(), "cpu": common.cpu_model(),
            "cores": os.cpu_count(), "memory_gb": memory_gb(), "os": platform.platform(),
            "swift": swift[0] if swift else "unknown", "optbench_commit": commit + ("+dirty" if dirty else ""),
            "optbench_target_cpu": None if self.args.no_build else target_cpu(),
            "versions": versions, "peer_threads": self.args.peer_threads, "pin": self.args.pin,
            "repeats": repeats, "suite_repeats": self.args.suite_repeats, "quick": self.args.quick,
            "subset": self.args.subset, "load_average_start": os.getloadavg(),
            "command": " ".join(shlex.quote(a) for a in sys.argv),
        }


def parse_json_lines(text):
    records = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError:
                pass
    return records


def logged_bytes(path):
    """File size / logged rows of a results file."""
    try:
        import h5py
        with h5py.File(path, "r") as f:
            rows = sum(run["step"].shape[0] for run in f["runs"].values())
        return os.path.getsize(path) / max(rows, 1)
    except Exception:  # noqa: BLE001 - a missing file leaves the field empty
        return None


def memory_gb():
    try:
        with open("/proc/meminfo") as handle:
            return round(int(handle.readline().split()[1]) / 1024 / 1024, 1)
    except OSError:
        return None


# ----- the report -----

METRICS = {
    # workload: (metric, unit divisor, unit, row keys, keys shared with the peers)
    "step": ("params_per_s", 1e6, "M params/s", ("optimizer", "precision", "n"), ("optimizer", "precision", "n")),
    "rosenbrock": ("steps_per_s", 1e6, "M steps/s", ("logging",), ("logging",)),
    "mlp": ("samples_per_s", 1e3, "k samples/s", ("epochs",), ("epochs",)),
    "suite": ("runs_per_s", 1, "runs/s", ("suite", "jobs"), ("suite",)),
}


def median_records(records):
    """One record per (impl, identity fields), its numbers the medians over the rounds."""
    groups = {}
    for record in records:
        if record.get("impl") in ("error",) or record.get("workload") in ("check",):
            continue
        identity = tuple((k, json.dumps(record.get(k))) for k in
                         ("workload", "impl", "optimizer", "precision", "n", "kernel", "logging", "epochs", "evaluations", "suite", "jobs"))
        groups.setdefault(identity, []).append(record)
    result = []
    for group in groups.values():
        merged = dict(group[-1])
        for key, value in group[0].items():
            values = [r.get(key) for r in group if isinstance(r.get(key), (int, float)) and not isinstance(r.get(key), bool)]
            if values and len(values) == len(group) and len(set(values)) > 1:
                merged[key] = statistics.median(values)
        merged["rounds"] = len(group)
        merged["spread"] = spread(group)
        result.append(merged)
    return result


def spread(group):
    """(max − min) / median of the group's main metric, the drift between rounds."""
    metric = METRICS.get(group[0].get("workload"), (None,))[0] or ("gb_per_s" if group[0].get("workload") == "stream" else None)
    values = [r[metric] for r in group if isinstance(r.get(metric), (int, float))]
    if len(values) < 2 or not statistics.median(values):
        return None
    return (max(values) - min(values)) / statistics.median(values)


def number(value, digits=3):
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(value)))
    decimals = max(0, digits - 1 - magnitude)
    return f"{value:,.{decimals}f}"


def size(n):
    """10⁵ as 1e5; other counts with separators."""
    exponent = round(math.log10(n)) if n else 0
    return f"1e{exponent}" if n and 10 ** exponent == n else f"{n:,}"


def ratio(a, b):
    if not a or not b:
        return "—"
    return f"**{a / b:.2f}×**"


class Report:
    def __init__(self, header, records, args):
        self.header = header
        self.raw = records
        self.records = median_records(records)
        self.args = args

    def markdown(self):
        h = self.header
        v = h.get("versions", {})
        lines = [
            f"# optbench and its peers, side by side ({h['date']})",
            "",
            f"Machine: {h['cpu']}, {h['cores']} cores, {h['memory_gb']} GB, {h['os']}; load average "
            f"{fmt_load(h['load_average_start'])} at the start, {fmt_load(h.get('load_average_end'))} at the end.",
            f"optbench {h['optbench_commit']}, {h['swift']}, "
            + (f"built with OPTBENCH_TARGET_CPU={h['optbench_target_cpu']}." if h.get("optbench_target_cpu")
               else "binaries as found (--no-build)."),
            "Peers: " + ", ".join(f"{k} {v.get(k)}" for k in ("python", "numpy", "torch", "jax", "jaxlib", "optax", "h5py")
                                  if v.get(k)) + ".",
            f"Peers' threads: **{h['peer_threads']}**" + (" (torch.set_num_threads(1), XLA_FLAGS="
                                                         f"{common.XLA_SINGLE_THREAD_FLAGS}, OMP/MKL/OpenBLAS 1; "
                                                         "step, rosenbrock and mlp peers pinned to one CPU)"
                                                         if h["peer_threads"] == "1" else " (the libraries' defaults)")
            + (f"; every process pinned to CPU {h['pin']}" if h.get("pin") is not None else "")
            + f". Each optbench run is single-threaded. {h['repeats']} interleaved rounds (suites: {h['suite_repeats']}),"
            " medians; **ratio = optbench / peer throughput, > 1 means optbench is faster**."
            + (" Quick mode: smaller workloads." if h["quick"] else ""),
            f"Command: `{h['command']}`",
            "",
        ]
        lines += self.cpu_note()
        lines += self.step_table()
        lines += self.stream_table()
        lines += self.simple_table("rosenbrock", "Adam on 2-D Rosenbrock, float64")
        lines += self.simple_table("mlp", "digits MLP 64-128-10, Adam, batch 32, float32, 10 epochs")
        lines += self.suite_table()
        lines += self.checks()
        lines += self.errors()
        return "\n".join(lines) + "\n"

    def by(self, workload, impl=None):
        return [r for r in self.records if r.get("workload") == workload and (impl is None or r.get("impl") == impl)]

    def cpu_note(self):
        ratios = [r["cpu_per_wall"] for r in self.raw if r.get("side") == "peers" and r.get("cpu_per_wall")]
        if not ratios:
            return []
        return [f"While timed, the peers used {number(statistics.median(ratios), 2)} CPU-seconds per wall second "
                f"(median; at most {number(max(ratios), 2)}): about 1 is one busy thread, well above 1 more threads, "
                "below 1 a machine busy with other work.", ""]

    def step_table(self):
        ours = self.by("step", "optbench")
        peers = [r for r in self.by("step") if r.get("impl") != "optbench"]
        if not ours and not peers:
            return []
        impls = sorted({r["impl"] for r in peers}, key=lambda i: ["torch-fused", "torch-foreach", "torch-forloop",
                                                                  "optax-jit", "numpy"].index(i) if i in
                       ["torch-fused", "torch-foreach", "torch-forloop", "optax-jit", "numpy"] else 99)
        keys = sorted({(r["optimizer"], r["precision"], r["n"]) for r in ours + peers})
        lines = ["## Optimizer step, fixed gradient (`step`)", "",
                 "M params/s (GB/s of minimum traffic); ratio = optbench / peer. optbench's % of copy is its step's "
                 "GB/s over the copy bandwidth it measured in the same process.", "",
                 "| optimizer | precision | N | optbench | % of copy | " + " | ".join(impls) + " | vs fastest peer |",
                 "|---|---|---|---|---|" + "---|" * len(impls) + "---|"]
        for optimizer, precision, n in keys:
            mine = next((r for r in ours if (r["optimizer"], r["precision"], r["n"]) == (optimizer, precision, n)), None)
            ours_rate = mine and mine.get("params_per_s")
            cells, best = [], None
            for impl in impls:
                theirs = next((r for r in peers if r["impl"] == impl and
                               (r["optimizer"], r["precision"], r["n"]) == (optimizer, precision, n)), None)
                if theirs is None:
                    cells.append("")
                    continue
                rate = theirs["params_per_s"]
                best = max(best or 0, rate)
                cells.append(f"{number(rate / 1e6)} ({number(theirs['gb_per_s'], 2)}) {ratio(ours_rate, rate)}")
            fraction = mine.get("fraction_of_copy") if mine else None
            lines.append(f"| {optimizer} | {precision} | {size(n)} | "
                         + (f"{number(ours_rate / 1e6)} ({number(mine['gb_per_s'], 2)})" if ours_rate else "—")
                         + f" | {number(fraction * 100, 2) + '%' if fraction else '—'} | " + " | ".join(cells)
                         + f" | {ratio(ours_rate, best)} |")
        return lines + [""]

    def stream_table(self):
        rows = self.by("stream")
        if not rows:
            return []
        lines = ["## Memory bandwidth reference (`stream`)", "",
                 "GB/s. optbench: plain loops in optbench-bench (the STREAM figure optbench's steps are compared with); "
                 "NumPy: np.copyto, and the triad as two ufuncs with out= (reference only).", "",
                 "| kernel | precision | N | optbench | numpy |", "|---|---|---|---|---|"]
        keys = sorted({(r.get("kernel"), r.get("precision"), r.get("n")) for r in rows})
        for kernel, precision, n in keys:
            def rate(impl):
                r = next((r for r in rows if r["impl"] == impl and (r.get("kernel"), r.get("precision"), r.get("n")) ==
                          (kernel, precision, n)), None)
                return number(r["gb_per_s"], 3) if r else "—"
            lines.append(f"| {kernel} | {precision} | {size(n)} | {rate('optbench')} | {rate('numpy')} |")
        return lines + [""]

    def simple_table(self, workload, title):
        metric, scale, unit, row_keys, match_keys = METRICS[workload]
        rows = self.by(workload)
        if not rows:
            return []
        ours = [r for r in rows if r["impl"] == "optbench"]
        peers = [r for r in rows if r["impl"] != "optbench"]
        lines = [f"## {title} (`{workload}`)", "", f"{unit}; ratio = optbench / peer.", "",
                 "| " + " | ".join(row_keys) + " | impl | " + unit + " | optbench / peer | notes |",
                 "|" + "---|" * (len(row_keys) + 4)]
        for mine in ours or [{}]:
            key = tuple(mine.get(k) for k in row_keys)
            if mine:
                lines.append("| " + " | ".join(str(k) for k in key) + f" | **optbench** | {number(mine[metric] / scale)} | | "
                             + notes(mine) + " |")
            for theirs in peers:
                if mine and tuple(theirs.get(k) for k in match_keys) != tuple(mine.get(k) for k in match_keys):
                    continue
                lines.append("| " + " | ".join(str(theirs.get(k)) for k in row_keys) + f" | {theirs['impl']} | "
                             f"{number(theirs[metric] / scale)} | {ratio(mine.get(metric), theirs[metric])} | {notes(theirs)} |")
        unmatched = [r for r in peers if ours and all(tuple(r.get(k) for k in match_keys) !=
                                                      tuple(m.get(k) for k in match_keys) for m in ours)]
        for theirs in unmatched:
            lines.append("| " + " | ".join(str(theirs.get(k)) for k in row_keys) + f" | {theirs['impl']} | "
                         f"{number(theirs[metric] / scale)} | — | {notes(theirs)} |")
        return lines + [""]

    def suite_table(self):
        rows = self.by("suite")
        if not rows:
            return []
        lines = ["## Whole suites (`suite`)", "",
                 "Wall seconds of the whole process (start-up, compilation, runs, HDF5 writing) and its peak RSS "
                 "(from /usr/bin/time); ratio = optbench runs/s / peer runs/s on the same runs.", ""]
        lines += ["| suite | runs | impl | jobs | wall s | runs/s | peak RSS MB | bytes/logged step | optbench (jobs 1) / peer "
                  "| optbench (jobs 2) / peer | full suite, s | full suite: optbench (jobs 1) / peer |",
                  "|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for suite in sorted({r["suite"] for r in rows}):
            group = [r for r in rows if r["suite"] == suite]
            ours = {r.get("jobs"): r for r in group if r["impl"] == "optbench"}
            for r in sorted(group, key=lambda r: (r["impl"] != "optbench", r["impl"], r.get("jobs") or 0)):
                extrapolated = full_suite_seconds(r)
                cells = [suite, f"{r['runs']} of {r.get('runs_in_suite', r['runs'])}", r["impl"], str(r.get("jobs", 1)),
                         number(r["wall_seconds"]), number(r["runs_per_s"]), number(r.get("peak_rss_mb")),
                         number(r.get("bytes_per_logged_step")),
                         "" if r["impl"] == "optbench" else ratio(ours.get(1, {}).get("runs_per_s"), r["runs_per_s"]),
                         "" if r["impl"] == "optbench" else ratio(ours.get(2, {}).get("runs_per_s"), r["runs_per_s"]),
                         number(extrapolated) + (" *" if r.get("shard") else ""),
                         "" if r["impl"] == "optbench" else
                         ratio(extrapolated, full_suite_seconds(ours[1])) + (" *" if r.get("shard") else "")
                         if 1 in ours and extrapolated else "—"]
                lines.append("| " + " | ".join(cells) + " |")
        if any(r.get("shard") for r in rows):
            lines += ["", "\\* A subset: both sides ran the same runs (`--shard 1/N`); the ratios are measured on them. "
                      "The full-suite seconds are an **extrapolation**: optbench's start-up (the wall time of a "
                      "`--dry-run`) + the rest × runs in the suite / runs; the harness's start-up + compilation × "
                      "(pairs in the suite / pairs compiled) + the rest × runs in the suite / runs."]
        for r in rows:
            equivalence = r.get("equivalence")
            if equivalence:
                agreement = equivalence["final_loss_agreement"]
                close = ", ".join(f"{name} {number(value['within_1e-6'] * 100, 2)}%" for name, value in agreement.items())
                lines += ["", f"{r['suite']}, {r['impl']} vs optbench: {equivalence['same_run_ids']} of "
                          f"{equivalence['runs_optbench']} run ids equal, {equivalence['same_starts']} start points equal, "
                          f"{equivalence['same_status']} statuses equal; completed runs whose final loss agrees to 1e-6 "
                          f"(relative): {close}."]
                break
        return lines + [""]

    def checks(self):
        checks = {}
        for record in self.raw:
            if record.get("workload") == "check":
                checks.setdefault(record["check"], []).append(record)
        if not checks:
            return []
        lines = ["## Correctness checks of the peers", ""]
        for name, group in checks.items():
            passed = all(r.get("passed") for r in group)
            details = {k: v for k, v in group[-1].items()
                       if k not in ("workload", "impl", "check", "passed", "threads", "round", "side", "pinned_cpu")
                       and not k.startswith("process_")}
            lines.append(f"- {'passed' if passed else '**FAILED**'}: {name} {json.dumps(details)}")
        return lines + [""]

    def errors(self):
        failed = [r for r in self.raw if r.get("impl") == "error"]
        if not failed:
            return []
        lines = ["## Failures", ""]
        for r in failed:
            lines.append(f"- {r['label']} (round {r['round'] + 1}) exited with {r['returncode']}: `{r['stderr'][-300:]}`")
        return lines + [""]


def notes(record):
    parts = []
    if record.get("steps"):
        parts.append(f"{int(record['steps']):,} steps")
    if record.get("test_accuracy") is not None:
        parts.append(f"test accuracy {record['test_accuracy'] * 100:.1f}%")
    if "evaluations_included" in record:
        parts.append("evaluations included" if record["evaluations_included"] else "training only")
    if record.get("evaluations") == "first_and_last":
        parts.append("training only (evaluations before and after)")
    elif record.get("evaluations") == "every_epoch":
        parts.append("with train/test evaluations every epoch")
    if record.get("bytes_per_logged_step"):
        parts.append(f"{record['bytes_per_logged_step']:.1f} bytes/logged step")
    if record.get("spread") is not None and record.get("rounds", 1) > 1:
        parts.append(f"spread {record['spread'] * 100:.0f}%")
    return ", ".join(parts)


def full_suite_seconds(record):
    runs, total = record.get("runs"), record.get("runs_in_suite")
    if not runs or not total:
        return None
    wall = record["wall_seconds"]
    if runs == total:
        return wall
    if record["impl"] == "optbench":  # start-up (a dry run's wall time) + the rest × runs
        startup = min(record.get("import_seconds", 0), wall)
        return startup + (wall - startup) * total / runs
    fixed = record.get("import_seconds", 0) + record.get("compile_seconds", 0)
    pairs, compiled = record.get("pairs_in_suite"), record.get("pairs_compiled")
    compile_scale = pairs / compiled if pairs and compiled else total / runs
    return record.get("import_seconds", 0) + record.get("compile_seconds", 0) * compile_scale + (wall - fixed) * total / runs


def fmt_load(load):
    return "/".join(f"{x:.1f}" for x in load) if load else "?"


if __name__ == "__main__":
    main()
