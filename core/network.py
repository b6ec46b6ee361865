"""Forward and backward passes of a fully connected network.

Notation as in both tutorials, with layers counted from 1: a0 = X, and for
layer l, z_l = a_{l-1} · W_l + b_l, a_l = f(z_l).  Hidden layers use one
activation ``f``; the last layer uses the output's activation.  In code, the
lists are 0-based: ``W[0]`` is W1, ``z[0]`` is z1 and ``a[1]`` is a1.

Shapes: X (N, n_in); W_l (n_{l-1}, n_l); b_l (1, n_l); z_l and a_l (N, n_l).

Both passes can write into a ``Workspace`` of preallocated arrays instead of
allocating new ones: on 10,000 points that saves a fresh, page-faulted
megabyte-sized array per operation per epoch.  Results that live in a
workspace are overwritten by its next use, so snapshots use none.
"""
import numpy as np


class Workspace:
    """Reusable per-layer buffers for one batch size: z, a and backward scratch."""

    def __init__(self, n, layer_sizes):
        outs = layer_sizes[1:]
        self.z = [np.empty((n, k)) for k in outs]
        self.a = [np.empty((n, k)) for k in outs]
        self.delta = [np.empty((n, k)) for k in outs]
        self.slope = [np.empty((n, k)) for k in outs]


def forward(W, b, X, hidden, output_activation, ws=None):
    """Return (z, a): z = [z1 .. zL], a = [a0 = X, a1 .. aL]."""
    z, a = [], [X]
    last = len(W) - 1
    for l, (Wl, bl) in enumerate(zip(W, b)):
        zl = np.matmul(a[l], Wl, out=ws and ws.z[l])
        zl += bl
        z.append(zl)
        f = output_activation if l == last else hidden.function
        a.append(f(zl, out=ws and ws.a[l]))
    return z, a


def backward(W, z, a, delta, hidden, ws=None):
    """Backpropagate ``delta`` = ∂J/∂z_L (N, n_L) through the layers.

    Returns (dW, db) shaped like (W, b): dW_l = a_{l-1}ᵀ · δ_l, db_l = Σ_n δ_l,
    δ_{l-1} = (δ_l · W_lᵀ) ⊙ f'(z_{l-1}).
    """
    dW, db = [None] * len(W), [None] * len(W)
    for l in range(len(W) - 1, -1, -1):
        dW[l] = a[l].T @ delta
        db[l] = delta.sum(axis=0, keepdims=True)
        if l:
            delta = np.matmul(delta, W[l].T, out=ws and ws.delta[l - 1])
            delta *= hidden.derivative(z[l - 1], a[l], out=ws and ws.slope[l - 1])
    return dW, db
