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
    formula = r"\theta \leftarrow \theta - \eta\, g"

    def step(self, params, grads, lr):
        for p, g in zip(params, grads):
            p -= lr * g


class Momentum:
    """v ← β·v + g,  θ ← θ − lr·v  (a new lr acts on the whole velocity at once)."""
    name, label = "momentum", "Momentum"
    formula = r"v \leftarrow \beta v + g, \quad \theta \leftarrow \theta - \eta\, v \quad (\beta = 0.9)"

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
    """Kingma & Ba (2015) with bias correction: θ ← θ − lr·m̂ / (√v̂ + ε)."""
    name, label = "adam", "Adam"
    formula = (r"m \leftarrow \beta_1 m + (1 - \beta_1) g, \quad v \leftarrow \beta_2 v + (1 - \beta_2) g^2, \quad "
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
            p -= lr * (m / c1) / (np.sqrt(v / c2) + self.eps)


OPTIMIZERS = {cls.name: cls for cls in (GradientDescent, Momentum, Adam)}
