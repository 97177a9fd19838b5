#!/usr/bin/env python3
"""Reference trajectories from PyTorch's torch.optim for optbench's unit tests.

Runs every case in CASES on one fixed problem, in float64 on the CPU, and
writes optimizer_reference.json next to this script (see README.md).

Protocol (the Swift tests reproduce it exactly):
  * parameters x: a float64 vector of 3 elements, x0 = [1.0, -2.0, 3.0];
  * objective f(x) = 0.5 * sum_i h_i * (x_i - c_i)^2, h = [1, 10, 100],
    c = [0.5, 0.25, -1.0];
  * each step: g = h * (x - c) in float64, in exactly that order, assigned to
    p.grad by hand (no autograd); for clip cases then clip_grad_norm_ or
    clip_grad_value_ on [p]; then optimizer.step();
  * 25 steps; x is recorded after every step (repr-exact floats).

Hyperparameters are stored under OUR key names (beta1/beta2 rather than
torch's betas tuple); to_torch_kwargs() does the mapping. Only the keys given
in a case are passed, so everything else is torch's default for that class.
The single-tensor (for-loop) implementation is forced with foreach=False,
which is also what torch picks on the CPU.

Usage: python optimizer_reference.py [OUTPUT_PATH]
"""

import inspect
import json
import math
import os
import platform
import sys

import torch

try:
    import numpy
    NUMPY_VERSION = numpy.__version__
except ImportError:  # numpy is optional; torch only warns without it
    NUMPY_VERSION = None

DTYPE = torch.float64
# Scalar optimizer state (the step count, NAdam's mu_product) is created in torch's *default*
# dtype, float32 unless changed; NAdam's float32 mu_product alone moves the trajectory by
# ~1e-10. A float64 reference needs float64 throughout.
torch.set_default_dtype(DTYPE)
X0 = [1.0, -2.0, 3.0]
H = [1.0, 10.0, 100.0]
C = [0.5, 0.25, -1.0]
STEPS = 25

# Our catalog name -> torch.optim class.
TORCH_CLASSES = {
    "sgd": torch.optim.SGD,
    "adagrad": torch.optim.Adagrad,
    "rmsprop": torch.optim.RMSprop,
    "adam": torch.optim.Adam,
    "adamw": torch.optim.AdamW,
    "adamax": torch.optim.Adamax,
    "nadam": torch.optim.NAdam,
    "radam": torch.optim.RAdam,
    "adadelta": torch.optim.Adadelta,
}


def accepts(cls, keyword):
    return keyword in inspect.signature(cls.__init__).parameters


# (id, optimizer, hyperparameters in our keys, clip) — clip is None,
# {"max_norm": m} (clip_grad_norm_) or {"value": v} (clip_grad_value_).
CASES = [
    ("sgd", "sgd", {"lr": 0.01}, None),
    ("sgd-momentum", "sgd", {"lr": 0.01, "momentum": 0.9}, None),
    ("sgd-momentum-dampening", "sgd", {"lr": 0.01, "momentum": 0.9, "dampening": 0.5}, None),
    ("sgd-momentum-nesterov", "sgd", {"lr": 0.01, "momentum": 0.9, "nesterov": True}, None),
    ("sgd-momentum-weight-decay", "sgd", {"lr": 0.01, "momentum": 0.9, "weight_decay": 0.1}, None),
    ("adagrad", "adagrad", {"lr": 0.1}, None),
    ("adagrad-lr-decay-weight-decay-accumulator", "adagrad",
     {"lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.05,
      "initial_accumulator_value": 0.1, "eps": 1e-10}, None),
    ("rmsprop", "rmsprop", {"lr": 0.01}, None),
    ("rmsprop-alpha-momentum", "rmsprop", {"lr": 0.01, "alpha": 0.9, "momentum": 0.5}, None),
    ("rmsprop-centered", "rmsprop", {"lr": 0.01, "centered": True}, None),
    ("rmsprop-centered-momentum-weight-decay", "rmsprop",
     {"lr": 0.01, "centered": True, "momentum": 0.9, "weight_decay": 0.01}, None),
    ("adam", "adam", {"lr": 0.01}, None),
    ("adam-betas-eps-weight-decay", "adam",
     {"lr": 0.01, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6, "weight_decay": 0.1}, None),
    # On this problem the AMSGrad maximum never binds within 25 steps at
    # lr=0.01, beta2=0.999 (v_t only grows), so "adam-amsgrad" equals "adam"
    # bit for bit and "adamw-weight-decay-amsgrad" equals the same run
    # without amsgrad. The two "-amsgrad-binding" cases (not in the original
    # list) use lr=0.1, beta2=0.9, where the maximum binds from step 4 on;
    # main() checks both facts.
    ("adam-amsgrad", "adam", {"lr": 0.01, "amsgrad": True}, None),
    ("adam-amsgrad-binding", "adam", {"lr": 0.1, "beta2": 0.9, "amsgrad": True}, None),
    ("adamw", "adamw", {"lr": 0.01}, None),
    ("adamw-weight-decay-amsgrad", "adamw", {"lr": 0.01, "weight_decay": 0.1, "amsgrad": True}, None),
    ("adamw-amsgrad-binding", "adamw",
     {"lr": 0.1, "beta2": 0.9, "weight_decay": 0.1, "amsgrad": True}, None),
    ("adamax", "adamax", {"lr": 0.01}, None),
    ("adamax-weight-decay", "adamax", {"lr": 0.01, "weight_decay": 0.05}, None),
    ("nadam", "nadam", {"lr": 0.01}, None),
    ("nadam-momentum-decay-weight-decay", "nadam",
     {"lr": 0.01, "momentum_decay": 0.01, "weight_decay": 0.05}, None),
]
if accepts(torch.optim.NAdam, "decoupled_weight_decay"):
    CASES.append(("nadam-decoupled-weight-decay", "nadam",
                  {"lr": 0.01, "weight_decay": 0.05, "decoupled_weight_decay": True}, None))
CASES += [
    # beta2 = 0.999: rho_t = rho_inf - 2 t beta2^t / (1 - beta2^t) is roughly t
    # for small t, so steps 1-5 take the un-rectified branch (rho_t <= 5) and
    # the rectified branch is reached from step 6 on (checked in main()).
    ("radam", "radam", {"lr": 0.01}, None),
    # beta2 = 0.9: rho_inf = 19; rho_t exceeds 5 from step 6 on, so steps 1-5
    # are un-rectified and steps 6-25 rectified (checked in main()).
    ("radam-rectified", "radam", {"lr": 0.01, "beta2": 0.9}, None),
    ("radam-weight-decay", "radam", {"lr": 0.01, "weight_decay": 0.05}, None),
]
if accepts(torch.optim.RAdam, "decoupled_weight_decay"):
    CASES.append(("radam-decoupled-weight-decay", "radam",
                  {"lr": 0.01, "beta2": 0.9, "weight_decay": 0.05,
                   "decoupled_weight_decay": True}, None))
CASES += [
    ("adadelta", "adadelta", {}, None),
    ("adadelta-rho-eps-weight-decay", "adadelta",
     {"lr": 0.5, "rho": 0.8, "eps": 1e-5, "weight_decay": 0.05}, None),
    # clip_grad_norm_ (torch 2.15): norm = torch.linalg.vector_norm(g), which
    # on the CPU for these 3 elements equals sqrt of the fused multiply-add
    # chain s = fma(g0, g0, 0); s = fma(g1, g1, s); s = fma(g2, g2, s)
    # (a plain sqrt(g0*g0 + g1*g1 + g2*g2) differs in the last bit in 5 of
    # the 25 steps); then g *= min(max_norm / (norm + 1e-6), 1.0).
    ("sgd-momentum-clip-norm", "sgd", {"lr": 0.01, "momentum": 0.9}, {"max_norm": 1.0}),
    ("sgd-momentum-clip-value", "sgd", {"lr": 0.01, "momentum": 0.9}, {"value": 0.5}),
]


def json_safe(value):
    """A constructor default as a JSON value (tuples -> lists, tensors -> numbers)."""
    if isinstance(value, torch.Tensor):
        return value.item()
    if isinstance(value, (tuple, list)):
        return [json_safe(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return repr(value)


def torch_defaults(cls):
    """Constructor defaults as torch reports them, betas split into beta1/beta2."""
    defaults = {}
    keywords = []
    required = []
    for name, param in inspect.signature(cls.__init__).parameters.items():
        if name in ("self", "params") or param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        keywords.append(name)
        if param.default is inspect.Parameter.empty:
            required.append(name)
        elif name == "betas":
            defaults["beta1"], defaults["beta2"] = (json_safe(b) for b in param.default)
        else:
            defaults[name] = json_safe(param.default)
    return {"defaults": defaults, "keyword_arguments": keywords, "required": required}


def to_torch_kwargs(cls, hyperparameters):
    kwargs = dict(hyperparameters)
    if "beta1" in kwargs or "beta2" in kwargs:
        default1, default2 = inspect.signature(cls.__init__).parameters["betas"].default
        kwargs["betas"] = (kwargs.pop("beta1", default1), kwargs.pop("beta2", default2))
    if accepts(cls, "foreach"):
        kwargs["foreach"] = False
    return kwargs


def run_case(optimizer, hyperparameters, clip):
    cls = TORCH_CLASSES[optimizer]
    h = torch.tensor(H, dtype=DTYPE)
    c = torch.tensor(C, dtype=DTYPE)
    p = torch.tensor(X0, dtype=DTYPE, requires_grad=True)
    opt = cls([p], **to_torch_kwargs(cls, hyperparameters))
    trajectory = []
    for _ in range(STEPS):
        with torch.no_grad():
            p.grad = h * (p.detach() - c)
        if clip is not None and "max_norm" in clip:
            torch.nn.utils.clip_grad_norm_([p], max_norm=clip["max_norm"])
        elif clip is not None:
            torch.nn.utils.clip_grad_value_([p], clip_value=clip["value"])
        opt.step()
        row = p.detach().tolist()
        assert all(isinstance(v, float) and math.isfinite(v) for v in row), row
        trajectory.append(row)
    return trajectory


def first_rectified_step(beta2):
    """First step t with rho_t > 5, computed exactly as torch's _single_tensor_radam."""
    rho_inf = 2 / (1 - beta2) - 1
    for step in range(1, STEPS + 1):
        bias_correction2 = 1 - beta2**step
        rho_t = rho_inf - 2 * step * (beta2**step) / bias_correction2
        if rho_t > 5.0:
            return step
    return None


def main():
    torch.set_num_threads(1)
    # Last-bit results depend on torch's CPU kernel: the vectorized kernels
    # (AVX2, AVX512) fuse add(..., alpha=a) into one fma, the scalar "default"
    # one does not (differences up to ~2e-15 here).
    print(f"torch {torch.__version__}, CPU capability {torch.backends.cpu.get_cpu_capability()}")
    here = os.path.dirname(os.path.abspath(__file__))
    out_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "optimizer_reference.json")

    # Both RAdam branches must be exercised within the 25 steps.
    for beta2 in (0.999, 0.9):
        t = first_rectified_step(beta2)
        assert t is not None and 1 < t <= STEPS, (beta2, t)
        print(f"RAdam beta2={beta2}: steps 1-{t - 1} un-rectified, {t}-{STEPS} rectified")

    ids = [case[0] for case in CASES]
    assert len(ids) == len(set(ids)), "case ids must be unique"

    cases = []
    for case_id, optimizer, hyperparameters, clip in CASES:
        cases.append({
            "id": case_id,
            "optimizer": optimizer,
            "hyperparameters": hyperparameters,
            "clip": clip,
            "trajectory": run_case(optimizer, hyperparameters, clip),
        })

    # Whether the AMSGrad maximum binds (see the comment in CASES).
    for case in cases:
        if case["hyperparameters"].get("amsgrad"):
            plain = dict(case["hyperparameters"], amsgrad=False)
            same = run_case(case["optimizer"], plain, case["clip"]) == case["trajectory"]
            assert same != case["id"].endswith("-binding"), case["id"]
            print(f"{case['id']}: amsgrad {'never binds' if same else 'binds'}")

    document = {
        "generator": "scripts/reference/optimizer_reference.py",
        "torch_version": torch.__version__,
        "python_version": platform.python_version(),
        "numpy_version": NUMPY_VERSION,
        "problem": {"x0": X0, "h": H, "c": C, "steps": STEPS, "gradient": "g = h * (x - c)"},
        "defaults": {cls.__name__: torch_defaults(cls) for cls in TORCH_CLASSES.values()},
        "cases": cases,
    }
    with open(out_path, "w") as f:
        json.dump(document, f, indent=1, allow_nan=False)
        f.write("\n")
    print(f"wrote {len(cases)} cases to {out_path}")


if __name__ == "__main__":
    main()
