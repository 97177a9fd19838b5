"""optbench's random streams in Python, bit for bit: SplitMix64, StableHash (FNV-1a 64 +
the SplitMix64 finalizer), Lemire's bounded integers (Swift's `next(upperBound:)`),
Fisher–Yates, Box–Muller. The peers use them to start from the same points, split the data
the same way and draw the same minibatches as optbench (Sources/OptBench/Random/).
"""
from __future__ import annotations

import math

MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


def mix(value: int) -> int:
    z = value & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def stable_hash(text: str) -> int:
    value = 0xCBF29CE484222325
    for byte in text.encode("utf-8"):
        value ^= byte
        value = (value * 0x100000001B3) & MASK
    return mix(value)


def stream_seed(purpose: str, seed: int, identity: str) -> int:
    """RandomStreams.seed(for:seed:identity:): StableHash("<purpose>|<seed>|<identity>")."""
    return stable_hash(f"{purpose}|{seed}|{identity}")


class SplitMix64:
    def __init__(self, seed: int):
        self.state = seed & MASK

    def next(self) -> int:
        self.state = (self.state + GOLDEN) & MASK
        return mix(self.state)

    def uniform(self) -> float:
        """[0, 1) with 53 random bits."""
        return (self.next() >> 11) * 2.0 ** -53

    def gaussian(self) -> float:
        u1 = 1.0 - self.uniform()
        u2 = self.uniform()
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)

    def next_int(self, upper: int) -> int:
        """Uniform in [0, upper), Lemire's nearly divisionless method as Swift's stdlib."""
        product = self.next() * upper
        low = product & MASK
        if low < upper:
            threshold = ((1 << 64) - upper) % upper
            while low < threshold:
                product = self.next() * upper
                low = product & MASK
        return product >> 64


def shuffle(items: list, rng: SplitMix64) -> None:
    """Fisher–Yates in place: for i = n−1 … 1, swap i with rng.next_int(i + 1)."""
    i = len(items) - 1
    while i > 0:
        j = rng.next_int(i + 1)
        items[i], items[j] = items[j], items[i]
        i -= 1


def swift_real(value: float) -> str:
    """A Double as Swift prints it (shortest round trip): Python's repr, which agrees for the
    values suites hold (0.001, 1e-05, 100.0)."""
    return repr(float(value))
