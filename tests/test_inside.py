"""Per-layer gradient norms and activity (histograms, saturated and dead units): core/inside.py."""
import numpy as np
import pytest

from core import ACTIVATIONS, OUTPUT_LOSSES, Config, TrainingSession
from core.inside import layer_activity
from core.nn import Network
from tests.test_nn_gradients import numerical_gradients

SMALL = [Config(dataset="moons", n_points=30, hidden=(3,), activation="tanh", seed=1),
         Config(dataset="three-classes", n_points=30, hidden=(3, 2), activation="sigmoid", regularization="l2",
                reg_rate=0.05, lr=0.5),
         Config(dataset="plane", n_points=20, hidden=(4,), activation="relu", init="he", reduction="sum", lr=0.001)]


def recording(config):
    """A session for ``config`` that records its gradient norms."""
    session = TrainingSession(config)
    session.record_gradient_norms()
    return session


@pytest.mark.parametrize("config", SMALL, ids=lambda c: c.dataset)
def test_gradient_norms_equal_norms_of_finite_difference_gradients(config):
    session = recording(config)
    for epoch in range(3):
        numeric = numerical_gradients(session)
        session.step(1)
        expected = [np.linalg.norm(numeric[f"W{l}"]) for l in range(1, len(session.W) + 1)]
        np.testing.assert_allclose(session.gradient_norms.values()[epoch], expected, rtol=1e-5)
    assert session.snapshot(resolution=5).gradient_norms.shape == (3, len(session.W))


@pytest.mark.parametrize("seed", range(4))
def test_six_sigmoid_layers_the_first_gradient_is_orders_of_magnitude_below_the_last(seed):
    # From the start; later the output layer itself settles on the class balance and its gradient shrinks too.
    session = recording(Config(dataset="circles", hidden=(8,) * 6, activation="sigmoid", lr=0.3, seed=seed))
    session.step(3)
    norms = session.snapshot(resolution=5).gradient_norms
    assert (norms[:, 0] < 1e-2 * norms[:, -1]).all()
    assert (np.diff(norms[0]) > 0).all()  # and it grows layer by layer towards the output


def test_mini_batch_norms_are_the_same_trained_in_slices_or_at_once():
    config = Config(dataset="spiral", hidden=(5, 5), batch_size=16, n_points=100)
    whole, sliced = recording(config), recording(config)
    whole.step(4)
    while sliced.epoch < 4:
        sliced.step(1, time_budget=0)  # one mini-batch update per call
    np.testing.assert_array_equal(whole.gradient_norms.values(), sliced.gradient_norms.values())
    assert whole.gradient_norms.values().shape == (4, 3)


def test_replay_and_recover_keep_the_norms_of_their_epochs():
    session = recording(Config(dataset="moons", hidden=(4,), lr=0.1))
    session.step(130)  # past the first checkpoint of the last good network, at epoch 100
    kept = session.gradient_norms.values()[:100].copy()
    assert session.snapshot(resolution=5, epoch=60).gradient_norms.shape == (60, 2)
    session.update(lr=900.0)
    session.step(50)
    assert session.status == "diverged"
    session.recover()
    np.testing.assert_array_equal(session.gradient_norms.values(), kept)
    session.step(2)
    assert session.gradient_norms.values().shape == (102, 2)


def test_norms_are_recorded_only_while_asked_and_the_switch_outlives_a_rebuild():
    session = TrainingSession(Config(dataset="moons", hidden=(4,)))
    session.step(5)
    assert session.snapshot(resolution=5).gradient_norms.shape == (0, 2)  # nobody asked: nothing kept
    session.record_gradient_norms()
    session.step(3)
    norms = session.snapshot(resolution=5).gradient_norms
    assert norms.shape == (8, 2) and np.isnan(norms[:5]).all() and (norms[5:] > 0).all()
    session.update(hidden=(4, 4))  # a new network, still recorded
    session.step(2)
    assert session.gradient_norms.values().shape == (2, 3) and (session.gradient_norms.values() > 0).all()
    session.record_gradient_norms(False)
    session.step(2)
    assert session.gradient_norms.values().shape == (2, 3)


def hand_network(activation, W1, b1):
    """Two inputs, len(b1) hidden units of ``activation``, one linear output."""
    W1, b1 = np.array(W1, dtype=float), np.array([b1], dtype=float)
    return Network([W1, np.ones((W1.shape[1], 1))], [b1, np.zeros((1, 1))], ACTIVATIONS[activation],
                   OUTPUT_LOSSES["linear-mse"])


POINTS = np.random.RandomState(0).uniform(-1, 1, (50, 2))


def test_a_relu_below_zero_on_every_point_is_dead_and_the_others_are_not():
    # unit 0: z = −1 everywhere; unit 1: z = x1, positive on about half the points
    activity, = layer_activity(hand_network("relu", [[0.0, 1.0], [0.0, 0.0]], [-1.0, 0.0]), POINTS)
    assert activity.dead.tolist() == [True, False] and not activity.saturated.any()


def test_a_sigmoid_with_large_weights_is_saturated():
    activity, = layer_activity(hand_network("sigmoid", [[500.0, 0.3], [0.0, 0.2]], [0.0, 0.0]), POINTS)
    assert activity.saturated.tolist() == [True, False]


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_histograms_count_every_point_once_as_numpy_does(activation):
    network = hand_network(activation, [[1.0, -2.0, 0.5], [0.5, 1.0, 3.0]], [0.1, 0.0, -0.2])
    activity, = layer_activity(network, POINTS)
    a = network.forward(POINTS)[1][1]
    for unit in range(3):
        expected, _ = np.histogram(a[:, unit], activity.edges)
        np.testing.assert_array_equal(activity.counts[unit], expected)
    if ACTIVATIONS[activation].bounded:
        assert (activity.edges[0], activity.edges[-1]) == ACTIVATIONS[activation].output_range


def test_no_points_no_activity():
    assert layer_activity(hand_network("tanh", [[1.0], [1.0]], [0.0]), POINTS[:0]) == ()


def test_a_snapshot_counts_activity_from_its_own_forward_pass_as_a_fresh_one_would():
    """take_snapshot hands its training-set forward pass to layer_activity rather than run it twice."""
    session = TrainingSession(Config(dataset="moons", hidden=(5, 3), activation="relu"), seed=3)
    session.step(40)
    fresh = layer_activity(session.network, session.X)
    for got, expected in zip(session.snapshot(10).activity, fresh, strict=True):
        assert got.layer == expected.layer
        for field in ("counts", "edges", "saturated", "dead"):
            np.testing.assert_array_equal(getattr(got, field), getattr(expected, field))
