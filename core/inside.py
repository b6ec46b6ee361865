"""Seeing inside a network while it trains: how large each layer's gradient is,
and what its units do on the training points (histograms; saturated and dead units).

With six sigmoid layers the first layer's gradient is orders of magnitude
smaller than the last's (vanishing gradients); a ReLU unit negative on every
point never learns again (dead).  These are the numbers behind those views.
"""
import math
from dataclasses import dataclass

import numpy as np

from .history import LossHistory

HISTOGRAM_BINS = 20
# A bounded unit is saturated when its output lies within SATURATED_WITHIN of
# either end of its range on at least SATURATED_SHARE of the points: there its
# slope f'(z) is nearly 0 and little gradient passes back through it.
SATURATED_WITHIN = 0.02
SATURATED_SHARE = 0.95


class GradientNorms:
    """Per-layer norms ‖∂J/∂W_l‖ (Frobenius) of the weight gradients, one row per
    epoch: row k is the mean over epoch k's updates (one for full batch) of the
    gradients that moved the network on from epoch k's parameters, before any
    clipping.  ``values()`` is (epochs, layers) up to the last epoch recorded.

    Kept only while ``recording`` (off at first): the norms cost a few per cent
    of a small network's epoch, which training that nobody watches need not pay.
    Epochs trained while not recording are NaN rows."""

    def __init__(self, layers, recording=False):
        self.history = LossHistory((layers,))
        self.recording = recording
        self._epoch_updates = []  # the epoch in progress: per update, its norms by layer

    def add(self, dW):
        """Count one update's weight gradients dW (a list like W)."""
        self._epoch_updates.append([math.sqrt(np.vdot(d, d)) for d in dW])

    def end_epoch(self, epoch):
        """Close ``epoch``'s row: the mean over the updates counted since the last one."""
        updates = self._epoch_updates
        if updates:  # none when recording began at the epoch's end
            self.history.set(epoch, updates[0] if len(updates) == 1 else np.mean(updates, axis=0))
        self._epoch_updates = []

    def truncated(self, epochs):
        """A copy holding the first ``epochs`` rows, with no epoch in progress (training went back)."""
        new = GradientNorms(self.history.values().shape[1], self.recording)
        new.history = self.history.truncated(epochs)
        return new

    def values(self):
        return self.history.values()


@dataclass(frozen=True)
class LayerActivity:
    """Hidden layer ``layer``'s units (1-based, as a1 is layer 1's) on the training
    points: ``counts`` (units, bins) histograms of each unit's activations over the
    shared bin ``edges`` (bins + 1,); ``saturated`` and ``dead`` (units,) flags."""
    layer: int
    counts: np.ndarray
    edges: np.ndarray
    saturated: np.ndarray
    dead: np.ndarray


def _histograms(a, edges):
    """(units, bins) counts of the columns of a (N, units) in the bins ``edges``."""
    bins = len(edges) - 1
    width = edges[-1] - edges[0]
    scaled = (a - edges[0]) * (bins / width) if width > 0 else np.zeros_like(a)
    index = np.clip(np.nan_to_num(scaled, nan=0.0).astype(int), 0, bins - 1)
    index += np.arange(a.shape[1]) * bins
    return np.bincount(index.ravel(), minlength=a.shape[1] * bins).reshape(a.shape[1], bins)


def _edges(a, activation, bins):
    low, high = activation.output_range
    if not activation.bounded:
        finite = a[np.isfinite(a)]
        low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        if low == high:
            low, high = low - 0.5, high + 0.5
    return np.linspace(low, high, bins + 1)


def _saturated(a, activation):
    if not activation.bounded:
        return np.zeros(a.shape[1], dtype=bool)
    low, high = activation.output_range
    near_an_end = (a <= low + SATURATED_WITHIN) | (a >= high - SATURATED_WITHIN)
    return near_an_end.mean(axis=0) >= SATURATED_SHARE


def layer_activity(network, X, bins=HISTOGRAM_BINS, forward=None):
    """A LayerActivity per hidden layer of ``network`` (core.nn.Network) on the inputs
    X (N, n_in); ``forward``: network.forward(X) when the caller has it already.  A
    unit is dead when its slope f'(z) is 0 on every point (a ReLU with z ≤ 0
    everywhere): no gradient reaches its incoming weights, so it cannot recover.
    Bounded activations are binned over their whole range.  No points: ()."""
    if not len(X):
        return ()
    z, a = forward or network.forward(X)
    activity = []
    for l, activation in enumerate(network.activations):
        zl, al = z[l], a[l + 1]
        dead = ~activation.derivative(zl, al).any(axis=0)
        edges = _edges(al, activation, bins)
        activity.append(LayerActivity(l + 1, _histograms(al, edges), edges, _saturated(al, activation), dead))
    return tuple(activity)
