"""Hidden-layer activations: one registry of function and derivative.

``function(z, out=None)`` and ``derivative(z, a, out=None)`` work on arrays of
any shape; ``out``, if given, is a same-shaped buffer to write into (training
reuses buffers, which matters once arrays are megabytes).  Derivatives take
both the pre-activation ``z`` and the activation ``a = f(z)``, because several
are cheapest and most familiar in terms of ``a``: the XOR tutorial's sigmoid
derivative is a(1 − a) and Britz's tanh derivative is 1 − a².
"""
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


def _sigmoid_derivative(z, a, out=None):
    out = np.subtract(1.0, a, out=out)
    out *= a
    return out


def _tanh_derivative(z, a, out=None):
    out = np.multiply(a, a, out=out)
    return np.subtract(1.0, out, out=out)


def _leaky_relu(z, out=None):
    out = np.multiply(z, LEAKY_SLOPE, out=out)
    return np.maximum(z, out, out=out)  # max(z, slope·z) for a slope below 1


def _leaky_relu_derivative(z, a, out=None):
    out = np.heaviside(z, 0.0, out=out)
    out *= 1.0 - LEAKY_SLOPE
    out += LEAKY_SLOPE
    return out


def _ones(z, a, out=None):
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
    formula: str  # LaTeX: f(z) and f'(z), in the tutorials' notation


ACTIVATIONS = {
    a.name: a
    for a in (
        Activation("sigmoid", "Sigmoid", sigmoid, _sigmoid_derivative,
                   r"f(z) = \sigma(z) = \frac{1}{1 + e^{-z}}, \quad f'(z) = a\,(1 - a)"),
        Activation("tanh", "Tanh", np.tanh, _tanh_derivative,
                   r"f(z) = \tanh z, \quad f'(z) = 1 - a^2"),
        Activation("relu", "ReLU", lambda z, out=None: np.maximum(z, 0.0, out=out),
                   lambda z, a, out=None: np.heaviside(z, 0.0, out=out),
                   r"f(z) = \max(0, z), \quad f'(z) = [z > 0]"),
        Activation("leaky-relu", "Leaky ReLU", _leaky_relu, _leaky_relu_derivative,
                   rf"f(z) = \max({LEAKY_SLOPE}z, z), \quad f'(z) = 1 \text{{ if }} z > 0 \text{{ else }} {LEAKY_SLOPE}"),
        # The identity needs no buffer: a is z itself.
        Activation("linear", "Linear", lambda z, out=None: z, _ones, r"f(z) = z, \quad f'(z) = 1"),
    )
}
