"""Workloads `step` and `stream`: one optimizer step on N parameters with a fixed gradient.

impls: torch-foreach, torch-fused (Adam, AdamW, SGD and its presets, Adagrad), torch-forloop
(optional), optax-jit (jit with the parameters and state donated), numpy (in-place ufuncs with
out=, Adam and momentum). `stream` rows are NumPy's copy (np.copyto) and triad
(a = b + s·c as two ufuncs with out=) for reference; optbench-bench step measures the real
STREAM-like figure in the same process as its optimizer steps.

    python scripts/peers/optimizer_step.py --optimizers adam,momentum --sizes 1e5,1e7 \
        --precisions float32 --impls torch-fused,optax-jit
"""
from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from peer_optimizers import (OPTIMIZERS, STATE_ARRAYS, STEP_LEARNING_RATES, TORCH_FUSED,  # noqa: E402
                             has_torch, optax_optimizer, torch_optimizer)

IMPLS = ["torch-foreach", "torch-fused", "torch-forloop", "optax-jit", "numpy"]
DEFAULT_IMPLS = ["torch-foreach", "torch-fused", "optax-jit", "numpy"]
NUMPY_OPTIMIZERS = {"adam", "momentum"}


def steps_per_repeat(n: int, size: int) -> int:
    """Enough steps for ~0.1 s of Adam-sized traffic at ~10 GB/s (as optbench-bench step)."""
    return max(3, min(2000, 1_000_000_000 // (7 * n * size)))


def parse_sizes(text: str) -> list[int]:
    return [int(float(item)) for item in text.split(",") if item]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    common.add_common_arguments(parser)
    parser.add_argument("--optimizers", default="adam,momentum",
                        help=f"comma-separated, or 'all' ({','.join(OPTIMIZERS)})")
    parser.add_argument("--sizes", default="1e5,1e6,1e7")
    parser.add_argument("--precisions", default="float32,float64")
    parser.add_argument("--impls", default=",".join(DEFAULT_IMPLS), help=f"comma-separated of {','.join(IMPLS)}")
    parser.add_argument("--no-stream", action="store_true", help="skip the NumPy copy/triad rows")
    args = parser.parse_args()
    common.configure_threads(args.threads)

    optimizers = OPTIMIZERS if args.optimizers == "all" else args.optimizers.split(",")
    for name in optimizers:
        if name not in STATE_ARRAYS:
            parser.error(f"unknown optimizer {name!r}; expected one of {', '.join(OPTIMIZERS)}")
    impls = args.impls.split(",")
    for impl in impls:
        if impl not in IMPLS:
            parser.error(f"unknown impl {impl!r}; expected one of {', '.join(IMPLS)}")
    repeats = args.repeats or (3 if args.quick else 5)

    import numpy as np
    peers = Peers(impls)
    for precision in args.precisions.split(","):
        dtype = {"float32": np.float32, "float64": np.float64}[precision]
        for n in parse_sizes(args.sizes):
            size = np.dtype(dtype).itemsize
            steps = steps_per_repeat(n, size)
            rng = np.random.default_rng(42)
            start = rng.uniform(-1, 1, n).astype(dtype)
            gradient = rng.uniform(-1, 1, n).astype(dtype)
            if not args.no_stream:
                stream(np, start, gradient, precision, steps, repeats)
            for name in optimizers:
                for impl in impls:
                    seconds, extra = peers.measure(impl, name, start, gradient, steps, repeats)
                    if seconds is None:
                        continue
                    traffic = (3 + 2 * STATE_ARRAYS[name]) * n * size
                    common.emit("step", impl, optimizer=name, n=n, precision=precision,
                                seconds_per_step=seconds, params_per_s=n / seconds,
                                bytes_per_step=traffic, gb_per_s=traffic / seconds / 1e9, **extra)


def stream(np, b, c, precision, steps, repeats):
    a = np.empty_like(b)
    size = b.dtype.itemsize
    n = b.size
    copy = common.median_seconds(lambda: [np.copyto(a, b) for _ in range(steps)], repeats) / steps
    scalar = b.dtype.type(3)

    def triad():
        for _ in range(steps):
            np.multiply(c, scalar, out=a)
            np.add(a, b, out=a)
    seconds = common.median_seconds(triad, repeats) / steps
    common.emit("stream", "numpy", kernel="copy", n=n, precision=precision, seconds_per_step=copy,
                gb_per_s=2 * n * size / copy / 1e9)
    common.emit("stream", "numpy", kernel="triad", n=n, precision=precision, seconds_per_step=seconds,
                gb_per_s=3 * n * size / seconds / 1e9, note="two ufuncs (multiply, add) with out=")


class Peers:
    """Imports each peer library once, on first use."""

    def __init__(self, impls):
        self.impls = impls
        self._torch = None
        self._jax = None

    @property
    def torch(self):
        if self._torch is None:
            import torch
            common.configure_torch(torch)
            self._torch = torch
        return self._torch

    @property
    def jax(self):
        if self._jax is None:
            import jax
            jax.config.update("jax_enable_x64", True)  # float64 runs; float32 arrays stay float32
            import optax
            self._jax = (jax, jax.numpy, optax)
        return self._jax

    def measure(self, impl, name, start, gradient, steps, repeats):
        """(seconds per step, extra fields) or (None, None) when the peer lacks the optimizer."""
        if impl.startswith("torch-"):
            kind = impl.removeprefix("torch-")
            if not has_torch(name) or (kind == "fused" and name not in TORCH_FUSED):
                return None, None
            return self.torch_step(kind, name, start, gradient, steps, repeats)
        if impl == "optax-jit":
            return self.optax_step(name, start, gradient, steps, repeats)
        if impl == "numpy":
            if name not in NUMPY_OPTIMIZERS:
                return None, None
            return numpy_step(name, start, gradient, steps, repeats)
        raise KeyError(impl)

    def torch_step(self, kind, name, start, gradient, steps, repeats):
        torch = self.torch
        parameter = torch.nn.Parameter(torch.from_numpy(start.copy()))
        parameter.grad = torch.from_numpy(gradient.copy())
        optimizer = torch_optimizer(torch, name, [parameter], STEP_LEARNING_RATES[name], kind)

        def run():
            for _ in range(steps):
                optimizer.step()
        seconds = common.median_seconds(run, repeats) / steps
        kept = bool(torch.equal(parameter.grad, torch.from_numpy(gradient)))
        return seconds, {"gradient_kept": kept}

    def optax_step(self, name, start, gradient, steps, repeats):
        jax, jnp, optax = self.jax
        optimizer = optax_optimizer(optax, name, STEP_LEARNING_RATES[name])

        def update(params, state, grads):
            updates, state = optimizer.update(grads, state, params)
            return optax.apply_updates(params, updates), state
        step = jax.jit(update, donate_argnums=(0, 1))
        params = jnp.asarray(start)
        grads = jnp.asarray(gradient)
        state = optimizer.init(params)
        first = params
        params, state = step(params, state, grads)  # compiles
        donated = first.is_deleted()
        jax.block_until_ready(params)
        holder = [params, state]

        def run():
            p, s = holder
            for _ in range(steps):
                p, s = step(p, s, grads)
            jax.block_until_ready(p)
            holder[:] = [p, s]
        seconds = common.median_seconds(run, repeats) / steps
        dtype_kept = holder[0].dtype == start.dtype
        return seconds, {"donated": bool(donated), "dtype_kept": bool(dtype_kept)}


def numpy_step(name, start, gradient, steps, repeats):
    """In-place NumPy: every operation writes into an existing array (out=), one scratch array."""
    import numpy as np
    p = start.copy()
    g = gradient
    t = np.empty_like(p)
    dtype = p.dtype.type
    if name == "momentum":
        lr, mu = dtype(0.01), dtype(0.9)
        b = g.copy()  # torch's first step: the buffer starts as the gradient

        def one():
            np.multiply(b, mu, out=b)
            np.add(b, g, out=b)
            np.multiply(b, lr, out=t)
            np.subtract(p, t, out=p)
    else:  # adam
        lr, b1, b2, eps = 1e-3, 0.9, 0.999, 1e-8
        m = np.zeros_like(p)
        v = np.zeros_like(p)
        count = [0]

        def one():
            count[0] += 1
            k = count[0]
            correction1 = 1 - b1 ** k
            correction2 = 1 - b2 ** k
            np.multiply(m, dtype(b1), out=m)
            np.multiply(g, dtype(1 - b1), out=t)
            np.add(m, t, out=m)
            np.multiply(v, dtype(b2), out=v)
            np.multiply(g, g, out=t)
            np.multiply(t, dtype(1 - b2), out=t)
            np.add(v, t, out=v)
            np.sqrt(v, out=t)
            np.multiply(t, dtype(1 / correction2 ** 0.5), out=t)
            np.add(t, dtype(eps), out=t)
            np.divide(m, t, out=t)
            np.multiply(t, dtype(lr / correction1), out=t)
            np.subtract(p, t, out=p)

    def run():
        for _ in range(steps):
            one()
    return common.median_seconds(run, repeats) / steps, {}


if __name__ == "__main__":
    main()
