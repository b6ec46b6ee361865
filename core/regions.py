"""Linear regions of a ReLU network over the input plane.

Each ReLU unit is on (z > 0) or off, and on each set of points sharing one
on/off pattern of all the hidden units the network is a single linear (affine)
function: a linear region.  A first-layer unit switches along its hinge line
w1·x1 + w2·x2 + b = 0, so one hidden layer of k units splits the plane by k
lines into at most 1 + k + k(k − 1)/2 regions; deeper layers fold the plane
and can make many more.  Regions are counted on a grid, so a region too thin
for the grid to sample goes uncounted: the count is a lower bound on the plane shown.
"""
from dataclasses import dataclass, replace
from typing import Optional

import numpy as np

from .nn import RAW_FEATURES, Network
from .session import TrainingSession

# Activations whose units switch on and off at z = 0 (the linear one never switches).
HINGED = frozenset({"relu", "leaky-relu"})
PIECEWISE_LINEAR = HINGED | {"linear"}


@dataclass(frozen=True)
class Regions:
    """``region`` (R, R): each grid point's region number, indexed [y row, x column]
    over ``grid_x``, ``grid_y`` (R,); ``count``: the number of regions on the grid;
    ``hinges`` (k, 3): (w1, w2, b) of each first-layer unit's hinge line
    w1·x1 + w2·x2 + b = 0, or None when the inputs are not the raw (x1, x2)."""
    grid_x: np.ndarray
    grid_y: np.ndarray
    region: np.ndarray
    count: int
    hinges: Optional[np.ndarray]


def on_off_patterns(network, X):
    """(N, units) booleans: which hinged hidden units are on (z > 0) at inputs X (N, n_in).
    A unit switched off by hand never switches and so adds no column of use."""
    names = [a.name for a in network.activations]
    if not set(names) <= PIECEWISE_LINEAR:
        raise ValueError(f"linear regions need ReLU-like or linear hidden layers, not {', '.join(names)}")
    z, a = network.forward(X)
    return np.hstack([a[l + 1] > 0 for l, name in enumerate(names) if name in HINGED] or [np.zeros((len(X), 0), bool)])


def count_regions(patterns):
    """(number of distinct rows, each row's region number (N,)) of on/off patterns (N, units)."""
    if patterns.shape[1] == 0:
        return 1, np.zeros(len(patterns), dtype=int)
    distinct, region = np.unique(np.packbits(patterns, axis=1), axis=0, return_inverse=True)
    return len(distinct), region.ravel()


def linear_regions(session, resolution=200, epoch=None):
    """The Regions of ``session``'s network (a TrainingSession) over its plane, on an R×R
    grid, at ``epoch`` (default: now; else the recorded epoch at or before it, as Rewind shows)."""
    network = session.network
    if epoch is not None and epoch < session.epoch:
        network = Network(*session.recording.at(epoch)[1:], session.activations, session.output)
        network.switched_off = session.network.switched_off  # replays show today's switches
    gx, gy, inputs = session.examples.grids.at(resolution)
    count, region = count_regions(on_off_patterns(network, inputs))
    hinges = None
    if tuple(session.config.features) == RAW_FEATURES and len(network.W) > 1:
        hinges = np.vstack([network.W[0], network.b[0]]).T
    return Regions(gx, gy, region.reshape(len(gy), len(gx)), count, hinges)


def region_sweep(config, depths, widths, epochs=0, resolution=200, data=None):
    """Region counts (len(depths), len(widths)) of ReLU networks made from ``config``
    (a Config) with ``depth`` hidden layers of ``width`` units each, after ``epochs``;
    ``data``: the Dataset to train on when it is one's own (see TrainingSession)."""
    counts = np.zeros((len(depths), len(widths)), dtype=int)
    for i, depth in enumerate(depths):
        for j, width in enumerate(widths):
            session = TrainingSession(replace(config, hidden=(width,) * depth, activation="relu", layer_activations=()),
                                      data)
            session.step(epochs)
            counts[i, j] = linear_regions(session, resolution).count
    return counts
