"""Learning-rate schedules, gradient clipping and one activation per hidden layer:
their maths, their use in training, their validation and their links."""
import math

import numpy as np
import pytest

from core import ACTIVATIONS, Config, TrainingSession
from core.nn import SCHEDULES, clip_by_global_norm
from core.sharing import config_from_params, config_to_params
from tests.test_nn_gradients import assert_gradients_match

LR, K, GAMMA, S = 0.4, 0.05, 0.5, 30
EPOCHS = (0, 1, 29, 30, 31, 59, 60, 75, 200)
BY_HAND = {
    "constant": lambda t: LR,
    "inverse-time": lambda t: LR / (1 + K * t),
    "step": lambda t: LR * GAMMA ** math.floor(t / S),
    "exponential": lambda t: LR * math.exp(t / S * math.log(GAMMA)),
    "cosine": lambda t: LR / 2 * (1 + math.cos(math.pi * min(t, S) / S)),
}


def test_every_schedule_is_written_by_hand_here():
    assert set(BY_HAND) == set(SCHEDULES)
    assert all(s.formula and all(isinstance(line, str) for line in s.formula) for s in SCHEDULES.values())


@pytest.mark.parametrize("name", SCHEDULES)
def test_each_schedules_rate_at_chosen_epochs_equals_its_formula(name):
    config = Config(lr=LR, lr_decay=K if name == "inverse-time" else 0.0, schedule=name, schedule_factor=GAMMA,
                    schedule_epochs=S)
    session = TrainingSession(config)
    for t in EPOCHS:
        assert session.learning_rate(t) == pytest.approx(BY_HAND[name](t), rel=1e-12, abs=1e-15), t


@pytest.mark.parametrize("name", ["step", "cosine"])
def test_training_steps_with_the_scheduled_rate(name):
    # plain gradient descent: each update is exactly −η_t · g
    session = TrainingSession(Config(lr=LR, schedule=name, schedule_factor=GAMMA, schedule_epochs=S))
    session.step(S - 1)
    for t in (S - 1, S):
        before, gradient = session.params()["W1"], session.gradients()["W1"]
        session.step(1)
        np.testing.assert_allclose(session.params()["W1"], before - BY_HAND[name](t) * gradient, rtol=1e-12)


def test_lr_decay_alone_still_means_inverse_time_decay():
    assert Config(lr_decay=0.01).schedule_name == "inverse-time" and Config().schedule_name == "constant"
    with pytest.raises(ValueError, match="lr_decay"):
        Config(lr_decay=0.01, schedule="cosine")


def test_clipping_bounds_the_global_norm_and_keeps_the_direction():
    rng = np.random.RandomState(0)
    grads = [rng.randn(3, 4) * 10, rng.randn(1, 4), rng.randn(4, 1)]
    original = [g.copy() for g in grads]
    norm = clip_by_global_norm(grads, 2.0)
    assert norm == pytest.approx(np.sqrt(sum((g ** 2).sum() for g in original)))
    assert np.sqrt(sum((g ** 2).sum() for g in grads)) == pytest.approx(2.0)
    for g, o in zip(grads, original):
        np.testing.assert_allclose(g, o * 2.0 / norm)
    short = [g.copy() for g in grads]
    clip_by_global_norm(short, 10.0)  # already short enough: untouched
    assert all(np.array_equal(s, g) for s, g in zip(short, grads))


def test_a_clipped_session_moves_its_parameters_at_most_lr_times_the_bound():
    session = TrainingSession(Config(dataset="spiral", hidden=(6, 6), lr=1.0, clip_norm=0.01))
    session.record_gradient_norms()
    for _ in range(5):
        before = np.concatenate([p.ravel() for p in session.params().values()])
        session.step(1)
        after = np.concatenate([p.ravel() for p in session.params().values()])
        assert np.linalg.norm(after - before) <= 0.01 * (1 + 1e-12)
    assert session.gradient_norms.values().max() > 0.01  # the recorded norms are the unclipped ones


def forward_by_hand(X, W, b, fs, output):
    a = X
    for Wl, bl, f in zip(W[:-1], b[:-1], fs):
        a = f(a @ Wl + bl)
    return output(a @ W[-1] + b[-1])


NUMPY_FS = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh, "relu": lambda z: np.maximum(z, 0),
            "leaky-relu": lambda z: np.where(z > 0, z, 0.01 * z), "linear": lambda z: z}


def test_one_activation_per_layer_matches_a_forward_pass_by_hand():
    layers = ("relu", "sigmoid", "tanh", "leaky-relu", "linear")
    assert set(layers) == set(ACTIVATIONS)
    session = TrainingSession(Config(dataset="circles", hidden=(4, 3, 5, 2, 3), layer_activations=layers,
                                     output="sigmoid-bce", init="normal"))
    session.step(20)
    p = session.params()
    W, b = [p[f"W{l}"] for l in range(1, 7)], [p[f"b{l}"] for l in range(1, 7)]
    X = session.data.X_train
    expected = forward_by_hand(X, W, b, [NUMPY_FS[a] for a in layers], NUMPY_FS["sigmoid"])
    np.testing.assert_allclose(session.predict(X), expected, rtol=1e-10, atol=1e-12)


def test_per_layer_activations_backpropagate_correctly():
    session = TrainingSession(Config(dataset="moons", n_points=30, hidden=(3, 3), layer_activations=("tanh", "sigmoid"),
                                     output="sigmoid-bce", seed=3, init="normal"))
    assert_gradients_match(session)


@pytest.mark.parametrize("bad", [{"layer_activations": ("tanh",), "hidden": (3, 3)},
                                 {"layer_activations": ("tanh", "softsign"), "hidden": (3, 3)},
                                 {"schedule": "warm"}, {"schedule_factor": 0.0}, {"schedule_factor": 1.5},
                                 {"schedule_epochs": 0}, {"schedule_epochs": 2.5}, {"clip_norm": -1.0}])
def test_bad_new_settings_are_refused(bad):
    with pytest.raises(ValueError):
        Config(**bad)


def test_the_new_settings_are_live_and_survive_a_link():
    session = TrainingSession(Config(hidden=(3, 3)))
    session.step(5)
    assert not session.update(schedule="cosine", schedule_epochs=20, schedule_factor=0.9, clip_norm=0.5)
    config = Config(hidden=(5, 4), layer_activations=("relu", "tanh"), schedule="exponential", schedule_factor=0.25,
                    schedule_epochs=7, clip_norm=0.125)
    back, notices = config_from_params(config_to_params(config))
    assert notices == [] and back == config
    assert config_from_params(config_to_params(Config(lr_decay=0.5)))[0] == Config(lr_decay=0.5)
    _, notices = config_from_params({"layer_activations": "relu,nope", "schedule": "warm"})
    assert len(notices) == 2
