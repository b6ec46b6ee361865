"""Neuron surgery (core/surgery.py): switched-off units give nothing, frozen units stay put, undo works."""
import numpy as np
import pytest

from core import OPTIMIZERS, Config, TrainingSession
from tests.test_nn_gradients import numerical_gradients

CONFIG = Config(dataset="spiral", n_points=60, hidden=(5, 4), activation="tanh", lr=0.05, seed=2)


def objective(session):
    """The training objective of the session's own network (mean cross-entropy, no penalty)."""
    z, a = session.network.forward(session.X)
    return session.output.loss(z[-1], a[-1], session.T)


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
@pytest.mark.parametrize("batch_size", [0, 16])
def test_a_frozen_unit_is_bit_for_bit_unchanged_while_the_rest_trains(optimizer, batch_size):
    session = TrainingSession(CONFIG, optimizer=optimizer, batch_size=batch_size, lr=0.01)
    session.step(20)  # momentum and Adam now hold state that would move the unit on
    session.freeze(2, 1)
    session.freeze(1, 3)
    before = session.params()
    session.step(30)
    after = session.params()
    assert session.surgery.frozen == [(1, 3), (2, 1)]
    for layer, unit in session.surgery.frozen:
        for name in (f"W{layer}", f"b{layer}"):
            assert before[name][:, unit].tobytes() == after[name][:, unit].tobytes(), name
    assert not np.array_equal(before["W1"][:, 0], after["W1"][:, 0])
    session.freeze(2, 1, frozen=False)
    session.step(5)
    assert not np.array_equal(after["W2"][:, 1], session.params()["W2"][:, 1])
    assert session.params()["W1"][:, 3].tobytes() == before["W1"][:, 3].tobytes()


def test_a_switched_off_unit_contributes_nothing_to_the_output():
    session = TrainingSession(CONFIG)
    session.step(50)
    points = session.data.X_train
    session.switch_off(1, 2)
    held = session.predict(points)
    assert (session.snapshot(resolution=5).train_hidden[0][:, 2] == 0).all()
    session.set_parameter("W2", (2, 0), 123.0)  # whatever it sends on, nothing arrives
    session.set_parameter("W1", (0, 2), -7.0)   # whatever it receives
    np.testing.assert_array_equal(session.predict(points), held)
    sent, received = session.params()["W2"][2], session.params()["W1"][:, 2]
    session.step(10)  # and its weights get no gradient either way
    np.testing.assert_array_equal(session.params()["W2"][2], sent)
    np.testing.assert_array_equal(session.params()["W1"][:, 2], received)


def test_switching_back_on_undoes_it_and_the_loss_reacts_at_once():
    session = TrainingSession(CONFIG)
    session.step(50)
    points, loss = session.data.X_train, session.train_loss[-1]
    before = session.predict(points)
    session.switch_off(2, 0)
    assert session.train_loss[-1] != loss and session.surgery.switched_off == [(2, 0)]
    session.switch_off(2, 0, off=False)
    np.testing.assert_array_equal(session.predict(points), before)
    assert session.train_loss[-1] == loss and session.surgery.switched_off == []


def test_with_units_switched_off_the_gradients_of_the_rest_match_finite_differences():
    session = TrainingSession(CONFIG)
    session.step(30)
    session.switch_off(1, 0)
    session.switch_off(2, 3)
    analytic, numeric = session.gradients(), numerical_gradients(session, objective=objective)
    for name in analytic:
        np.testing.assert_allclose(analytic[name], numeric[name], atol=1e-7, rtol=1e-5, err_msg=name)
    assert not analytic["W1"][:, 0].any() and not analytic["b2"][:, 3].any()


def test_a_replay_shows_todays_switches_and_a_rebuild_clears_them():
    session = TrainingSession(CONFIG)
    session.step(20)
    session.switch_off(1, 4)
    assert (session.snapshot(resolution=5, epoch=10).train_hidden[0][:, 4] == 0).all()
    session.update(hidden=(5, 3))
    assert session.surgery.switched_off == [] and session.surgery.frozen == []


@pytest.mark.parametrize("layer, unit", [(0, 0), (3, 0), (1, 5), (2, -1)])
def test_only_hidden_units_can_be_operated_on(layer, unit):
    session = TrainingSession(CONFIG)
    with pytest.raises(ValueError):
        session.switch_off(layer, unit)
    with pytest.raises(ValueError):
        session.freeze(layer, unit)
