"""Workload `mlp`: the digits MLP 64-128-10 (ReLU, softmax cross-entropy, Adam lr 1e-3,
batch 32, float32, one thread), 10 epochs over the 1438 training examples of optbench's split,
from optbench's initial weights and minibatch order (digits_data.py).

impls:
  torch-eager        nn.Sequential + F.cross_entropy + torch.optim.Adam (its CPU default, the
                     single-tensor loop), one Python iteration per minibatch
  torch-eager-fused  the same with Adam(fused=True)
  jax-jit-step       one jitted train step (value_and_grad + optax.adam, parameters and state
                     donated) called per minibatch from Python
  jax-scan-epoch     one jitted call per epoch: the minibatch gather and the 45 steps as a
                     lax.scan (plus the partial last batch) inside

Timed: the training steps only (the epochs' permutations are drawn beforehand, compilation is
excluded, no per-epoch evaluations; optbench's figure includes them). The test accuracy is
computed after training, untimed.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

IMPLS = ["torch-eager", "torch-eager-fused", "jax-jit-step", "jax-scan-epoch"]
LR = 1e-3
# loss[0] of `optbench run` on {name: mlp, dataset: digits, hidden: [128]} with adam, seed 0
# (float32 arithmetic; this script evaluates it in float64).
OPTBENCH_FIRST_LOSS = 3.16155285


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    common.add_common_arguments(parser)
    parser.add_argument("--impls", default=",".join(IMPLS))
    parser.add_argument("--epochs", type=int, default=10)
    args = parser.parse_args()
    common.configure_threads(args.threads)
    repeats = args.repeats or (1 if args.quick else 3)
    impls = args.impls.split(",")

    import numpy as np
    import digits_data as data
    (x_train, y_train), (x_test, y_test) = data.split(*data.load())
    weights = data.initial_weights(0)
    orders = data.epoch_orders(len(y_train), args.epochs, 0)
    common.check("mlp: optbench's digits split (1438 train, 359 test)", (len(y_train), len(y_test)) == (1438, 359),
                 train=len(y_train), test=len(y_test))
    first = orders[0][:data.BATCH]
    first_loss = data.mean_loss(weights, x_train[first], y_train[first])
    common.check("mlp: first minibatch loss = optbench's loss[0] (same split, weights, order)",
                 abs(first_loss - OPTBENCH_FIRST_LOSS) <= 1e-6, value=first_loss, optbench=OPTBENCH_FIRST_LOSS)
    samples = args.epochs * len(y_train)

    for impl in impls:
        if impl.startswith("torch"):
            trainer = TorchTrainer(x_train, y_train, weights, orders, fused=impl.endswith("fused"))
        elif impl == "jax-jit-step":
            trainer = JaxStepTrainer(x_train, y_train, weights, orders)
        elif impl == "jax-scan-epoch":
            trainer = JaxScanTrainer(x_train, y_train, weights, orders)
        else:
            parser.error(f"unknown impl {impl!r}; expected one of {', '.join(IMPLS)}")
        trainer.warm_up()
        seconds = common.median_seconds(trainer.train, repeats, warmup=0)
        trained = trainer.weights()
        test_accuracy = data.accuracy(trained, x_test, y_test)
        common.emit("mlp", impl, epochs=args.epochs, precision="float32", samples_per_s=samples / seconds,
                    seconds=seconds, test_accuracy=test_accuracy, evaluations_included=False)
        common.check(f"mlp: {impl} test accuracy ≥ 0.95 (optbench ~0.975)", test_accuracy >= 0.95,
                     test_accuracy=test_accuracy)


class TorchTrainer:
    def __init__(self, x, y, weights, orders, fused):
        import torch
        common.configure_torch(torch)
        self.torch = torch
        self.x = torch.from_numpy(x)
        self.y = torch.from_numpy(y)
        self.initial = weights
        self.orders = [torch.from_numpy(order) for order in orders]
        self.fused = fused
        self.model = torch.nn.Sequential(torch.nn.Linear(64, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))

    def reset(self):
        with self.torch.no_grad():
            for parameter, value in zip(self.model.parameters(), self.initial):
                parameter.copy_(self.torch.from_numpy(value))
        options = {"fused": True} if self.fused else {}
        self.optimizer = self.torch.optim.Adam(self.model.parameters(), lr=LR, **options)

    def warm_up(self):
        self.reset()
        self.epoch(self.orders[0])

    def epoch(self, order):
        torch, model, optimizer = self.torch, self.model, self.optimizer
        x, y = self.x[order], self.y[order]
        for start in range(0, len(order), 32):
            xb, yb = x[start:start + 32], y[start:start + 32]
            optimizer.zero_grad(set_to_none=True)
            loss = torch.nn.functional.cross_entropy(model(xb), yb)
            loss.backward()
            optimizer.step()

    def train(self):
        self.reset()
        for order in self.orders:
            self.epoch(order)

    def weights(self):
        return [p.detach().numpy().copy() for p in self.model.parameters()]


class JaxTrainer:
    def __init__(self, x, y, weights, orders):
        import jax
        import jax.numpy as jnp
        import optax
        self.jax, self.jnp, self.optax = jax, jnp, optax
        self.x, self.y = x, y
        self.initial = weights
        self.orders = orders
        self.optimizer = optax.adam(LR)

        def loss(params, xb, yb):
            w1, b1, w2, b2 = params
            logits = jnp.maximum(xb @ w1.T + b1, 0) @ w2.T + b2
            return optax.softmax_cross_entropy_with_integer_labels(logits, yb).mean()
        grad = jax.grad(loss)

        def step(params, state, xb, yb):
            updates, state = self.optimizer.update(grad(params, xb, yb), state, params)
            return optax.apply_updates(params, updates), state
        self.step_function = step

    def fresh(self):
        params = [self.jnp.asarray(w) for w in self.initial]
        return params, self.optimizer.init(params)

    def weights(self):
        return [self.jax.device_get(w) for w in self.params]


class JaxStepTrainer(JaxTrainer):
    def __init__(self, *arguments):
        super().__init__(*arguments)
        self.step = self.jax.jit(self.step_function, donate_argnums=(0, 1))

    def epoch(self, params, state, order):
        x, y = self.x[order], self.y[order]
        for start in range(0, len(order), 32):
            params, state = self.step(params, state, x[start:start + 32], y[start:start + 32])
        return params, state

    def warm_up(self):  # compiles the full and the partial batch
        params, state = self.epoch(*self.fresh(), self.orders[0])
        self.jax.block_until_ready(params)

    def train(self):
        params, state = self.fresh()
        for order in self.orders:
            params, state = self.epoch(params, state, order)
        self.params = self.jax.block_until_ready(params)


class JaxScanTrainer(JaxTrainer):
    def __init__(self, *arguments):
        super().__init__(*arguments)
        jax, jnp = self.jax, self.jnp
        count = len(self.y)
        full = count // 32
        step = self.step_function

        def epoch(params, state, x, y, order):
            xs, ys = x[order], y[order]
            body_x = xs[:full * 32].reshape(full, 32, -1)
            body_y = ys[:full * 32].reshape(full, 32)

            def body(carry, batch):
                return step(*carry, *batch), None
            (params, state), _ = jax.lax.scan(body, (params, state), (body_x, body_y))
            if full * 32 < count:
                params, state = step(params, state, xs[full * 32:], ys[full * 32:])
            return params, state
        self.epoch = jax.jit(epoch, donate_argnums=(0, 1))
        self.x_device = jnp.asarray(self.x)
        self.y_device = jnp.asarray(self.y)
        self.device_orders = [jnp.asarray(order) for order in self.orders]

    def warm_up(self):
        params, state = self.epoch(*self.fresh(), self.x_device, self.y_device, self.device_orders[0])
        self.jax.block_until_ready(params)

    def train(self):
        params, state = self.fresh()
        for order in self.device_orders:
            params, state = self.epoch(params, state, self.x_device, self.y_device, order)
        self.params = self.jax.block_until_ready(params)


if __name__ == "__main__":
    main()
