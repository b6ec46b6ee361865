"""Toy 2-D data sets, deterministic for a seed.

Every generator has the signature ``(n, noise, rng) -> (X, y)`` with X of
shape (n, 2) and y of shape (n,): integer labels 0..K-1 for classification,
real targets for regression.  scikit-learn's generators are used where it has
them; ``rng`` is a ``numpy.random.RandomState`` so that ``moons`` with seed 0
is exactly Britz's ``np.random.seed(0); make_moons(200, noise=0.20)``.
"""
from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np
from sklearn import datasets as skd


def _xor(n, noise, rng):
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    return X, np.array([0, 1, 1, 0])


def _xor_cloud(n, noise, rng):
    X = rng.uniform(-1.0, 1.0, (n, 2))
    # Keep points off the axes so the four quadrants stay distinct, then jitter.
    X += np.sign(X) * 0.05
    y = (X[:, 0] * X[:, 1] < 0).astype(int)
    return X + rng.normal(0.0, noise, X.shape), y


def _spiral(n, noise, rng, arms=2):
    y = np.arange(n) % arms
    t = rng.uniform(0.0, 1.0, n)
    angle = 3.5 * np.pi * t + 2.0 * np.pi * y / arms
    X = np.column_stack([t * np.sin(angle), t * np.cos(angle)])
    return X + rng.normal(0.0, noise, X.shape), y


def _blobs(centers):
    def make(n, noise, rng):
        return skd.make_blobs(n, centers=np.array(centers), cluster_std=noise, random_state=rng)
    return make


def _plane(n, noise, rng):
    X = rng.uniform(-1.0, 1.0, (n, 2))
    return X, 0.5 * (X[:, 0] + X[:, 1]) + rng.normal(0.0, noise, n)


def _multi_gaussian(n, noise, rng):
    X = rng.uniform(-1.0, 1.0, (n, 2))
    bumps = [(-0.5, -0.5, 1.0), (0.5, 0.5, 1.0), (-0.5, 0.5, -1.0), (0.5, -0.5, -1.0)]
    y = sum(s * np.exp(-((X[:, 0] - cx) ** 2 + (X[:, 1] - cy) ** 2) / 0.18) for cx, cy, s in bumps)
    return X, y + rng.normal(0.0, noise, n)


@dataclass(frozen=True)
class DatasetSpec:
    name: str
    label: str
    generate: Callable
    task: str = "classification"
    n_classes: int = 2
    default_noise: float = 0.1
    fixed_size: Optional[int] = None


DATASETS = {
    d.name: d
    for d in (
        DatasetSpec("xor", "XOR (four points)", _xor, default_noise=0.0, fixed_size=4),
        DatasetSpec("xor-cloud", "Noisy XOR", _xor_cloud, default_noise=0.1),
        DatasetSpec("moons", "Two moons", lambda n, noise, rng: skd.make_moons(
            n, noise=noise, random_state=rng), default_noise=0.2),
        DatasetSpec("circles", "Circles", lambda n, noise, rng: skd.make_circles(
            n, noise=noise, factor=0.5, random_state=rng), default_noise=0.1),
        DatasetSpec("gaussians", "Two Gaussians", _blobs([[-0.6, -0.6], [0.6, 0.6]]),
                    default_noise=0.4),
        DatasetSpec("spiral", "Spiral", _spiral, default_noise=0.03),
        DatasetSpec("three-classes", "Three classes", _blobs([[-0.7, -0.5], [0.7, -0.5], [0.0, 0.7]]),
                    n_classes=3, default_noise=0.35),
        DatasetSpec("plane", "Plane (regression)", _plane, task="regression", n_classes=0,
                    default_noise=0.05),
        DatasetSpec("multi-gaussian", "Multi-Gaussian (regression)", _multi_gaussian,
                    task="regression", n_classes=0, default_noise=0.05),
    )
}


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


def make_dataset(name, n_points, noise, test_fraction, seed):
    """Generate and split a registered data set.  The split keeps the generator's
    order when ``test_fraction`` is 0 (so the tutorials' data arrive unchanged)."""
    spec = DATASETS[name]
    rng = np.random.RandomState(seed)
    X, y = spec.generate(spec.fixed_size or n_points, noise, rng)
    return split(X, y, test_fraction, rng, spec.task, spec.n_classes)


def split(X, y, test_fraction, rng, task, n_classes):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float if task == "regression" else int)
    n_test = int(round(test_fraction * len(X)))
    if n_test == 0:
        return Dataset(X, y, X[:0], y[:0], task, n_classes)
    order = rng.permutation(len(X))
    test, train = order[:n_test], order[n_test:]
    return Dataset(X[train], y[train], X[test], y[test], task, n_classes)
