"""Optimizers: each keeps its own state and moves parameters in place.

``step(params, grads, lr)`` takes two equal-length lists of arrays (each
gradient has its parameter's shape) and a learning rate; the state (velocity,
moment estimates) is created lazily, so one optimizer object serves any
network.  Changing ``lr`` between steps is always allowed.
"""
import numpy as np


class GradientDescent:
    """θ ← θ − lr·g"""
    name, label = "sgd", "Gradient descent"
    formula = (r"\theta \leftarrow \theta - \eta\, g",)

    def step(self, params, grads, lr):
        for p, g in zip(params, grads):
            p -= lr * g


class Momentum:
    """v ← β·v + g,  θ ← θ − lr·v  (a new lr acts on the whole velocity at once)."""
    name, label = "momentum", "Momentum"
    formula = (r"v \leftarrow \beta v + g \quad (\beta = 0.9)", r"\theta \leftarrow \theta - \eta\, v")

    def __init__(self, beta=0.9):
        self.beta, self.velocity = beta, None

    def step(self, params, grads, lr):
        if self.velocity is None:
            self.velocity = [np.zeros_like(p) for p in params]
        for p, g, v in zip(params, grads, self.velocity):
            v *= self.beta
            v += g
            p -= lr * v


class Adam:
    """Kingma & Ba (2015), Algorithm 1: θ ← θ − lr·m̂ / (√v̂ + ε), with the bias
    corrections m̂ = m / (1 − β₁ᵗ) and v̂ = v / (1 − β₂ᵗ)."""
    name, label = "adam", "Adam"
    formula = (r"m \leftarrow \beta_1 m + (1 - \beta_1) g", r"v \leftarrow \beta_2 v + (1 - \beta_2) g^2",
               r"\theta \leftarrow \theta - \eta\, \frac{\hat m}{\sqrt{\hat v} + \epsilon}")

    def __init__(self, beta1=0.9, beta2=0.999, eps=1e-8):
        self.beta1, self.beta2, self.eps = beta1, beta2, eps
        self.m = self.v = None
        self.t = 0

    def step(self, params, grads, lr):
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        self.t += 1
        c1, c2 = 1.0 - self.beta1 ** self.t, 1.0 - self.beta2 ** self.t
        for p, g, m, v in zip(params, grads, self.m, self.v):
            m *= self.beta1
            m += (1.0 - self.beta1) * g
            v *= self.beta2
            v += (1.0 - self.beta2) * g * g
            p -= self.move(m, v, c1, c2, lr)

    def move(self, m, v, c1, c2, lr):
        """The step to subtract from θ, given the moments and their corrections c = 1 − βᵗ."""
        return lr * (m / c1) / (np.sqrt(v / c2) + self.eps)


class AdamEfficient(Adam):
    """Kingma & Ba's "efficient" ordering, as in scikit-learn and Keras: ε is added
    to √v, not to √v̂, so it acts as ε·√(1 − β₂ᵗ) would on √v̂ (larger early on).
    θ ← θ − lr·(√(1 − β₂ᵗ) / (1 − β₁ᵗ))·m / (√v + ε)"""
    name, label = "adam-efficient", "Adam (efficient form, as scikit-learn)"
    formula = Adam.formula[:2] + (
        r"\theta \leftarrow \theta - \eta\, \frac{\sqrt{1 - \beta_2^t}}{1 - \beta_1^t}\, \frac{m}{\sqrt{v} + \epsilon}",)

    def move(self, m, v, c1, c2, lr):
        return lr * np.sqrt(c2) / c1 * m / (np.sqrt(v) + self.eps)


OPTIMIZERS = {cls.name: cls for cls in (GradientDescent, Momentum, Adam, AdamEfficient)}


def clip_by_global_norm(grads, max_norm):
    """Scale the gradients (a list of arrays) in place so that their global norm
    ‖g‖ = √(Σ over all arrays of Σ g²) is at most ``max_norm``; returns ‖g‖ before.
    The direction is kept: only a step that would be too long is shortened."""
    norm = float(np.sqrt(sum(np.vdot(g, g) for g in grads)))
    if norm > max_norm:
        for g in grads:
            g *= max_norm / norm
    return norm
