"""Hidden-layer activations: a registry of entries that each carry everything
about themselves (function, derivative, formula, output range).

``function(z, out=None)`` and ``derivative(z, a, out=None)`` work on arrays of
any shape; ``out``, if given, is a same-shaped buffer to write into (training
reuses buffers, which matters once arrays are megabytes).  Derivatives take
both the pre-activation ``z`` and the activation ``a = f(z)``, because several
are cheapest and most familiar in terms of ``a``: the XOR tutorial's sigmoid
derivative is a(1 − a) and Britz's tanh derivative is 1 − a².

The exported script (core/script.py) copies these very functions, with the
module-level constants they read (``LEAKY_SLOPE``), so keep each one a plain
``def`` that needs nothing but NumPy and this module.
"""
import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

LEAKY_SLOPE = 0.01


def sigmoid(z, out=None):
    # ½(1 + tanh(z/2)) equals 1/(1 + e^-z) and never overflows, in four array
    # operations (the exp form needs a guard, a fifth).
    out = np.multiply(z, 0.5, out=out)
    np.tanh(out, out=out)
    out += 1.0
    out *= 0.5
    return out


def sigmoid_derivative(z, a, out=None):
    out = np.subtract(1.0, a, out=out)
    out *= a
    return out


def tanh(z, out=None):
    return np.tanh(z, out=out)


def tanh_derivative(z, a, out=None):
    out = np.multiply(a, a, out=out)
    return np.subtract(1.0, out, out=out)


def relu(z, out=None):
    return np.maximum(z, 0.0, out=out)


def relu_derivative(z, a, out=None):
    return np.heaviside(z, 0.0, out=out)


def leaky_relu(z, out=None):
    out = np.multiply(z, LEAKY_SLOPE, out=out)
    return np.maximum(z, out, out=out)  # max(z, slope·z) for a slope below 1


def leaky_relu_derivative(z, a, out=None):
    out = np.heaviside(z, 0.0, out=out)
    out *= 1.0 - LEAKY_SLOPE
    out += LEAKY_SLOPE
    return out


def identity(z, out=None):
    return z  # a is z itself: no buffer needed


def identity_derivative(z, a, out=None):
    if out is None:
        return np.ones_like(z)
    out.fill(1.0)
    return out


@dataclass(frozen=True)
class Activation:
    name: str
    label: str
    function: Callable
    derivative: Callable
    formula: tuple      # LaTeX lines: f(z), then f'(z), in the tutorials' notation
    output_range: tuple  # (lowest, highest) value of f; ±math.inf where unbounded

    @property
    def bounded(self):
        return all(map(math.isfinite, self.output_range))


ACTIVATIONS = {
    a.name: a
    for a in (
        Activation("sigmoid", "Sigmoid", sigmoid, sigmoid_derivative,
                   (r"f(z) = \sigma(z) = \frac{1}{1 + e^{-z}}", r"f'(z) = a\,(1 - a)"), (0.0, 1.0)),
        Activation("tanh", "Tanh", tanh, tanh_derivative,
                   (r"f(z) = \tanh z", r"f'(z) = 1 - a^2"), (-1.0, 1.0)),
        Activation("relu", "ReLU", relu, relu_derivative,
                   (r"f(z) = \max(0, z)", r"f'(z) = [z > 0]"), (0.0, math.inf)),
        Activation("leaky-relu", "Leaky ReLU", leaky_relu, leaky_relu_derivative,
                   (rf"f(z) = \max({LEAKY_SLOPE}z, z)", rf"f'(z) = 1 \text{{ if }} z > 0 \text{{ else }} {LEAKY_SLOPE}"),
                   (-math.inf, math.inf)),
        Activation("linear", "Linear", identity, identity_derivative,
                   (r"f(z) = z", r"f'(z) = 1"), (-math.inf, math.inf)),
    )
}
