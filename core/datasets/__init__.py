"""Toy 2-D data sets, deterministic for a seed, and your own points.

``DATASETS`` maps each name to a DatasetSpec whose ``generate`` is
``(n, noise, rng) -> (X, y)``: X of shape (n, 2), y of shape (n,), integer
labels 0..K-1 for classification, real targets for regression.  A spec's
label says where its definition comes from; its ``random`` makes the random
source its generator draws from, for a seed:

* TensorFlow Playground's six (``playground``) take a ``numpy.random.Generator``;
* scikit-learn's take a ``numpy.random.RandomState``, so that ``moons`` with
  seed 0 is exactly Britz's ``np.random.seed(0); make_moons(200, noise=0.20)``.
"""
from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np
from sklearn import datasets as skd

from . import playground
from .dataset import Dataset, split
from .own import (MAX_CLASSES, MAX_COORDINATE, MAX_LABEL_CHARS, MAX_OWN_POINTS, OWN, DataError, as_own,
                  own_dataset, own_points, points_csv, read_points_csv, too_few_classes, with_point,
                  without_point_near)


def _xor_truth_table(n, noise, rng):
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    return X, np.array([0, 1, 1, 0])


def _blobs(centers):
    def make(n, noise, rng):
        return skd.make_blobs(n, centers=np.array(centers), cluster_std=noise, random_state=rng)
    return make


@dataclass(frozen=True)
class DatasetSpec:
    """A data set; its ``label`` names where its definition comes from."""
    name: str
    label: str
    generate: Optional[Callable]
    task: str = "classification"
    n_classes: int = 2
    default_noise: float = 0.0
    fixed_size: Optional[int] = None
    random: Callable = np.random.RandomState  # seed -> the random source ``generate`` draws from


def _playground(name, label, generate, task="classification"):
    """One of TensorFlow Playground's six: its noise 0 by default, as there."""
    return DatasetSpec(name, f"{label} (TF Playground)", generate, task=task,
                       n_classes=2 if task == "classification" else 0, random=np.random.default_rng)


DATASETS = {
    d.name: d
    for d in (
        DatasetSpec("xor", "XOR (four points)", _xor_truth_table, fixed_size=4),  # the XOR tutorial's
        _playground("xor-cloud", "XOR cloud", playground.xor),
        # Britz's data: noise is make_moons' own (the spread of its Gaussian jitter).
        DatasetSpec("moons", "Two moons (scikit-learn)", lambda n, noise, rng: skd.make_moons(
            n, noise=noise, random_state=rng), default_noise=0.2),
        _playground("circles", "Circles", playground.circle),
        # Two thin rings at radius 1 and 0.5, angles evenly spaced, noise make_circles' own.
        DatasetSpec("rings", "Thin rings (scikit-learn)", lambda n, noise, rng: skd.make_circles(
            n, noise=noise, factor=0.5, random_state=rng), default_noise=0.1),
        _playground("gaussians", "Two Gaussians", playground.gaussians),
        _playground("spiral", "Spiral", playground.spiral),
        # Centres of ours, drawn by make_blobs: noise is each blob's standard deviation.
        DatasetSpec("three-classes", "Three classes (scikit-learn)",
                    _blobs([[-0.7, -0.5], [0.7, -0.5], [0.0, 0.7]]), n_classes=3, default_noise=0.35),
        DatasetSpec(OWN, "Your own points", None),
        _playground("plane", "Plane", playground.plane, task="regression"),
        _playground("multi-gaussian", "Multi-Gaussian", playground.multi_gaussian, task="regression"),
    )
}


def make_dataset(name, n_points, noise, test_fraction, seed):
    """Generate and split a registered data set (see ``split``)."""
    spec = DATASETS[name]
    if spec.generate is None:
        raise ValueError(f"{name}: these points are given, not generated; pass them to the session")
    rng = spec.random(seed)
    X, y = spec.generate(spec.fixed_size or n_points, noise, rng)
    return split(X, y, test_fraction, rng, spec.task, spec.n_classes)


__all__ = ["DATASETS", "DatasetSpec", "Dataset", "make_dataset", "split", "OWN", "MAX_OWN_POINTS", "MAX_CLASSES",
           "MAX_COORDINATE", "MAX_LABEL_CHARS", "DataError", "own_points", "own_dataset", "too_few_classes",
           "read_points_csv", "points_csv", "as_own", "with_point", "without_point_near"]
