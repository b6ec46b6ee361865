"""Confusion matrix, R² and RMSE of snapshots against sklearn.metrics, on several runs."""
import numpy as np
import pytest
from sklearn import metrics as sk

from core import Config, TrainingSession
from core.metrics import confusion_matrix, r_squared

CLASSIFICATION = [Config(dataset="moons", output="sigmoid-bce", test_fraction=0.3, seed=1),
                  Config(dataset="three-classes", hidden=(5,), test_fraction=0.25, lr=0.3),
                  Config(dataset="spiral", hidden=(6, 6), activation="relu", test_fraction=0.5, seed=4)]
REGRESSION = [Config(dataset="plane", test_fraction=0.3, seed=2),
              Config(dataset="multi-gaussian", hidden=(6,), test_fraction=0.2, lr=0.05)]


def trained_snapshots(config, epochs=(0, 30, 120)):
    session, done = TrainingSession(config), 0
    for epoch in epochs:
        session.step(epoch - done)
        done = epoch
        yield session, session.snapshot(resolution=10)


@pytest.mark.parametrize("config", CLASSIFICATION, ids=lambda c: c.dataset)
def test_confusion_matrices_equal_sklearns(config):
    for session, snap in trained_snapshots(config):
        labels = list(range(snap.data.n_classes))
        for got, outputs, y in ((snap.train_metrics, snap.train_output, snap.data.y_train),
                                (snap.test_metrics, session.predict(snap.data.X_test), snap.data.y_test)):
            predicted = outputs[:, 0] > 0.5 if outputs.shape[1] == 1 else outputs.argmax(axis=1)
            np.testing.assert_array_equal(got.confusion, sk.confusion_matrix(y, predicted, labels=labels))
            assert got.r2 is None and got.rmse is None


@pytest.mark.parametrize("config", REGRESSION, ids=lambda c: c.dataset)
def test_r2_and_rmse_equal_sklearns(config):
    for session, snap in trained_snapshots(config):
        for got, outputs, y in ((snap.train_metrics, snap.train_output, snap.data.y_train),
                                (snap.test_metrics, session.predict(snap.data.X_test), snap.data.y_test)):
            assert got.r2 == pytest.approx(sk.r2_score(y, outputs[:, 0]), rel=1e-12, abs=1e-12)
            assert got.rmse == pytest.approx(np.sqrt(sk.mean_squared_error(y, outputs[:, 0])), rel=1e-12)
            assert got.confusion is None


def test_no_test_points_no_test_metrics():
    snap = TrainingSession(Config(dataset="moons")).snapshot(resolution=5)
    assert snap.test_metrics is None and snap.train_metrics.confusion.sum() == len(snap.data.y_train)


def test_constant_targets_follow_sklearns_convention():
    y = np.full(5, 2.0)
    assert r_squared(y, y) == sk.r2_score(y, y) == 1.0
    assert r_squared(y + 1, y) == sk.r2_score(y, y + 1) == 0.0


def test_points_without_finite_outputs_are_counted_in_no_column():
    outputs = np.array([[0.9, 0.1], [np.nan, 0.2], [0.3, 0.7]])
    np.testing.assert_array_equal(confusion_matrix(outputs, np.array([0, 1, 1]), 2), [[1, 0], [0, 1]])
