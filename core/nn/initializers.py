"""Weight initialisation schemes: ``init(rng, fan_in, fan_out) -> W`` of shape
(fan_in, fan_out).  Biases always start at zero, as in both tutorials.

All draw from a seeded ``numpy.random.RandomState``, whose stream NumPy keeps
fixed across versions, and which is exactly what the tutorials'
``np.random.seed(s); np.random.randn(...)`` uses, layer by layer in order.
"""
import numpy as np


def normal(rng, fan_in, fan_out):
    """The XOR tutorial's: plain standard normal."""
    return rng.randn(fan_in, fan_out)


def scaled_normal(rng, fan_in, fan_out):
    """Britz's: standard normal divided by √fan_in (LeCun's scaling)."""
    return rng.randn(fan_in, fan_out) / np.sqrt(fan_in)


def xavier(rng, fan_in, fan_out):
    """Glorot & Bengio (2010), uniform."""
    return rng.uniform(-1.0, 1.0, (fan_in, fan_out)) * np.sqrt(6.0 / (fan_in + fan_out))


def he(rng, fan_in, fan_out):
    """He et al. (2015), for ReLU-like units."""
    return rng.randn(fan_in, fan_out) * np.sqrt(2.0 / fan_in)


def playground_uniform(rng, fan_in, fan_out):
    """TensorFlow Playground's U(−0.5, 0.5)."""
    return rng.uniform(-0.5, 0.5, (fan_in, fan_out))


INITIALIZERS = {"normal": normal, "scaled-normal": scaled_normal, "xavier": xavier, "he": he,
                "uniform": playground_uniform}


def initial_parameters(layer_sizes, scheme, rng):
    """Lists W, b for layer sizes [n_in, h1, ..., n_out]: W[l] (n_l, n_{l+1}), b[l] (1, n_{l+1}).
    Weights are drawn layer by layer, in order, from ``rng`` (a RandomState)."""
    init = INITIALIZERS[scheme]
    pairs = list(zip(layer_sizes[:-1], layer_sizes[1:]))
    W = [init(rng, n_in, n_out) for n_in, n_out in pairs]
    b = [np.zeros((1, n_out)) for _, n_out in pairs]
    return W, b
