"""A data set as the session trains on it: points and targets, split into
training and test points."""
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Dataset:
    """Points (N, 2) and targets (N,), split into train and test (test may be empty)."""
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    task: str
    n_classes: int

    @property
    def X_all(self):
        return np.vstack([self.X_train, self.X_test])


def split(X, y, test_fraction, rng, task, n_classes):
    """Hold out a ``test_fraction`` share of the points (N, 2) and targets (N,),
    chosen by ``rng``'s permutation; with no test share the order is kept (so
    the tutorials' data arrive unchanged)."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float if task == "regression" else int)
    n_test = min(int(round(test_fraction * len(X))), len(X) - 1)  # at least one point to train on
    if n_test == 0:
        return Dataset(X, y, X[:0], y[:0], task, n_classes)
    order = rng.permutation(len(X))
    test, train = order[:n_test], order[n_test:]
    return Dataset(X[train], y[train], X[test], y[test], task, n_classes)
