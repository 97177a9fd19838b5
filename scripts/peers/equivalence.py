"""Checks that the Python suite harness ran the same suite as optbench: the same run indices and
ids, the same start points (row 0 of `params`), and how closely the final losses agree per
optimizer (they agree to rounding where optax's rule is torch's; see peer_optimizers.py).

    python scripts/peers/equivalence.py OPTBENCH.h5 PYTHON.h5
"""
from __future__ import annotations

import json
import sys


def compare(optbench_path: str, python_path: str) -> dict:
    import h5py
    import numpy as np
    with h5py.File(optbench_path, "r") as a, h5py.File(python_path, "r") as b:
        names_a, names_b = sorted(a["runs"]), sorted(b["runs"])
        common_names = sorted(set(names_a) & set(names_b))
        same_ids = sum(a["runs"][k].attrs["run_id"] == b["runs"][k].attrs["run_id"] for k in common_names)
        same_starts = 0
        per_optimizer: dict[str, list[float]] = {}
        same_status = 0
        for k in common_names:
            ra, rb = a["runs"][k], b["runs"][k]
            if "params" in ra and "params" in rb and np.allclose(ra["params"][0], rb["params"][0], rtol=0, atol=1e-15):
                same_starts += 1
            same_status += ra.attrs["status"] == rb.attrs["status"]
            fa, fb = float(ra.attrs["final_loss"]), float(rb.attrs["final_loss"])
            if ra.attrs["status"] == rb.attrs["status"] == "completed":
                difference = abs(fa - fb) / max(abs(fa), abs(fb), 1e-12)
                per_optimizer.setdefault(str(ra.attrs["optimizer"]), []).append(difference)
        agreement = {
            name: {"runs": len(values), "median_relative_difference": float(np.median(values)),
                   "within_1e-6": float(np.mean(np.asarray(values) <= 1e-6))}
            for name, values in sorted(per_optimizer.items())
        }
    return {
        "runs_optbench": len(names_a), "runs_python": len(names_b), "same_indices": names_a == names_b,
        "same_run_ids": int(same_ids), "same_starts": int(same_starts), "same_status": int(same_status),
        "final_loss_agreement": agreement,
    }


if __name__ == "__main__":
    print(json.dumps(compare(sys.argv[1], sys.argv[2]), indent=1))
