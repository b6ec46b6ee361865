"""Output layers paired with their losses, and weight penalties.

Shapes: ``z`` and ``a`` are the output layer's pre-activation and activation,
(N, K); ``T`` holds the targets in the same shape (a 0/1 column for a
sigmoid output, one-hot rows for softmax, real values for regression).
Stacked runs (see network.py) add a leading run axis: z and a (R, N, K), T
(N, K) or (R, N, K); then each loss and penalty is an array (R,), one per run,
each computed with the same arithmetic as for that run alone.

``loss(z, a, T)`` is the mean over the N examples of the reported loss.
``delta(z, a, T)`` is the gradient, per example, of the *objective*
``objective_scale * loss_n`` with respect to ``z``.  The scale is 1 except for
squared error, which is minimised as ½·(a − t)², the form whose gradient is
(a − t), as in the XOR tutorial, scikit-learn and TensorFlow Playground,
while the familiar mean of (a − t)² is what gets reported.
"""
import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from .activations import identity, sigmoid


# exp() overflows above ~709; beyond this size the scores are shifted first.
SAFE_EXP = 600.0


def softmax(z, out=None):
    # Shifting by the row maximum is only needed where exp could overflow or
    # underflow to 0; elsewhere it is skipped so that the arithmetic is exactly
    # Britz's, whose training (at its step size) amplifies any rounding difference.
    # Of stacked runs, only those with such scores are shifted (z - 0 is z exactly).
    if np.abs(z).max(initial=0.0) > SAFE_EXP:
        large = np.abs(z).max(axis=(-2, -1), keepdims=True) > SAFE_EXP
        z = z - np.where(large, z.max(axis=-1, keepdims=True), 0.0)
    e = np.exp(z, out=out)
    e /= row_sum(e)
    return e


def largest_score(z):
    """Each row's largest score, (..., N, 1).  Taken column by column, which is
    exact, and quicker than NumPy's reduction along a row of a few columns."""
    m = z[..., :1]
    for k in range(1, z.shape[-1]):
        m = np.maximum(m, z[..., k:k + 1])
    return m


# NumPy adds a row of fewer numbers than this one after another, and longer rows pairwise.
SEQUENTIAL_ROW_SUM = 8


def row_sum(x):
    """Each row's sum, (..., N, 1), exactly as x.sum(axis=-1, keepdims=True) adds it:
    a short row one number after another, here column by column, which is quicker
    than NumPy's reduction along a row of a few columns, whatever the layout."""
    if not 2 <= x.shape[-1] < SEQUENTIAL_ROW_SUM:
        return x.sum(axis=-1, keepdims=True)
    s = x[..., :1] + x[..., 1:2]
    for k in range(2, x.shape[-1]):
        s += x[..., k:k + 1]
    return s


def per_run(x):
    """A sum of one run as a float; sums of stacked runs as their array (R,)."""
    return float(x) if x.ndim == 0 else x


def total(x):
    """Σ of x (N, K) over its examples and outputs, or per run of x (R, N, K)."""
    return float(x.sum()) if x.ndim == 2 else x.sum(axis=(-2, -1))


def dot(x, y):
    """Σ x·y over examples and outputs: one BLAS dot product (a run's, for stacked x or y)."""
    if x.ndim == y.ndim == 2:
        return float(np.vdot(x, y))
    rows = x.reshape(*x.shape[:-2], 1, -1)
    columns = y.reshape(*y.shape[:-2], -1, 1)
    return (rows @ columns)[..., 0, 0]


# Losses are sums divided by counts rather than np.mean: this runs every epoch,
# and np.mean's Python-level wrapper costs more than the arithmetic at N = 200.
def squared_error(z, a, T):
    d = a - T
    return dot(d, d) / (d.shape[-2] * d.shape[-1])


def softplus(z):
    """log(1 + e^z), exact to double precision and overflow-free: beyond z = 700,
    log1p(e^700) is 700.0 exactly, so the excess is added back linearly.  The
    guard runs only when needed; this is three times faster than
    np.logaddexp(0, z) on small arrays, and it runs every epoch."""
    if z.max(initial=0.0) <= 700.0:
        return np.log1p(np.exp(z))
    return np.log1p(np.exp(np.minimum(z, 700.0))) + np.maximum(z - 700.0, 0.0)


def binary_cross_entropy(z, a, T):
    # log(1 + e^z) - t·z equals -[t log a + (1-t) log(1-a)], without log(0).
    return (total(softplus(z)) - dot(T, z)) / z.shape[-2]


def cross_entropy(z, a, T):
    m = largest_score(z)
    log_norm = np.log(row_sum(np.exp(z - m))[..., 0]) + m[..., 0]  # log Σ_k e^z_k, stably
    # Summed over each run's examples in a row of memory: pairwise, as for a network alone.
    return (per_run(np.ascontiguousarray(log_norm).sum(axis=-1)) - dot(T, z)) / z.shape[-2]


def sigmoid_squared_error_delta(z, a, T):
    return (a - T) * a * (1.0 - a)  # (ŷ − t)·σ'(z), with σ'(z) = ŷ(1 − ŷ)


def output_error(z, a, T):
    # δ_L = ŷ − t: the output's slope is 1 (linear + squared error) or cancels
    # against the loss's (sigmoid + binary, softmax + categorical cross-entropy).
    return a - T


@dataclass(frozen=True)
class OutputLoss:
    name: str
    label: str
    task: str                 # "classification" or "regression"
    one_output_per_class: bool
    activation: Callable
    loss: Callable
    delta: Callable
    objective_scale: float = 1.0
    # LaTeX lines, per example: the output ŷ, the loss J_n, and δ_L = ∂J_n/∂z_L.
    formula: tuple = ()
    output_range: tuple = (-math.inf, math.inf)  # (lowest, highest) value of each output


OUTPUT_LOSSES = {
    o.name: o
    for o in (
        OutputLoss("sigmoid-mse", "Sigmoid + mean squared error", "classification", False,
                   sigmoid, squared_error, sigmoid_squared_error_delta, objective_scale=0.5, output_range=(0.0, 1.0),
                   formula=(r"\hat y = \sigma(z_L)", r"J_n = \tfrac12 (\hat y - t)^2",
                            r"\delta_L = (\hat y - t)\,\hat y\,(1 - \hat y)")),
        OutputLoss("sigmoid-bce", "Sigmoid + binary cross-entropy", "classification", False,
                   sigmoid, binary_cross_entropy, output_error, output_range=(0.0, 1.0),
                   formula=(r"\hat y = \sigma(z_L)", r"J_n = -t \log \hat y - (1 - t) \log(1 - \hat y)",
                            r"\delta_L = \hat y - t")),
        OutputLoss("softmax-ce", "Softmax + cross-entropy", "classification", True,
                   softmax, cross_entropy, output_error, output_range=(0.0, 1.0),
                   formula=(r"\hat y_k = \frac{e^{z_{L,k}}}{\sum_j e^{z_{L,j}}}", r"J_n = -\sum_k t_k \log \hat y_k",
                            r"\delta_L = \hat y - t")),
        OutputLoss("linear-mse", "Linear + mean squared error", "regression", False,
                   identity, squared_error, output_error, objective_scale=0.5,
                   formula=(r"\hat y = z_L", r"J_n = \tfrac12 (\hat y - t)^2", r"\delta_L = \hat y - t")),
    )
}


# The output/loss pair used when a Config leaves ``output`` unset, per task.
DEFAULT_OUTPUT = {"classification": "softmax-ce", "regression": "linear-mse"}


@dataclass(frozen=True)
class Penalty:
    name: str
    label: str
    value: Callable     # (W, rate) -> float, for one weight matrix (per run for stacked ones)
    gradient: Callable  # (W, rate) -> array like W (or 0.0)
    formula: tuple = ()  # LaTeX lines: the penalty added to J, summed over the weight matrices


NO_PENALTY = "none"


def no_penalty(W, rate):
    return 0.0


def l1_penalty(W, rate):
    return rate * total(np.abs(W))


def l1_penalty_gradient(W, rate):
    return rate * np.sign(W)


def l2_penalty(W, rate):
    return 0.5 * rate * total(W * W)


def l2_penalty_gradient(W, rate):
    return rate * W


PENALTIES = {
    p.name: p
    for p in (
        Penalty(NO_PENALTY, "None", no_penalty, no_penalty),
        Penalty("l1", "L1", l1_penalty, l1_penalty_gradient, (r"\lambda \sum |W|",)),
        Penalty("l2", "L2", l2_penalty, l2_penalty_gradient, (r"\tfrac{\lambda}{2} \sum W^2",)),
    )
}
