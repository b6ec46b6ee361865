"""Backpropagation against finite differences, for every activation, output/loss and penalty."""
import itertools

import numpy as np
import pytest

from core import ACTIVATIONS, OUTPUT_LOSSES, PENALTIES, Config, TrainingSession
from core.nn import Network


def objective(session):
    """The training objective, computed from the registries' value functions."""
    cfg, out = session.config, session.output
    z, a = Network(session.W, session.b, session.activations, out).forward(session.X)
    data = out.objective_scale * out.loss(z[-1], a[-1], session.T)
    if cfg.reduction == "sum":
        data *= len(session.X)
    penalty = sum(PENALTIES[cfg.regularization].value(W, cfg.reg_rate) for W in session.W)
    return data + penalty


def numerical_gradients(session, h=1e-6, objective=objective):
    """Central differences of ``objective(session)`` in every weight and bias, named like ``params()``."""
    grads = {}
    for name, layers in (("W", session.W), ("b", session.b)):
        for l, P in enumerate(layers, start=1):
            g = np.zeros_like(P)
            for idx in np.ndindex(P.shape):
                keep = P[idx]
                P[idx] = keep + h
                up = objective(session)
                P[idx] = keep - h
                down = objective(session)
                P[idx] = keep
                g[idx] = (up - down) / (2 * h)
            grads[f"{name}{l}"] = g
    return grads


def assert_gradients_match(session):
    analytic, numeric = session.gradients(), numerical_gradients(session)
    for name in analytic:
        scale = max(1.0, np.abs(numeric[name]).max())
        np.testing.assert_allclose(analytic[name], numeric[name], atol=2e-6 * scale, rtol=1e-4,
                                   err_msg=name)


OUTPUT_DATA = {"sigmoid-mse": "moons", "sigmoid-bce": "moons", "softmax-ce": "three-classes",
               "linear-mse": "multi-gaussian"}


@pytest.mark.parametrize("activation, output, penalty", list(itertools.product(
    ACTIVATIONS, OUTPUT_LOSSES, PENALTIES)))
def test_gradients_match_finite_differences(activation, output, penalty):
    session = TrainingSession(Config(
        dataset=OUTPUT_DATA[output], n_points=30, hidden=(4,), activation=activation,
        output=output, regularization=penalty, reg_rate=0.05, seed=3, init="normal"))
    assert_gradients_match(session)


@pytest.mark.parametrize("hidden, reduction, features", [
    ((5, 3), "mean", ("x1", "x2")),
    ((3, 4, 2), "sum", ("x1", "x2", "x1^2", "x1*x2", "sin(x2)")),
    ((), "mean", ("x1^2", "x2^2")),
])
def test_gradients_deeper_and_shallower_networks(hidden, reduction, features):
    session = TrainingSession(Config(dataset="moons", n_points=25, hidden=hidden, activation="tanh",
                                     regularization="l2", reg_rate=0.01, reduction=reduction,
                                     features=features, seed=1))
    session.step(5)  # away from the initial point
    assert_gradients_match(session)
