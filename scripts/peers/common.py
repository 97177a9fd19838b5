"""Shared plumbing of the peer workloads: threads, JSON lines, timing, versions.

Every workload module prints one JSON object per measurement on its own line, `workload` and
`impl` first, in the format the optbench benchmark executable prints with `--json` (see
docs/performance.md, "Peers, side by side"). Call `configure_threads` before importing torch
or jax: the thread settings of both are read from the environment at import.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time

# XLA's CPU backend: no Eigen thread pool for its kernels. (`intra_op_parallelism_threads=1`,
# often quoted with it, is a TensorFlow session option, not an XLA flag.)
XLA_SINGLE_THREAD_FLAGS = "--xla_cpu_multi_thread_eigen=false"

_THREADS = "1"


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--threads", choices=["1", "default"], default="1",
                        help="1 (default): peers run single-threaded, as every optbench run is; "
                             "default: the libraries' own thread pools")
    parser.add_argument("--repeats", type=int, default=None,
                        help="timed repetitions inside this process (the median is reported)")
    parser.add_argument("--quick", action="store_true", help="smaller workloads for a smoke run")


_PINNED = [None]


def configure_threads(mode: str, pin: bool = True) -> None:
    """Mode "1": the math libraries get one thread each, set before torch or jax is imported,
    and (with `pin`) the process is confined to the CPU it runs on. The pinning matters for
    JAX, whose CPU client runs the computations on a thread of its own while Python dispatches
    the next (asynchronous dispatch): two busy threads without it. Threads started later
    inherit the affinity."""
    global _THREADS
    _THREADS = mode
    if mode != "1":
        return
    if pin and hasattr(os, "sched_setaffinity"):
        cpu = current_cpu()
        if cpu is not None:
            os.sched_setaffinity(0, {cpu})
            _PINNED[0] = cpu
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
        os.environ[name] = "1"
    flags = os.environ.get("XLA_FLAGS", "")
    if "xla_cpu_multi_thread_eigen" not in flags:
        os.environ["XLA_FLAGS"] = (flags + " " + XLA_SINGLE_THREAD_FLAGS).strip()


def current_cpu():
    """The CPU this process last ran on (field 39 of /proc/self/stat), or None."""
    try:
        with open("/proc/self/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return int(fields[36])
    except (OSError, IndexError, ValueError):
        return None


def configure_torch(torch) -> None:
    if _THREADS == "1":
        torch.set_num_threads(1)
        try:
            torch.set_num_interop_threads(1)
        except RuntimeError:  # already set, or parallel work has started
            pass


def threads_mode() -> str:
    return _THREADS


def emit(workload: str, impl: str, **fields) -> None:
    """Prints one measurement as a JSON line (non-finite numbers become null)."""
    record = {"workload": workload, "impl": impl}
    for key, value in fields.items():
        if isinstance(value, float) and not (value == value and abs(value) != float("inf")):
            value = None
        elif hasattr(value, "item"):  # NumPy scalar
            value = value.item()
        record[key] = value
    record.setdefault("threads", _THREADS)
    if _PINNED[0] is not None:
        record.setdefault("pinned_cpu", _PINNED[0])
    if workload != "check" and _CPU_PER_WALL[0] is not None:
        record.setdefault("cpu_per_wall", round(_CPU_PER_WALL[0], 3))
        _CPU_PER_WALL[0] = None
    print(json.dumps(record), flush=True)


def check(name: str, passed: bool, **details) -> bool:
    """A correctness sanity check, printed as a JSON line with workload "check"."""
    emit("check", "peers", check=name, passed=bool(passed), **details)
    return passed


def note(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


_CPU_PER_WALL = [None]


def median_seconds(body, repeats: int, warmup: int = 1) -> float:
    """Median wall seconds of `body()` over `repeats` calls after `warmup` untimed calls.

    Also keeps the process's CPU seconds (all threads) per wall second over the timed calls,
    which `emit` adds to the next measurement as `cpu_per_wall`: about 1 for one busy thread,
    more when a library ran threads of its own (less when the machine is oversubscribed)."""
    for _ in range(warmup):
        body()
    times = []
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    for _ in range(repeats):
        start = time.perf_counter()
        body()
        times.append(time.perf_counter() - start)
    _CPU_PER_WALL[0] = (time.process_time() - cpu_start) / max(time.perf_counter() - wall_start, 1e-9)
    return statistics.median(times)


def versions() -> dict:
    """Versions of Python and of each peer library that imports, plus the CPU."""
    found = {"python": platform.python_version()}
    for module in ("numpy", "torch", "jax", "jaxlib", "optax", "h5py", "yaml"):
        try:
            imported = __import__(module)
            found[module] = getattr(imported, "__version__", "?")
        except Exception:  # noqa: BLE001 - a missing peer is reported, not fatal
            found[module] = None
    found["cpu"] = cpu_model()
    found["cores"] = os.cpu_count()
    return found


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def repository_root() -> str:
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


if __name__ == "__main__":
    print(json.dumps(versions()))
