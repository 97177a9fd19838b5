"""optbench's optimizer catalogue as the peers spell it: torch.optim and optax constructors.

Every entry uses optbench's defaults (PyTorch's; Lion's are optax's). Where optax's rule
differs from torch's (and so from optbench's), the optax entry picks the settings that come
closest and `OPTAX_DIFFERENCES` says what is left; none of it changes the cost of a step.
"""
from __future__ import annotations

# Learning rates of the `step` workload: the catalogue defaults, except SGD's three presets,
# which run at 0.01 (the lead's optbench-bench step uses the same table).
STEP_LEARNING_RATES = {
    "sgd": 0.01, "momentum": 0.01, "nesterov": 0.01, "adagrad": 0.01, "rmsprop": 0.01,
    "adam": 1e-3, "amsgrad": 1e-3, "adamw": 1e-3, "adamax": 2e-3, "nadam": 2e-3, "radam": 1e-3,
    "adadelta": 1.0, "lion": 1e-4,
}

# State arrays each optimizer keeps at its defaults. Minimum traffic of one step, as STREAM
# counts it: the parameters, the gradient and every state array read, the parameters and every
# state array written: (3 + 2k)·N·size bytes.
STATE_ARRAYS = {
    "sgd": 0, "momentum": 1, "nesterov": 1, "adagrad": 1, "rmsprop": 1, "adam": 2, "amsgrad": 3,
    "adamw": 2, "adamax": 2, "nadam": 2, "radam": 2, "adadelta": 2, "lion": 1,
}

OPTIMIZERS = list(STATE_ARRAYS)

# torch.optim classes that have a fused CPU kernel (torch ≥ 2.4).
TORCH_FUSED = {"sgd", "momentum", "nesterov", "adagrad", "adam", "amsgrad", "adamw"}

OPTAX_DIFFERENCES = {
    "adagrad": "optax divides by sqrt(s + eps) (eps 1e-10 inside the root), torch by sqrt(s) + eps",
    "rmsprop": "eps outside the root as torch (eps_in_sqrt=False) where optax has the flag; older optax puts it inside",
    "amsgrad": "optax takes the maximum of the bias-corrected second moment, torch of the raw one",
    "adamax": "optax adds eps after the max (max(b2·n, |g|) + eps), torch inside it (max(b2·n, |g| + eps))",
    "nadam": "optax's NAdam has no momentum schedule (mu_t = beta1); torch's has mu_t = beta1·(1 − 0.5·0.96^(t·0.004))",
    "radam": "optax adds eps to sqrt of the bias-corrected v; torch adds it to sqrt(v) before the correction",
}


def torch_optimizer(torch, name: str, params, lr: float, impl: str):
    """A torch.optim optimizer for `name`, in implementation `impl`: foreach, fused or forloop."""
    options = {"foreach": impl == "foreach"}
    if impl == "fused":
        options = {"fused": True}
    optim = torch.optim
    if name == "sgd":
        return optim.SGD(params, lr=lr, **options)
    if name == "momentum":
        return optim.SGD(params, lr=lr, momentum=0.9, **options)
    if name == "nesterov":
        return optim.SGD(params, lr=lr, momentum=0.9, nesterov=True, **options)
    if name == "adagrad":
        return optim.Adagrad(params, lr=lr, **options)
    if name == "rmsprop":
        return optim.RMSprop(params, lr=lr, **options)
    if name == "adam":
        return optim.Adam(params, lr=lr, **options)
    if name == "amsgrad":
        return optim.Adam(params, lr=lr, amsgrad=True, **options)
    if name == "adamw":
        return optim.AdamW(params, lr=lr, weight_decay=0.01, **options)
    if name == "adamax":
        return optim.Adamax(params, lr=lr, **options)
    if name == "nadam":
        return optim.NAdam(params, lr=lr, **options)
    if name == "radam":
        return optim.RAdam(params, lr=lr, **options)
    if name == "adadelta":
        return optim.Adadelta(params, lr=lr, **options)
    raise KeyError(f"torch.optim has no {name}")


def has_torch(name: str) -> bool:
    return name != "lion"


def optax_optimizer(optax, name: str, lr):
    """An optax GradientTransformation for `name` at learning rate `lr` (a float or a traced
    array: the suite harness injects it as a hyperparameter)."""
    if name == "sgd":
        return optax.sgd(lr)
    if name == "momentum":
        return optax.sgd(lr, momentum=0.9)
    if name == "nesterov":
        return optax.sgd(lr, momentum=0.9, nesterov=True)
    if name == "adagrad":
        return optax.adagrad(lr, initial_accumulator_value=0.0, eps=1e-10)
    if name == "rmsprop":
        try:
            return optax.rmsprop(lr, decay=0.99, eps=1e-8, eps_in_sqrt=False)
        except TypeError:  # optax without eps_in_sqrt
            return optax.rmsprop(lr, decay=0.99, eps=1e-8)
    if name == "adam":
        return optax.adam(lr)
    if name == "amsgrad":
        return optax.amsgrad(lr)
    if name == "adamw":
        return optax.adamw(lr, weight_decay=0.01)
    if name == "adamax":
        return optax.adamax(lr)
    if name == "nadam":
        return optax.nadam(lr)
    if name == "radam":
        return optax.radam(lr)
    if name == "adadelta":
        return optax.adadelta(lr, rho=0.9, eps=1e-6)
    if name == "lion":
        return optax.lion(lr, b1=0.9, b2=0.99, weight_decay=1e-3)
    raise KeyError(f"no optax optimizer for {name}")
