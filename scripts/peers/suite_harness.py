"""Workload `suite`: an analytic suite (e.g. Suites/classic.yaml) run by an equivalent Python
harness, the one a competent JAX researcher would write: it reads the same YAML, expands the
same grid in the same order, runs the same problems (jax.numpy + jax.grad,
analytic_problems.py) with the optax optimizers (peer_optimizers.py), from the same starts
(optbench's random streams), logs the same rows (every `log_every` steps, the last and the
diverging one; parameters when dim ≤ params_limit) and writes optbench's HDF5 layout with h5py
(chunks of 4096 rows, shuffle + deflate 1).

One compilation per (problem instance, optimizer entry): the learning rate is injected as a
traced hyperparameter (optax.inject_hyperparams) and the start is an argument, so the runs of
a grid reuse it. Variants (`impl`):

  python-harness       a Python loop over the steps calling one jitted step, which writes its
                       row into a device buffer of the run's rows (donated, with the parameters
                       and state: updated in place; one transfer per run); divergence
                       is checked every 100 steps (one host sync), and rows after the diverging
                       step are dropped
  python-harness-scan  each run is one jitted lax.scan over all its steps returning every row
                       (runs to the budget; rows after divergence are dropped)
  python-harness-vmap  the scan vmapped over all runs of a (problem, optimizer entry) pair:
                       one call per pair

The scan variants cannot read a clock inside the scan: their `time_s` is a linear ramp over the
run's (or the pair's) wall time. Not supported (refused): network and stochastic problems,
precisions other than float64, optimizer hyperparameters other than lr, schedules, clipping.

    python scripts/peers/suite_harness.py Suites/classic.yaml -o /tmp/classic-py.h5 --subset 300
"""
from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import datetime  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import resource  # noqa: E402
import shlex  # noqa: E402
import socket  # noqa: E402
import sys  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

VARIANTS = ["python-harness", "python-harness-scan", "python-harness-vmap"]
DEFAULT_LR = {
    "sgd": 1e-3, "momentum": 1e-3, "nesterov": 1e-3, "adagrad": 1e-2, "rmsprop": 1e-2, "adam": 1e-3,
    "amsgrad": 1e-3, "adamw": 1e-3, "adamax": 2e-3, "nadam": 2e-3, "radam": 1e-3, "adadelta": 1.0, "lion": 1e-4,
}
CHECK_EVERY = 100


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    common.add_common_arguments(parser)
    parser.add_argument("suite", help="an analytic suite YAML (classic, quickstart)")
    parser.add_argument("-o", "--output", required=True, help="the HDF5 file to write")
    parser.add_argument("--impl", choices=VARIANTS, default="python-harness")
    parser.add_argument("--shard", default=None, help="K/N: only the runs whose index ≡ K−1 (mod N), as optbench")
    parser.add_argument("--subset", type=int, default=None,
                        help="about K runs: shard 1/ceil(runs/K) (the driver runs optbench on the same shard)")
    args = parser.parse_args()
    # One thread per library, not pinned: a suite is timed end to end, as a user runs it, and
    # optbench --jobs 1 also writes HDF5 on a thread of its own.
    common.configure_threads(args.threads, pin=False)

    import yaml
    with open(args.suite) as handle:
        text = handle.read()
    suite = yaml.safe_load(text)
    plan = Plan(suite)
    shard = args.shard
    if args.subset:
        shard = f"1/{max(1, math.ceil(len(plan.runs) / args.subset))}"
    selected = plan.runs
    if shard:
        k, n = (int(part) for part in shard.split("/"))
        selected = [run for run in plan.runs if run["index"] % n == k - 1]

    import jax
    jax.config.update("jax_enable_x64", True)
    import h5py
    import numpy as np

    imported = time.perf_counter()
    harness = Harness(args.impl, jax, np)
    writer = Writer(h5py, np, args.output, suite, text, plan.name)
    by_pair = itertools.groupby(selected, key=lambda run: (run["problem_index"], run["optimizer_index"]))
    statuses = {}
    logged_rows = 0
    for _, runs in by_pair:
        runs = list(runs)
        for run, result in zip(runs, harness.execute_pair(runs, plan)):
            writer.write(run, result, plan)
            statuses[result["status"]] = statuses.get(result["status"], 0) + 1
            logged_rows += len(result["step"])
    writer.close()
    finished = time.perf_counter()
    size = os.path.getsize(args.output)
    common.emit(
        "suite", args.impl, suite=plan.name, runs=len(selected), runs_in_suite=len(plan.runs), shard=shard,
        jobs=1, wall_seconds=finished - STARTED, runs_per_s=len(selected) / (finished - STARTED),
        import_seconds=imported - STARTED, compile_seconds=harness.compile_seconds,
        write_seconds=writer.seconds, pairs_compiled=harness.compilations,
        pairs_in_suite=len(plan.problems) * len(plan.optimizers),
        peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        bytes_per_logged_step=size / max(logged_rows, 1), logged_rows=logged_rows, statuses=statuses,
        wall_measured_by="in-process (from interpreter start of this module)")


class Plan:
    """The suite's runs in optbench's grid order: problems (their grids), optimizers (their
    grids), seeds."""

    def __init__(self, suite: dict):
        from analytic_problems import ProblemInstance
        self.name = suite["name"]
        allowed = {"name", "description", "seeds", "steps", "target", "log_every", "divergence", "params_limit",
                   "problems", "optimizers", "check"}
        unknown = set(suite) - allowed
        if unknown:
            raise SystemExit(f"suite_harness: keys {sorted(unknown)} are not supported by the Python harness")
        seeds = suite.get("seeds", 1)
        self.seeds = list(range(seeds)) if isinstance(seeds, int) else list(seeds)
        self.divergence = float(suite.get("divergence", 1e6))
        self.params_limit = int(suite.get("params_limit", 64))
        self.problems = []
        for entry in suite["problems"]:
            for combination in expand(entry.get("grid", {})):
                fixed = {k: v for k, v in entry.items() if k != "grid"}
                self.problems.append(ProblemInstance({**fixed, **combination}))
        self.optimizers = []
        for entry in suite["optimizers"]:
            extra = set(entry) - {"name", "lr", "grid"}
            if extra or set(entry.get("grid", {})) - {"lr"}:
                raise SystemExit(f"suite_harness: optimizer {entry['name']}: only lr (fixed or a grid) is supported")
            if entry["name"] not in DEFAULT_LR:
                raise SystemExit(f"suite_harness: unknown optimizer {entry['name']}")
            lrs = [entry.get("lr", DEFAULT_LR[entry["name"]])]
            if "grid" in entry:
                lrs = [c["lr"] for c in expand(entry["grid"])]
            self.optimizers.append((entry["name"], [float(lr) for lr in lrs]))
        self.runs = []
        for p_index, problem in enumerate(self.problems):
            steps = int(float(problem.entry.get("steps", suite.get("steps", 1000))))
            target = problem.entry.get("target", suite.get("target"))
            log_every = int(problem.entry.get("log_every", suite.get("log_every", 1)))
            for o_index, (name, lrs) in enumerate(self.optimizers):
                for lr in lrs:
                    for seed in self.seeds:
                        self.runs.append({
                            "index": len(self.runs), "problem_index": p_index, "optimizer_index": o_index,
                            "optimizer": name, "lr": lr, "seed": seed, "steps": steps, "log_every": log_every,
                            "target": None if target is None else float(target),
                        })


def expand(grid: dict) -> list[dict]:
    """Every combination of a grid's axes, the first axis outermost."""
    axes = []
    for key, values in grid.items():
        if isinstance(values, dict):
            (kind, (a, b, n)), = values.items()
            n = int(n)
            points = [a + (b - a) * i / (n - 1) if i < n - 1 else b for i in range(n)] if n > 1 else [a]
            values = [10.0 ** p for p in points] if kind == "logspace" else [float(p) for p in points]
        axes.append([(key, value) for value in values])
    return [dict(combination) for combination in itertools.product(*axes)] if axes else [{}]


class Harness:
    def __init__(self, impl: str, jax, np):
        import optax
        self.impl, self.jax, self.np, self.optax = impl, jax, np, optax
        self.jnp = jax.numpy
        self.compile_seconds = 0.0
        self.compilations = 0

    def transformation(self, name):
        from peer_optimizers import optax_optimizer
        optax = self.optax
        return optax.inject_hyperparams(lambda learning_rate: optax_optimizer(optax, name, learning_rate))(
            learning_rate=0.0)

    def execute_pair(self, runs, plan):
        """Results of the runs of one (problem instance, optimizer entry), in order."""
        jax, jnp, np = self.jax, self.jnp, self.np
        problem = plan.problems[runs[0]["problem_index"]]
        tx = self.transformation(runs[0]["optimizer"])
        value_and_grad = jax.value_and_grad(problem.function(jnp))

        def evaluate(params):
            loss, grads = value_and_grad(params)
            return loss, jnp.sqrt(jnp.sum(grads * grads)), grads

        def step(params, state):
            loss, norm, grads = evaluate(params)
            updates, state = tx.update(grads, state, params)
            return self.optax.apply_updates(params, updates), state, loss, norm

        def init(x0, lr):
            state = tx.init(x0)
            state.hyperparams["learning_rate"] = jnp.asarray(lr, dtype=jnp.float64)
            return state

        steps = runs[0]["steps"]
        if any(run["steps"] != steps for run in runs):
            raise SystemExit("suite_harness: one budget per problem instance")

        def whole(x0, lr):
            def body(carry, _):
                params, state = carry
                new, state, loss, norm = step(params, state)
                return (new, state), (loss, norm, params)
            (params, _), (losses, norms, points) = jax.lax.scan(body, (x0, init(x0, lr)), None, length=steps)
            loss, norm, _ = evaluate(params)
            return (jnp.append(losses, loss), jnp.append(norms, norm),
                    jnp.concatenate([points, params[None, :]]))

        starts = [problem.start(run["seed"]) for run in runs]
        results = []
        if self.impl == "python-harness-vmap":
            batched = jax.jit(jax.vmap(whole))
            x0s = jnp.asarray(np.stack(starts))
            lrs = jnp.asarray([run["lr"] for run in runs])
            began = time.perf_counter()
            compiled = batched.lower(x0s, lrs).compile()
            self.compile_seconds += time.perf_counter() - began
            self.compilations += 1
            began = time.perf_counter()
            losses, norms, points = jax.device_get(compiled(x0s, lrs))
            elapsed = time.perf_counter() - began
            for i, run in enumerate(runs):
                results.append(finish(np, run, plan, problem, losses[i], norms[i], points[i],
                                      np.linspace(0, elapsed, steps + 1), elapsed))
            return results
        if self.impl == "python-harness-scan":
            run_scan = jax.jit(whole)
            began = time.perf_counter()
            compiled = run_scan.lower(jnp.asarray(starts[0]), jnp.asarray(runs[0]["lr"])).compile()
            self.compile_seconds += time.perf_counter() - began
            self.compilations += 1
            for run, x0 in zip(runs, starts):
                began = time.perf_counter()
                losses, norms, points = jax.device_get(compiled(jnp.asarray(x0), jnp.asarray(run["lr"])))
                elapsed = time.perf_counter() - began
                results.append(finish(np, run, plan, problem, losses, norms, points,
                                      np.linspace(0, elapsed, steps + 1), elapsed))
            return results

        # Every step writes its row (loss, gradient norm, parameters) into a device buffer of
        # all the run's rows, donated with the parameters and the state so XLA updates them in
        # place: one transfer per run instead of one per value.
        columns = 2 + problem.dim

        def logged_step(params, state, rows, k):
            new, state, loss, norm = step(params, state)
            return new, state, rows.at[k].set(jnp.concatenate([jnp.stack([loss, norm]), params])), loss, norm

        def last_row(params, rows, k):
            loss, norm, _ = evaluate(params)
            return rows.at[k].set(jnp.concatenate([jnp.stack([loss, norm]), params])), loss

        jitted_step = jax.jit(logged_step, donate_argnums=(0, 1, 2))
        jitted_last = jax.jit(last_row, donate_argnums=(1,))
        jitted_init = jax.jit(init)
        began = time.perf_counter()
        x = jnp.asarray(starts[0])
        probe = jitted_step(x, jitted_init(x, runs[0]["lr"]), jnp.zeros((steps + 1, columns)), 0)
        jax.block_until_ready(jitted_last(probe[0], probe[2], steps))
        self.compile_seconds += time.perf_counter() - began
        self.compilations += 1
        perf_counter = time.perf_counter
        for run, x0 in zip(runs, starts):
            began = perf_counter()
            params = jnp.asarray(x0)
            state = jitted_init(params, run["lr"])
            rows = jnp.zeros((steps + 1, columns))
            stamps = []
            threshold = None
            computed = steps + 1
            for k in range(steps):
                params, state, rows, loss, norm = jitted_step(params, state, rows, k)
                stamps.append(perf_counter() - began)
                if k == 0:
                    threshold = plan.divergence * max(abs(float(loss)), 1.0)
                elif (k + 1) % CHECK_EVERY == 0:
                    last = float(loss)
                    if not math.isfinite(last) or abs(last) > threshold or not math.isfinite(float(norm)):
                        computed = k + 1
                        break
            else:
                rows, _ = jitted_last(params, rows, steps)
                stamps.append(perf_counter() - began)
            rows = np.asarray(rows)[:computed]
            elapsed = perf_counter() - began
            results.append(finish(np, run, plan, problem, rows[:, 0], rows[:, 1], rows[:, 2:],
                                  np.asarray(stamps), elapsed))
        return results


def finish(np, run, plan, problem, losses, norms, points, stamps, elapsed):
    """Status, summary and logged rows of a run from the loss and gradient norm of every step
    it computed (rows 0…k): optbench's rules for divergence, target and logging."""
    threshold = plan.divergence * max(abs(float(losses[0])), 1.0)
    bad = ~np.isfinite(losses) | ~np.isfinite(norms) | (np.abs(losses) > threshold)
    total = run["steps"]
    status, message, last = "completed", "", total
    if bad.any():
        last = int(np.argmax(bad))
        status = "diverged"
        value = losses[last]
        if not math.isfinite(value):
            message = f"non-finite loss ({value}) at step {last}"
        elif not math.isfinite(norms[last]):
            message = f"non-finite gradient at step {last}"
        else:
            message = f"|loss| {value} exceeds {plan.divergence} × max(|initial loss|, 1) = {threshold} at step {last}"
    losses, norms, points, stamps = losses[:last + 1], norms[:last + 1], points[:last + 1], stamps[:last + 1]
    finite = losses[np.isfinite(losses)]
    target = run["target"]
    reached = np.flatnonzero(np.isfinite(losses) & (losses <= target)) if target is not None else []
    steps = np.arange(last + 1)
    logged = (steps % run["log_every"] == 0) | (steps == last)
    return {
        "status": status, "message": message, "steps": last, "final_loss": float(losses[-1]),
        "best_loss": float(finite.min()) if finite.size else float("nan"),
        "steps_to_target": int(reached[0]) if len(reached) else -1, "wall_time_s": elapsed,
        "step": steps[logged], "loss": losses[logged], "grad_norm": norms[logged],
        "lr": np.full(int(logged.sum()), run["lr"]), "time_s": stamps[logged],
        "params": points[logged] if problem.dim <= plan.params_limit else None,
    }


class Writer:
    """optbench's layout v1 (docs/hdf5-layout.md), written straight into one file: no part
    files, fsync or final assembly (optbench does those for crash safety)."""

    def __init__(self, h5py, np, path, suite, text, name):
        self.np = np
        self.seconds = 0.0
        began = time.perf_counter()
        self.file = h5py.File(path, "w")
        attrs = self.file.attrs
        attrs["optbench_format"] = np.int64(1)
        attrs["optbench_version"] = "python-harness"
        attrs["created"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        attrs["suite_name"] = name
        attrs["suite"] = text
        attrs["command"] = " ".join(shlex.quote(a) for a in sys.argv)
        attrs["git_commit"] = "unknown"
        attrs["host"] = socket.gethostname()
        attrs["os"] = platform.platform()
        attrs["swift_version"] = "n/a"
        self.runs = self.file.create_group("runs")
        self.seconds += time.perf_counter() - began

    def write(self, run, result, plan):
        np = self.np
        began = time.perf_counter()
        problem = plan.problems[run["problem_index"]]
        lr_part = "" if run["lr"] == DEFAULT_LR[run["optimizer"]] else f"lr={run['lr']!r}"
        group = self.runs.create_group(f"{run['index']:06d}")
        a = group.attrs
        a["run_id"] = f"{problem.identity}/{run['optimizer']}({lr_part})/seed={run['seed']}"
        a["problem"] = problem.name
        a["problem_config"] = problem.config_json
        a["optimizer"] = run["optimizer"]
        a["optimizer_config"] = json.dumps({"name": run["optimizer"], "lr": run["lr"]}, separators=(",", ":"))
        a["seed"] = np.int64(run["seed"])
        a["status"] = result["status"]
        a["message"] = result["message"]
        a["steps"] = np.int64(result["steps"])
        a["final_loss"] = np.float64(result["final_loss"])
        a["best_loss"] = np.float64(result["best_loss"])
        a["steps_to_target"] = np.int64(result["steps_to_target"])
        a["wall_time_s"] = np.float64(result["wall_time_s"])
        a["config_hash"] = ""
        a["precision"] = "float64"
        a["budget_steps"] = np.int64(run["steps"])
        a["log_every"] = np.int64(run["log_every"])
        a["target"] = np.float64(run["target"] if run["target"] is not None else float("nan"))
        for name, dtype in (("step", np.int64), ("loss", np.float64), ("grad_norm", np.float64),
                            ("lr", np.float64), ("time_s", np.float64)):
            group.create_dataset(name, data=np.asarray(result[name], dtype=dtype), chunks=(4096,), maxshape=(None,),
                                 shuffle=True, compression="gzip", compression_opts=1)
        if result["params"] is not None:
            params = np.asarray(result["params"], dtype=np.float64)
            group.create_dataset("params", data=params, chunks=(4096, params.shape[1]),
                                 maxshape=(None, params.shape[1]), shuffle=True, compression="gzip",
                                 compression_opts=1)
        self.seconds += time.perf_counter() - began

    def close(self):
        began = time.perf_counter()
        self.file.close()
        self.seconds += time.perf_counter() - began


if __name__ == "__main__":
    main()
