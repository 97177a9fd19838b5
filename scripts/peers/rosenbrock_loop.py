"""Workload `rosenbrock`: Adam (lr 1e-3, torch defaults) on 2-D Rosenbrock from (−1.2, 1),
float64, the analytic run loop of optbench's `rosenbrock` benchmark.

impls:
  optax-jit-step     a Python loop calling one jitted step (value_and_grad + optax.adam update,
                     parameters and state donated); fewer steps (1e5), reported as steps/s
  optax-scan         the whole loop as one jitted lax.scan (jax_enable_x64), compile excluded
  optax-scan-logged  the scan also returns every step's row (loss, grad norm, parameters);
                     the rows are then written with h5py in optbench's layout (chunks of 4096
                     rows, shuffle + deflate 1): `logging: hdf5`, write included; and
                     without filters, as optbench's `compression: none`:
                     `logging: hdf5-uncompressed`
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

IMPLS = ["optax-jit-step", "optax-scan", "optax-scan-logged"]
LR = 1e-3
START = (-1.2, 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    common.add_common_arguments(parser)
    parser.add_argument("--impls", default=",".join(IMPLS))
    parser.add_argument("--steps", type=float, default=None, help="scan steps (default 1e6; --quick 2e5)")
    parser.add_argument("--step-loop-steps", type=float, default=None,
                        help="steps of the per-step jitted loop (default 1e5; --quick 2e4)")
    parser.add_argument("--no-checks", action="store_true")
    args = parser.parse_args()
    common.configure_threads(args.threads)
    steps = int(args.steps or (2e5 if args.quick else 1e6))
    loop_steps = int(args.step_loop_steps or (2e4 if args.quick else 1e5))
    repeats = args.repeats or 3
    impls = args.impls.split(",")

    import jax
    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp
    import numpy as np
    import optax

    def rosenbrock(x):
        return 100.0 * (x[1] - x[0] ** 2) ** 2 + (1.0 - x[0]) ** 2

    optimizer = optax.adam(LR)
    value_and_grad = jax.value_and_grad(rosenbrock)

    def fresh():
        params = jnp.asarray(START, dtype=jnp.float64)
        return params, optimizer.init(params)

    def update(params, state):
        loss, grads = value_and_grad(params)
        updates, state = optimizer.update(grads, state, params)
        return optax.apply_updates(params, updates), state, loss

    if not args.no_checks:
        checks(jax, jnp, np, optax, update, fresh, rosenbrock)

    if "optax-jit-step" in impls:
        step = jax.jit(update, donate_argnums=(0, 1))
        params, state = fresh()
        params, state, _ = step(params, state)  # compile
        jax.block_until_ready(params)

        def loop():
            p, s = fresh()
            for _ in range(loop_steps):
                p, s, _ = step(p, s)
            jax.block_until_ready(p)
        seconds = common.median_seconds(loop, repeats, warmup=0)
        common.emit("rosenbrock", "optax-jit-step", steps=loop_steps, logging="none", precision="float64",
                    steps_per_s=loop_steps / seconds, seconds=seconds)

    if "optax-scan" in impls:
        def whole(params, state):
            def body(carry, _):
                p, s = carry
                p, s, _ = update(p, s)
                return (p, s), None
            (params, state), _ = jax.lax.scan(body, (params, state), None, length=steps)
            return params, state
        run = jax.jit(whole, donate_argnums=(0, 1))
        jax.block_until_ready(run(*fresh()))  # compile

        def scan():
            jax.block_until_ready(run(*fresh()))
        seconds = common.median_seconds(scan, repeats, warmup=0)
        common.emit("rosenbrock", "optax-scan", steps=steps, logging="none", precision="float64",
                    steps_per_s=steps / seconds, seconds=seconds)

    if "optax-scan-logged" in impls:
        import h5py

        def logged(params, state):
            def body(carry, _):
                p, s = carry
                loss, grads = value_and_grad(p)
                updates, s = optimizer.update(grads, s, p)
                row = (loss, jnp.sqrt(jnp.sum(grads * grads)), p)
                return (optax.apply_updates(p, updates), s), row
            (params, state), rows = jax.lax.scan(body, (params, state), None, length=steps)
            loss, grads = value_and_grad(params)  # the final row, after the last update
            last = (loss, jnp.sqrt(jnp.sum(grads * grads)), params)
            return rows, last
        run = jax.jit(logged)  # no donation: no output has the inputs' shapes to reuse them
        jax.block_until_ready(run(*fresh()))  # compile
        directory = tempfile.mkdtemp(prefix="optbench-peers-")
        path = os.path.join(directory, "rosenbrock.h5")

        for logging, compressed in (("hdf5", True), ("hdf5-uncompressed", False)):
            def scan_and_write():
                started = time.perf_counter()
                rows, last = jax.device_get(run(*fresh()))
                loss = np.append(rows[0], last[0])
                grad_norm = np.append(rows[1], last[1])
                params = np.vstack([rows[2], last[2][None, :]])
                elapsed = time.perf_counter() - started
                write_run(h5py, np, path, loss, grad_norm, params, elapsed, compressed)
            seconds = common.median_seconds(scan_and_write, repeats, warmup=0)
            size = os.path.getsize(path)
            os.remove(path)
            common.emit("rosenbrock", "optax-scan-logged", steps=steps, logging=logging, precision="float64",
                        steps_per_s=steps / seconds, seconds=seconds, bytes_per_logged_step=size / (steps + 1))
        os.rmdir(directory)


def write_run(h5py, np, path, loss, grad_norm, params, elapsed, compressed=True):
    """One run in optbench's layout: 1-D step/loss/grad_norm/lr/time_s and params (n, 2), each
    chunked by 4096 rows, extendable, shuffle + deflate 1 (no filters unless `compressed`). A
    scan cannot read a clock per step, so time_s is the linear ramp from 0 to the scan's wall
    time."""
    filters = dict(shuffle=True, compression="gzip", compression_opts=1) if compressed else {}
    rows = loss.shape[0]
    with h5py.File(path, "w") as f:
        f.attrs["optbench_format"] = np.int64(1)
        run = f.create_group("runs").create_group("000000")
        columns = {
            "step": np.arange(rows, dtype=np.int64), "loss": loss, "grad_norm": grad_norm,
            "lr": np.full(rows, LR), "time_s": np.linspace(elapsed / rows, elapsed, rows),
        }
        for name, values in columns.items():
            run.create_dataset(name, data=values, chunks=(4096,), maxshape=(None,), **filters)
        run.create_dataset("params", data=params, chunks=(4096, 2), maxshape=(None, 2), **filters)
        run.attrs["status"] = "completed"
        run.attrs["steps"] = np.int64(rows - 1)
        run.attrs["final_loss"] = float(loss[-1])


def checks(jax, jnp, np, optax, update, fresh, rosenbrock):
    """Adam's first step from (−1.2, 1) equals the hand formula x − lr·g/(|g| + eps) (after one
    step m̂ = g and v̂ = g²); torch.optim.Adam agrees; a jitted step loop and a scan agree."""
    x = np.array(START)
    g = np.array([-400 * x[0] * (x[1] - x[0] ** 2) - 2 * (1 - x[0]), 200 * (x[1] - x[0] ** 2)])
    hand = x - LR * g / (np.abs(g) + 1e-8)
    params, state = fresh()
    params, state, loss = update(params, state)
    error = float(np.max(np.abs(np.asarray(params) - hand)))
    common.check("rosenbrock: optax adam first step = hand formula", error <= 1e-15, max_abs_error=error,
                 gradient=g.tolist(), loss0=float(loss))
    try:
        import torch
        common.configure_torch(torch)
        p = torch.nn.Parameter(torch.tensor(START, dtype=torch.float64))
        opt = torch.optim.Adam([p], lr=LR)
        value = rosenbrock(p)
        value.backward()
        opt.step()
        torch_error = float(np.max(np.abs(p.detach().numpy() - hand)))
        common.check("rosenbrock: torch adam first step = hand formula", torch_error <= 1e-15,
                     max_abs_error=torch_error)
    except ImportError:
        pass
    step = jax.jit(update)
    p, s = fresh()
    for _ in range(1000):
        p, s, _ = step(p, s)

    def body(carry, _):
        q, t = carry
        q, t, _ = update(q, t)
        return (q, t), None
    (q, _), _ = jax.jit(lambda q, t: jax.lax.scan(body, (q, t), None, length=1000))(*fresh())
    difference = float(np.max(np.abs(np.asarray(p) - np.asarray(q))))
    common.check("rosenbrock: 1000 jitted steps = 1000-step scan", difference <= 1e-12, max_abs_difference=difference,
                 x1000=np.asarray(p).tolist())


if __name__ == "__main__":
    main()
