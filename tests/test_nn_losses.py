"""Losses against their textbook formulas, and finite at extreme logits."""
import numpy as np
import pytest

from core import ACTIVATIONS, OUTPUT_LOSSES


def test_loss_values_match_their_textbook_formulas():
    rng = np.random.RandomState(0)
    z = rng.randn(6, 3)
    y = np.array([0, 2, 1, 1, 0, 2])
    T = np.eye(3)[y]
    ce = OUTPUT_LOSSES["softmax-ce"]
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    assert ce.loss(z, ce.activation(z), T) == pytest.approx(np.mean(-np.log(p[range(6), y])))
    bce = OUTPUT_LOSSES["sigmoid-bce"]
    z1, t = z[:, :1], (y[:, None] > 0).astype(float)
    a = 1 / (1 + np.exp(-z1))
    assert bce.loss(z1, a, t) == pytest.approx(np.mean(-(t * np.log(a) + (1 - t) * np.log(1 - a))))


def test_extreme_logits_give_finite_losses_without_warnings():
    z = np.array([[-800.0, 800.0], [800.0, -800.0]])
    with np.errstate(over="raise", divide="raise", invalid="raise"):  # underflow to 0 is fine
        for out in OUTPUT_LOSSES.values():
            zz = z if out.one_output_per_class else z[:, :1]
            T = np.eye(2) if out.one_output_per_class else np.array([[1.0], [0.0]])
            a = out.activation(zz)
            assert np.isfinite(out.loss(zz, a, T))
            assert np.all(np.isfinite(out.delta(zz, a, T)))
        for act in ACTIVATIONS.values():
            a = act.function(z)
            assert np.all(np.isfinite(act.derivative(z, a)))
