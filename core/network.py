"""Forward and backward passes of a fully connected network.

Notation as in both tutorials, with layers counted from 1: a0 = X, and for
layer l, z_l = a_{l-1} · W_l + b_l, a_l = f(z_l).  Hidden layers use one
activation ``f``; the last layer uses the output's activation.  In code, the
lists are 0-based: ``W[0]`` is W1, ``z[0]`` is z1 and ``a[1]`` is a1.

Shapes: X (N, n_in); W_l (n_{l-1}, n_l); b_l (1, n_l); z_l and a_l (N, n_l).
"""


def forward(W, b, X, hidden, output_activation):
    """Return (z, a): z = [z1 .. zL], a = [a0 = X, a1 .. aL]."""
    z, a = [], [X]
    last = len(W) - 1
    for l, (Wl, bl) in enumerate(zip(W, b)):
        zl = a[l] @ Wl + bl
        z.append(zl)
        a.append(output_activation(zl) if l == last else hidden.function(zl))
    return z, a


def backward(W, z, a, delta, hidden):
    """Backpropagate ``delta`` = ∂J/∂z_L (N, n_L) through the layers.

    Returns (dW, db) shaped like (W, b): dW_l = a_{l-1}ᵀ · δ_l, db_l = Σ_n δ_l,
    δ_{l-1} = (δ_l · W_lᵀ) ⊙ f'(z_{l-1}).
    """
    dW, db = [None] * len(W), [None] * len(W)
    for l in range(len(W) - 1, -1, -1):
        dW[l] = a[l].T @ delta
        db[l] = delta.sum(axis=0, keepdims=True)
        if l:
            delta = (delta @ W[l].T) * hidden.derivative(z[l - 1], a[l])
    return dW, db
