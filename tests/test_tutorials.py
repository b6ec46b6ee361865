"""Both tutorials reproduced from their own code, to 1e-9."""
import numpy as np
import pytest

from core import TrainingSession, preset
from tests.tutorial_reference import britz_moons, xor_tutorial


@pytest.mark.parametrize("overrides, reference", [
    ({}, {}),
    ({"hidden": (5,), "lr": 0.5}, {"hidden": 5, "lr": 0.5}),
    ({"seed": 3}, {"seed": 3}),
])
def test_xor_preset_reproduces_the_tutorial(overrides, reference):
    losses, outputs = xor_tutorial(**reference)
    session = TrainingSession(preset("xor-tutorial", **overrides))
    session.step(10_000)
    np.testing.assert_allclose(session.train_loss, losses, rtol=0, atol=1e-9)
    np.testing.assert_allclose(session.predict(session.data.X_train), outputs, rtol=0, atol=1e-9)


def test_xor_tutorial_seed_gets_stuck_with_two_outputs_near_half():
    session = TrainingSession(preset("xor-tutorial"))
    session.step(10_000)
    outputs = session.predict(session.data.X_train).ravel()
    assert np.sum(np.abs(outputs - 0.5) < 0.05) == 2
    assert session.snapshot(resolution=2).train_accuracy == 0.5


@pytest.mark.parametrize("hidden", [3, 5])
def test_britz_preset_reproduces_the_article(hidden):
    losses, W1, W2 = britz_moons(hidden=hidden, passes=20_000)
    session = TrainingSession(preset("britz-moons", hidden=(hidden,)))
    session.step(20_000)
    np.testing.assert_allclose(session.train_loss, losses, rtol=0, atol=1e-9)
    np.testing.assert_allclose(session.W[0], W1, rtol=0, atol=1e-9)
    np.testing.assert_allclose(session.W[1], W2, rtol=0, atol=1e-9)
    if hidden == 3:
        assert round(session.train_loss[1], 6) == 0.432387  # the article's first printed loss
