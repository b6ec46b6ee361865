"""The data as the last hidden layer sees it."""
import numpy as np
import pytest

from core import Config, TrainingSession, preset


def test_hidden_space_of_two_neurons_is_the_neurons_themselves_with_the_output_over_it():
    s = TrainingSession(preset("xor-tutorial", seed=3))
    s.step(10_000)
    space = s.snapshot(resolution=5).hidden_space
    np.testing.assert_allclose(space.points, s.snapshot(5).train_hidden[0])
    assert space.axes == ("h1", "h2") and not space.projected
    # the output over hidden space at a training point's activations is the network's output
    W2, b2 = s.params()["W2"], s.params()["b2"]
    h = space.points[1]
    from core.nn.activations import sigmoid
    assert sigmoid(h @ W2 + b2)[0] == pytest.approx(s.predict(s.data.X_train[1:2])[0, 0])


def test_xor_solved_is_linearly_separable_in_hidden_space():
    s = TrainingSession(preset("xor-tutorial", seed=3))
    s.step(10_000)
    snap = s.snapshot(resolution=5)
    assert snap.train_accuracy == 1.0  # this seed solves it
    from core.hidden_space import decision_weights
    w, c = decision_weights(snap.params["W2"], snap.params["b2"], False)
    side = snap.hidden_space.points @ w + c > 0
    np.testing.assert_array_equal(side, snap.data.y_train == 1)


def test_hidden_space_three_neurons_has_a_plane_and_more_are_projected_exactly():
    s3 = TrainingSession(Config(dataset="moons", hidden=(3,), output="sigmoid-bce"))
    s3.step(50)
    space = s3.snapshot(5).hidden_space
    assert space.points.shape[1] == 3 and space.plane is not None
    s6 = TrainingSession(Config(dataset="moons", hidden=(6,)))
    s6.step(50)
    snap = s6.snapshot(5)
    space = snap.hidden_space
    assert space.projected and space.points.shape == (200, 2) and space.grid_output.shape == (40, 40, 2)
    # PCA coordinates keep the points' spread: total variance is mostly in 2 components here
    H = snap.train_hidden[-1]
    assert np.var(space.points, axis=0).sum() <= np.var(H, axis=0).sum() + 1e-12


def test_no_hidden_layer_no_hidden_space():
    s = TrainingSession(Config(dataset="circles", hidden=(), features=("x1^2", "x2^2")))
    assert s.snapshot(5).hidden_space is None


def test_circles_need_no_hidden_layer_given_squared_features():
    # TensorFlow Playground's lesson: the right features make a network without hidden layers enough.
    raw = TrainingSession(Config(dataset="circles", hidden=(), lr=1.0, test_fraction=0.3))
    squared = TrainingSession(Config(dataset="circles", hidden=(), features=("x1^2", "x2^2"), lr=1.0,
                                     test_fraction=0.3))
    raw.step(2000)
    squared.step(2000)
    assert squared.snapshot(5).test_accuracy == 1.0
    assert raw.snapshot(5).test_accuracy < 0.7
