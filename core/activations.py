"""Hidden-layer activations: one registry of function and derivative.

Each derivative takes both the pre-activation ``z`` and the activation
``a = f(z)`` (same shape, any shape), because several derivatives are
cheapest and most familiar written in terms of ``a``: the XOR tutorial's
sigmoid derivative is ``a * (1 - a)`` and Britz's tanh derivative is
``1 - a**2``.
"""
from dataclasses import dataclass
from typing import Callable

import numpy as np

LEAKY_SLOPE = 0.01


def sigmoid(z):
    # The textbook form, as the XOR tutorial computes it (so runs match it to the
    # last bit); capping -z keeps exp from overflowing, and σ(z) for z < -700 is 0
    # to double precision anyway.
    return 1.0 / (1.0 + np.exp(np.minimum(-z, 700.0)))


@dataclass(frozen=True)
class Activation:
    name: str
    label: str
    function: Callable[[np.ndarray], np.ndarray]
    derivative: Callable[[np.ndarray, np.ndarray], np.ndarray]
    formula: str


ACTIVATIONS = {
    a.name: a
    for a in (
        Activation("sigmoid", "Sigmoid", sigmoid, lambda z, a: a * (1.0 - a),
                   "σ(z) = 1 / (1 + e^-z),  σ'(z) = a(1 − a)"),
        Activation("tanh", "Tanh", np.tanh, lambda z, a: 1.0 - a * a,
                   "tanh(z),  tanh'(z) = 1 − a²"),
        Activation("relu", "ReLU", lambda z: np.maximum(z, 0.0),
                   lambda z, a: np.heaviside(z, 0.0),
                   "max(0, z),  derivative 1 if z > 0 else 0"),
        Activation("leaky-relu", "Leaky ReLU",
                   lambda z: np.where(z > 0, z, LEAKY_SLOPE * z),
                   lambda z, a: np.where(z > 0, 1.0, LEAKY_SLOPE),
                   f"z if z > 0 else {LEAKY_SLOPE}·z"),
        Activation("linear", "Linear", lambda z: z, lambda z, a: np.ones_like(z),
                   "z,  derivative 1"),
    )
}
