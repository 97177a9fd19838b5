"""The digits MLP problem exactly as optbench's `nets` suite builds it (`{name: mlp, dataset:
digits, hidden: [128]}`): the same stratified split, standardization, He-uniform weights and
minibatch order, from optbench's own random streams (see Sources/OptBench/Nets/).

- split: per class in label order, the class's indices shuffled (Fisher–Yates, one
  SplitMix64 seeded with StableHash("split|digits|0.2")), the first round(0.2·n_c) go to test;
  both parts keep the file's row order. 1438 training and 359 test examples.
- features standardized by the training part's mean and population deviation.
- weights U(−a, a), a = sqrt(6 / fan_in), drawn row-major ([outputs, inputs]) from the
  initialization stream of seed 0 of problem `mlp(dataset=digits)`; biases 0.
- minibatches: a permutation kept across epochs, reshuffled at each epoch's start from the
  minibatch stream; 32 per batch, the last one partial (⌈1438/32⌉ = 45 steps per epoch).
"""
from __future__ import annotations

import math
import os

import numpy as np

from splitmix import SplitMix64, shuffle, stable_hash, stream_seed
import common

IDENTITY = "mlp(dataset=digits)"
TEST_FRACTION = 0.2
HIDDEN = 128
BATCH = 32


def load(path: str | None = None):
    path = path or os.path.join(common.repository_root(), "Suites", "data", "digits.csv")
    table = np.loadtxt(path, delimiter=",", skiprows=1)
    return table[:, :-1], table[:, -1].astype(np.int64)


def split(features, labels):
    rng = SplitMix64(stable_hash(f"split|digits|{TEST_FRACTION!r}"))
    is_test = np.zeros(len(labels), dtype=bool)
    for label in range(int(labels.max()) + 1):
        group = [int(i) for i in np.flatnonzero(labels == label)]
        if not group:
            continue
        shuffle(group, rng)
        count = min(int(math.floor(len(group) * TEST_FRACTION + 0.5)), len(group) - 1)
        is_test[group[:count]] = True
    train, test = ~is_test, is_test
    mean = features[train].mean(axis=0)
    deviation = np.sqrt(((features[train] - mean) ** 2).mean(axis=0))
    deviation = np.where(deviation <= 1e-12 * (1 + np.abs(mean)), 1.0, deviation)
    standardize = lambda x: ((x - mean) / deviation).astype(np.float32)  # noqa: E731
    return (standardize(features[train]), labels[train]), (standardize(features[test]), labels[test])


def initial_weights(seed: int = 0):
    """[W1 (128, 64), b1, W2 (10, 128), b2], float32."""
    rng = SplitMix64(stream_seed("initialization", seed, IDENTITY))
    layers = []
    for fan_in, fan_out in ((64, HIDDEN), (HIDDEN, 10)):
        limit = math.sqrt(6 / fan_in)
        weights = np.array([limit * (2 * rng.uniform() - 1) for _ in range(fan_out * fan_in)])
        layers += [weights.reshape(fan_out, fan_in).astype(np.float32), np.zeros(fan_out, np.float32)]
    return layers


def epoch_orders(count: int, epochs: int, seed: int = 0):
    """The permutation of each epoch, as optbench's MinibatchSampler draws them."""
    rng = SplitMix64(stream_seed("minibatch", seed, IDENTITY))
    order = list(range(count))
    orders = []
    for _ in range(epochs):
        shuffle(order, rng)
        orders.append(np.array(order, dtype=np.int64))
    return orders


def accuracy(weights, features, labels) -> float:
    w1, b1, w2, b2 = (np.asarray(w, dtype=np.float64) for w in weights)
    hidden = np.maximum(features @ w1.T + b1, 0)
    return float(np.mean(np.argmax(hidden @ w2.T + b2, axis=1) == labels))


def mean_loss(weights, features, labels) -> float:
    w1, b1, w2, b2 = (np.asarray(w, dtype=np.float64) for w in weights)
    logits = np.maximum(features @ w1.T + b1, 0) @ w2.T + b2
    logits -= logits.max(axis=1, keepdims=True)
    log_probabilities = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    return float(-log_probabilities[np.arange(len(labels)), labels].mean())
