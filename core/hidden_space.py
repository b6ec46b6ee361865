"""The data as the last hidden layer sees it.

The output layer is a linear map followed by the output activation, so in the
space of the last hidden layer's activations the network's decision is simple:
with two classes, a line (2 neurons) or a plane (3 neurons).  This is where a
class can *see* that the hidden layer has made XOR linearly separable.

With more than three neurons the points are projected on their first two
principal components, and the output is shown on that plane (through the
points' mean), where it is exact.
"""
from dataclasses import dataclass
from typing import Optional

import numpy as np


@dataclass(frozen=True)
class HiddenSpace:
    """``points`` (N, d) are the training points' coordinates, d = 1, 2 or 3;
    ``axes`` names each coordinate.  For d = 1 or 2, ``grid_u``/``grid_v`` (R,)
    span the coordinates and ``grid_output`` (R, R, K) is the network's output
    there (d = 1: v is unused and repeated).  For d = 3 and two classes,
    ``plane`` holds (u, v, w) grids of the decision plane, else None."""
    points: np.ndarray
    axes: tuple
    grid_u: Optional[np.ndarray]
    grid_v: Optional[np.ndarray]
    grid_output: Optional[np.ndarray]
    plane: Optional[tuple]
    projected: bool


def _span(values, resolution):
    lo, hi = float(values.min()), float(values.max())
    pad = 0.1 * max(hi - lo, 1e-3)
    return np.linspace(lo - pad, hi + pad, resolution)


def decision_weights(W, b, one_output_per_class):
    """(w, c) such that the predicted class is 1 where h·w + c > 0 (two classes)."""
    if not one_output_per_class:
        return W[:, 0], b[0, 0]
    return W[:, 1] - W[:, 0], b[0, 1] - b[0, 0]


def hidden_space(H, W, b, output_activation, one_output_per_class, resolution=40):
    """``H`` (N, m): last hidden layer's activations; ``W`` (m, K), ``b`` (1, K):
    the output layer.  Returns a HiddenSpace, or None when any of them is not
    finite (a diverged network): such points have no place to be drawn, and
    their principal components do not exist."""
    if not all(np.isfinite(values).all() for values in (H, W, b)):
        return None
    m = H.shape[1]
    if m <= 2:
        u = _span(H[:, 0], resolution)
        v = _span(H[:, 1], resolution) if m == 2 else np.zeros(resolution)
        uu, vv = np.meshgrid(u, v)
        plane_points = np.column_stack([uu.ravel(), vv.ravel()])[:, :m]
        out = output_activation(plane_points @ W + b).reshape(resolution, resolution, -1)
        axes = tuple(f"h{i + 1}" for i in range(m))
        return HiddenSpace(H.copy(), axes, u, v if m == 2 else None, out, None, False)
    if m == 3:
        plane = None
        if W.shape[1] <= 2:
            w, c = decision_weights(W, b, one_output_per_class)
            if abs(w[2]) > 1e-9:
                u, v = _span(H[:, 0], 30), _span(H[:, 1], 30)
                uu, vv = np.meshgrid(u, v)
                ww = -(w[0] * uu + w[1] * vv + c) / w[2]
                lo, hi = _span(H[:, 2], 2)[[0, -1]]
                plane = (uu, vv, np.where((ww >= lo) & (ww <= hi), ww, np.nan))
        return HiddenSpace(H.copy(), ("h1", "h2", "h3"), None, None, None, plane, False)
    mean = H.mean(axis=0)
    centred = H - mean
    if not np.isfinite(centred).all():  # values near the float limit overflow here
        return None
    _, _, Vt = np.linalg.svd(centred, full_matrices=False)
    # (2, m); a single point has one direction at most, and any plane through it will do.
    basis = Vt[:2] if len(Vt) >= 2 else np.eye(m)[:2]
    coords = centred @ basis.T
    u, v = _span(coords[:, 0], resolution), _span(coords[:, 1], resolution)
    uu, vv = np.meshgrid(u, v)
    back = mean + np.column_stack([uu.ravel(), vv.ravel()]) @ basis
    out = output_activation(back @ W + b).reshape(resolution, resolution, -1)
    return HiddenSpace(coords, ("PC 1", "PC 2"), u, v, out, None, True)
