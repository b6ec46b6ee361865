"""A fully connected network: forward pass, backward pass, gradients.

Notation as in both tutorials, with layers counted from 1: a0 = X, and for
layer l, z_l = a_{l-1} · W_l + b_l, a_l = f_l(z_l).  Hidden layers use one
activation ``f`` or one each; the last layer uses the output's activation.  A
unit switched off by hand (core/surgery.py) has its output a_l held at 0, so
it passes nothing forward and no gradient back.  In code, the
lists are 0-based: ``W[0]`` is W1, ``z[0]`` is z1 and ``a[1]`` is a1.

Shapes: X (N, n_in); W_l (n_{l-1}, n_l); b_l (1, n_l); z_l and a_l (N, n_l).
Several networks of one shape can be trained as one computation: give every
array a leading run axis R (W_l (R, n_{l-1}, n_l), b_l (R, 1, n_l); X (N, n_in)
shared by all runs, or (R, N, n_in)), and each product becomes one batched
matrix product, run by run the same arithmetic as for a network alone.

Both passes can write into a ``Workspace`` of preallocated arrays instead of
allocating new ones: on 10,000 points that saves a fresh, page-faulted
megabyte-sized array per operation per epoch.  Results that live in a
workspace are overwritten by its next use, so snapshots use none.
"""
import numpy as np

from .losses import NO_PENALTY


def summed_over_examples(delta):
    """Σ_n δ_l over the examples: (..., 1, n_l) for δ_l (..., N, n_l), as db_l needs.
    For a layer of several units einsum adds the examples one after another, unit by
    unit, exactly as delta.sum(axis=-2) does, in half its time on a few hundred
    examples (and this runs every epoch).  A single unit's contiguous column is left
    to sum's pairwise addition, which einsum's order would not match."""
    if delta.shape[-1] == 1:
        return delta.sum(axis=-2, keepdims=True)
    return np.einsum("...nk->...k", delta)[..., None, :]


class Workspace:
    """Reusable per-layer buffers for one batch size: z, a and backward scratch;
    ``runs``: the leading run axes of stacked networks (none for one network)."""

    def __init__(self, n, layer_sizes, runs=()):
        shapes = [(*runs, n, k) for k in layer_sizes[1:]]
        self.z = [np.empty(shape) for shape in shapes]
        self.a = [np.empty(shape) for shape in shapes]
        self.delta = [np.empty(shape) for shape in shapes]
        self.slope = [np.empty(shape) for shape in shapes]


class Network:
    """Weights ``W`` and biases ``b`` (lists, one array per layer, trained in
    place), the hidden layers' ``activation`` (an ACTIVATIONS entry) and the
    ``output`` layer with its loss (an OUTPUT_LOSSES entry)."""

    def __init__(self, W, b, activation, output):
        self.W, self.b, self.output = W, b, output
        # ``activation`` is one entry for every hidden layer, or a list of one per hidden layer.
        self.activations = list(activation) if isinstance(activation, (list, tuple)) else [activation] * (len(W) - 1)
        # Units switched off by hand, {hidden layer l (0-based, a[l + 1]): their indices}: outputs held at 0.
        self.switched_off = {}

    def forward(self, X, ws=None):
        """Return (z, a): z = [z1 .. zL], a = [a0 = X, a1 .. aL]."""
        z, a = [], [X]
        last = len(self.W) - 1
        for l, (Wl, bl) in enumerate(zip(self.W, self.b)):
            zl = np.matmul(a[l], Wl, out=ws and ws.z[l])
            zl += bl
            z.append(zl)
            f = self.output.activation if l == last else self.activations[l].function
            al = f(zl, out=ws and ws.a[l])
            if l in self.switched_off:
                al[..., self.switched_off[l]] = 0.0
            a.append(al)
        return z, a

    def predict(self, X):
        """The network's outputs a_L (N, n_L) for inputs X (N, n_in)."""
        return self.forward(X)[1][-1]

    def backward(self, z, a, delta, ws=None):
        """Backpropagate ``delta`` = ∂J/∂z_L (N, n_L) through the layers.

        Returns (dW, db) shaped like (W, b): dW_l = a_{l-1}ᵀ · δ_l, db_l = Σ_n δ_l,
        δ_{l-1} = (δ_l · W_lᵀ) ⊙ f'(z_{l-1}).
        """
        W = self.W
        dW, db = [None] * len(W), [None] * len(W)
        for l in range(len(W) - 1, -1, -1):
            dW[l] = a[l].mT @ delta  # .mT transposes the last two axes: each run's matrix
            db[l] = summed_over_examples(delta)
            if l:
                delta = self.back_through(l, delta, out=ws and ws.delta[l - 1])
                delta *= self.activations[l - 1].derivative(z[l - 1], a[l], out=ws and ws.slope[l - 1])
                if l - 1 in self.switched_off:
                    delta[..., self.switched_off[l - 1]] = 0.0  # a held output passes no gradient back
        return dW, db

    def back_through(self, l, delta, out=None):
        """δ_l · W_lᵀ, (..., N, n_{l-1}): the error sent back through layer l's weights.
        Behind a layer of one unit it is an outer product, each entry one exact
        multiplication; for a network alone np.dot hands that to BLAS in a quarter of
        the time matmul takes computing it itself (matmul uses no BLAS for an inner
        dimension of 1), with the same result."""
        if delta.ndim == 2 and delta.shape[1] == 1:
            return np.dot(delta, self.W[l].T, out=out)
        return np.matmul(delta, self.W[l].mT, out=out)

    def gradients(self, X, T, mean, penalty, rate, ws=None, cache=None):
        """(dW, db) of the objective on the examples X (N, n_in), targets T (N, n_L):
        the per-example losses averaged (``mean``) or summed, plus the weight
        ``penalty`` (a PENALTIES entry) at ``rate``.  ``cache``: this network's
        forward pass of X, if already made."""
        z, a = cache or self.forward(X, ws)
        delta = self.output.delta(z[-1], a[-1], T)
        if mean:
            delta *= 1.0 / X.shape[-2]
        dW, db = self.backward(z, a, delta, ws)
        if penalty.name != NO_PENALTY:
            dW = [dWl + penalty.gradient(Wl, rate) for dWl, Wl in zip(dW, self.W)]
        return dW, db

    def penalty(self, penalty, rate):
        """The weight penalty (a PENALTIES entry) at ``rate``, summed over the weight
        matrices: a float, or an array (R,) for stacked networks."""
        if penalty.name == NO_PENALTY:
            return 0.0
        return sum(penalty.value(Wl, rate) for Wl in self.W)
