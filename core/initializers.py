"""Weight initialisation schemes: ``init(rng, fan_in, fan_out) -> W`` of shape
(fan_in, fan_out).  Biases always start at zero, as in both tutorials.

All draw from a seeded ``numpy.random.RandomState``, whose stream NumPy keeps
fixed across versions, and which is exactly what the tutorials'
``np.random.seed(s); np.random.randn(...)`` uses, layer by layer in order.
"""
import numpy as np

INITIALIZERS = {
    # XOR tutorial: plain standard normal.
    "normal": lambda rng, fan_in, fan_out: rng.randn(fan_in, fan_out),
    # Britz: standard normal divided by sqrt(fan_in) (LeCun's scaling).
    "scaled-normal": lambda rng, fan_in, fan_out: rng.randn(fan_in, fan_out) / np.sqrt(fan_in),
    # Glorot & Bengio (2010), uniform.
    "xavier": lambda rng, fan_in, fan_out: rng.uniform(
        -1.0, 1.0, (fan_in, fan_out)) * np.sqrt(6.0 / (fan_in + fan_out)),
    # He et al. (2015), for ReLU-like units.
    "he": lambda rng, fan_in, fan_out: rng.randn(fan_in, fan_out) * np.sqrt(2.0 / fan_in),
    # TensorFlow Playground's U(-0.5, 0.5).
    "uniform": lambda rng, fan_in, fan_out: rng.uniform(-0.5, 0.5, (fan_in, fan_out)),
}


def initial_parameters(layer_sizes, scheme, rng):
    """Lists W, b for layer sizes [n_in, h1, ..., n_out]: W[l] (n_l, n_{l+1}), b[l] (1, n_{l+1}).
    Weights are drawn layer by layer, in order, from ``rng`` (a RandomState)."""
    init = INITIALIZERS[scheme]
    pairs = list(zip(layer_sizes[:-1], layer_sizes[1:]))
    W = [init(rng, n_in, n_out) for n_in, n_out in pairs]
    b = [np.zeros((1, n_out)) for _, n_out in pairs]
    return W, b
