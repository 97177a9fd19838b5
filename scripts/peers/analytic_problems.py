"""optbench's analytic test functions in jax.numpy (gradients by jax.grad), with their standard
starts, settings and identities (the problem part of a run id), for the Python suite harness.
The formulas follow Sources/OptBench/Problems/Analytic/ term for term.
"""
from __future__ import annotations

import math

import numpy as np

from splitmix import SplitMix64, stable_hash, swift_real

# name: (settings with their defaults, in identity order; standard start as a function of dim)
CATALOG = {
    "rosenbrock": ({"dim": 2}, lambda d: [-1.2 if i % 2 == 0 else 1.0 for i in range(d)]),
    "quadratic": ({"dim": 10, "condition": 100.0}, lambda d: [1.0] * d),
    "beale": ({}, lambda d: [1.0, 1.0]),
    "booth": ({}, lambda d: [0.0, 0.0]),
    "himmelblau": ({}, lambda d: [0.0, 0.0]),
    "rastrigin": ({"dim": 2}, lambda d: [-2.0 if i % 2 == 0 else 3.5 for i in range(d)]),
    "ackley": ({"dim": 2}, lambda d: [2.3] * d),
    "styblinski_tang": ({"dim": 2}, lambda d: [0.0] * d),
    "six_hump_camel": ({}, lambda d: [1.0, 1.0]),
    "goldstein_price": ({}, lambda d: [0.0, 0.0]),
    "matyas": ({}, lambda d: [6.0, 2.0]),
    "saddle": ({}, lambda d: [1.0, 1e-3]),
    "monkey_saddle": ({}, lambda d: [1.0, 1e-3]),
    "dixon_price": ({"dim": 2}, lambda d: [1.0] * d),
    "zakharov": ({"dim": 2}, lambda d: [1.0] * d),
}
RUN_KEYS = {"name", "start", "start_jitter", "steps", "target", "log_every", "rotated", "rotation_seed"}


class ProblemInstance:
    """One problem instance of a suite: its function, dimension, start and identity."""

    def __init__(self, entry: dict):
        name = entry["name"]
        if name not in CATALOG:
            raise ValueError(f"the Python harness has no problem {name!r} (analytic problems only)")
        defaults, standard = CATALOG[name]
        unknown = set(entry) - RUN_KEYS - set(defaults) - {"precision"}
        if unknown or entry.get("noise_std", 0):
            raise ValueError(f"{name}: the Python harness does not support {sorted(unknown)}")
        if entry.get("precision", "float64") != "float64":
            raise ValueError(f"{name}: the Python harness runs float64 only")
        self.name = name
        # Each setting keeps its default's type: `condition: 100` is the real 100.0, as optbench reads it.
        self.settings = {key: type(value)(entry.get(key, value)) for key, value in defaults.items()}
        self.dim = int(self.settings.get("dim", 2))
        self.rotation_seed = int(entry.get("rotation_seed", 0)) if entry.get("rotated", False) else None
        self.custom_start = entry.get("start")
        self.point = [float(v) for v in (self.custom_start or standard(self.dim))]
        self.jitter = float(entry.get("start_jitter", 0.0))
        self.entry = entry

    @property
    def identity(self) -> str:
        parts = []
        for key, value in self.settings.items():
            parts.append(f"{key}={swift_real(value) if isinstance(value, float) else value}")
        if self.rotation_seed is not None:
            parts += ["rotated=true", f"rotation_seed={self.rotation_seed}"]
        if self.custom_start is not None:
            parts.append("start=[" + ",".join(swift_real(v) for v in self.point) + "]")
        if self.jitter != 0:
            parts.append(f"start_jitter={swift_real(self.jitter)}")
        return f"{self.name}({','.join(parts)})"

    @property
    def config_json(self) -> str:
        import json
        config = {"name": self.name, **self.settings}
        if self.rotation_seed is not None:
            config.update(rotated=True, rotation_seed=self.rotation_seed)
        if self.custom_start is not None:
            config["start"] = self.point
        if self.jitter:
            config["start_jitter"] = self.jitter
        return json.dumps(config, separators=(",", ":"))

    def start(self, seed: int) -> np.ndarray:
        """The start of seed `seed`: the point plus U(−j, j) per coordinate from the run's
        initialization stream (as optbench's StartPoint)."""
        rng = SplitMix64(stable_hash(f"initialization|{seed}|{self.identity}"))
        return np.array([p + (self.jitter * (2 * rng.uniform() - 1) if self.jitter else 0.0) for p in self.point])

    def function(self, jnp):
        """f(x) in jax.numpy."""
        name, d = self.name, self.dim
        if name == "rosenbrock":
            return lambda x: jnp.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)
        if name == "quadratic":
            condition = float(self.settings["condition"])
            eigenvalues = jnp.asarray([1.0] if d == 1 else [condition ** (i / (d - 1)) for i in range(d)])
            if self.rotation_seed is None:
                return lambda x: 0.5 * jnp.sum(eigenvalues * x * x)
            rotation = jnp.asarray(rotation_matrix(d, self.rotation_seed))
            return lambda x: 0.5 * jnp.sum(eigenvalues * (rotation @ x) ** 2)
        if name == "beale":
            def beale(x):
                u, v = x[0], x[1]
                return (1.5 - u + u * v) ** 2 + (2.25 - u + u * v ** 2) ** 2 + (2.625 - u + u * v ** 3) ** 2
            return beale
        if name == "booth":
            return lambda x: (x[0] + 2 * x[1] - 7) ** 2 + (2 * x[0] + x[1] - 5) ** 2
        if name == "himmelblau":
            return lambda x: (x[0] ** 2 + x[1] - 11) ** 2 + (x[0] + x[1] ** 2 - 7) ** 2
        if name == "rastrigin":
            return lambda x: 10.0 * d + jnp.sum(x * x - 10.0 * jnp.cos(2 * jnp.pi * (x - jnp.round(x))))
        if name == "ackley":
            def ackley(x):
                radial = jnp.exp(-0.2 * jnp.sqrt(jnp.sum(x * x) / d))
                periodic = jnp.exp(jnp.sum(jnp.cos(2 * jnp.pi * (x - jnp.round(x)))) / d)
                return 20.0 * (1.0 - radial) + (math.e - periodic)
            return ackley
        if name == "styblinski_tang":
            return lambda x: jnp.sum(x ** 4 - 16.0 * x ** 2 + 5.0 * x) / 2
        if name == "six_hump_camel":
            def camel(x):
                u2, v2 = x[0] ** 2, x[1] ** 2
                return (4 - 2.1 * u2 + u2 * u2 / 3) * u2 + x[0] * x[1] + (4 * v2 - 4) * v2
            return camel
        if name == "goldstein_price":
            def goldstein(x):
                u, v = x[0], x[1]
                a = 1 + (u + v + 1) ** 2 * (19 - 14 * u + 3 * u * u - 14 * v + 6 * u * v + 3 * v * v)
                b = 30 + (2 * u - 3 * v) ** 2 * (18 - 32 * u + 12 * u * u + 48 * v - 36 * u * v + 27 * v * v)
                return a * b
            return goldstein
        if name == "matyas":
            return lambda x: 0.26 * (x[0] ** 2 + x[1] ** 2) - 0.48 * x[0] * x[1]
        if name == "saddle":
            return lambda x: x[0] ** 2 - x[1] ** 2
        if name == "monkey_saddle":
            return lambda x: x[0] * (x[0] ** 2 - 3 * x[1] ** 2)
        if name == "dixon_price":
            weights = jnp.arange(2, d + 1, dtype=jnp.float64)
            return lambda x: (x[0] - 1) ** 2 + jnp.sum(weights * (2 * x[1:] ** 2 - x[:-1]) ** 2)
        if name == "zakharov":
            weights = jnp.arange(1, d + 1, dtype=jnp.float64)

            def zakharov(x):
                s = jnp.sum(weights * x) / 2
                return jnp.sum(x * x) + s ** 2 + s ** 4
            return zakharov
        raise KeyError(name)


def rotation_matrix(d: int, seed: int) -> np.ndarray:
    """Q of a rotated quadratic, dense: Stewart's Householder product H_1…H_{d−1}·D drawn from
    SplitMix64(StableHash("quadratic-rotation|d|seed")), as QuadraticRotation.swift."""
    rng = SplitMix64(stable_hash(f"quadratic-rotation|{d}|{seed}"))
    reflectors, signs = [], []
    for k in range(d - 1):
        v = np.array([rng.gaussian() for _ in range(k, d)])
        sign = -1.0 if v[0] < 0 else 1.0
        v[0] += sign * math.sqrt(float(np.sum(v * v)))
        v /= math.sqrt(float(np.sum(v * v)))
        reflectors.append(v)
        signs.append(-sign)
    signs.append(-1.0 if rng.gaussian() < 0 else 1.0)
    q = np.diag(signs)  # Q = H_1 … H_{d−1} D: apply the reflectors to D from the last one
    for k in range(d - 2, -1, -1):
        u = reflectors[k]
        q[k:, :] -= 2.0 * np.outer(u, u @ q[k:, :])
    return q
