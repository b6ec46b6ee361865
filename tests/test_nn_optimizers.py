"""Optimizer updates worked out by hand, and Adam beside scikit-learn's."""
import warnings

import numpy as np
import pytest

from core import OPTIMIZERS, Config, TrainingSession


def run_optimizer(name, grads, lr=0.1, **kwargs):
    p = np.array([1.0, -2.0])
    opt = OPTIMIZERS[name](**kwargs)
    for g in grads:
        opt.step([p], [np.array(g)], lr)
    return p


def test_gradient_descent_update_by_hand():
    np.testing.assert_allclose(run_optimizer("sgd", [[0.5, -1.0]]), [0.95, -1.9])


def test_momentum_updates_by_hand():
    # v1 = g1 = (0.5, -1);  v2 = 0.9*v1 + g2 = (0.45 + 1, -0.9 + 0) = (1.45, -0.9)
    p = run_optimizer("momentum", [[0.5, -1.0], [1.0, 0.0]], beta=0.9)
    np.testing.assert_allclose(p, [1.0 - 0.1 * 0.5 - 0.1 * 1.45, -2.0 + 0.1 - 0.1 * -0.9])


def test_adam_first_update_by_hand():
    # m = 0.1 g, v = 0.001 g^2; bias correction gives m̂ = g, v̂ = g^2: step = lr * g / (|g| + eps)
    p = run_optimizer("adam", [[0.5, -4.0]], eps=1e-8)
    np.testing.assert_allclose(p, [1.0 - 0.1 * 0.5 / (0.5 + 1e-8), -2.0 + 0.1 * 4.0 / (4.0 + 1e-8)],
                               rtol=1e-12)


def test_adam_second_update_by_hand():
    g1, g2, b1, b2, lr = 0.5, -1.0, 0.9, 0.999, 0.1
    m = (1 - b1) * g1
    v = (1 - b2) * g1 ** 2
    m, v = b1 * m + (1 - b1) * g2, b2 * v + (1 - b2) * g2 ** 2
    expected = 1.0 - lr * g1 / (abs(g1) + 1e-8) - lr * (m / (1 - b1 ** 2)) / (np.sqrt(v / (1 - b2 ** 2)) + 1e-8)
    assert run_optimizer("adam", [[g1, 0.0], [g2, 0.0]])[0] == pytest.approx(expected, rel=1e-12)


def largest_difference_from_scikit_learn(optimizer, epochs=100):
    """Train a 2-5-1 ReLU network with ``optimizer`` here and scikit-learn's MLPClassifier
    (adam, full batch, no penalty) from the same weights; the largest difference in a parameter."""
    from sklearn.neural_network import MLPClassifier
    session = TrainingSession(Config(dataset="moons", hidden=(5,), activation="relu", output="sigmoid-bce",
                                     optimizer=optimizer, lr=0.01))
    W0, b0 = [W.copy() for W in session.W], [b.copy() for b in session.b]
    session.step(epochs)
    X, y = session.X, session.data.y_train
    clf = MLPClassifier(hidden_layer_sizes=(5,), activation="relu", solver="adam", learning_rate_init=0.01,
                        alpha=0.0, batch_size=len(X), shuffle=False, max_iter=epochs, tol=0.0,
                        n_iter_no_change=10**9, warm_start=True, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a batch clipped to 2 points, and max_iter reached
        clf.partial_fit(X[:2], y[:2], classes=[0, 1])  # builds the layers, to be overwritten
        clf.coefs_, clf.intercepts_ = W0, [b[0] for b in b0]
        clf.fit(X, y)  # warm start: these weights, a fresh Adam
    return max(max(np.abs(W - C).max() for W, C in zip(session.W, clf.coefs_)),
               max(np.abs(b[0] - c).max() for b, c in zip(session.b, clf.intercepts_)))


def test_adam_efficient_trains_as_scikit_learn_and_the_default_adam_as_kingma_and_ba():
    assert largest_difference_from_scikit_learn("adam-efficient") <= 1e-14
    assert largest_difference_from_scikit_learn("adam") > 1e-7  # ε on √v̂, not on √v: another path


def test_adam_efficient_first_update_by_hand():
    # m = 0.1 g, v = 0.001 g²: step = lr·(√0.001 / 0.1)·m / (√v + eps) = lr·g / (|g| + eps/√0.001)
    p = run_optimizer("adam-efficient", [[0.5, -4.0]], eps=1e-8)
    np.testing.assert_allclose(p, [1.0 - 0.1 * 0.5 / (0.5 + 1e-8 / np.sqrt(0.001)),
                                   -2.0 + 0.1 * 4.0 / (4.0 + 1e-8 / np.sqrt(0.001))], rtol=1e-12)
