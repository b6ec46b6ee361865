"""How well the network fits, beyond the loss: a confusion matrix per class for
classification, R² and RMSE for regression.  Computed with NumPy on the
outputs a snapshot already holds; tests/test_metrics.py checks them against
``sklearn.metrics``.
"""
from dataclasses import dataclass
from typing import Optional

import numpy as np


def predicted_classes(outputs):
    """Class labels (N,) from outputs (N, K): P(class 1) > ½ for one output, else the largest."""
    return (outputs[:, 0] > 0.5).astype(int) if outputs.shape[1] == 1 else outputs.argmax(axis=1)


def confusion_matrix(outputs, y, n_classes):
    """(n_classes, n_classes) counts: row = true class, column = predicted class.
    A point whose outputs are not all finite (a diverged network) has no
    predicted class, so it is counted in no column: rows then sum to fewer points."""
    counted = np.isfinite(outputs).all(axis=1)
    cells = y[counted].astype(int) * n_classes + predicted_classes(outputs[counted])
    return np.bincount(cells, minlength=n_classes * n_classes).reshape(n_classes, n_classes)


def r_squared(predicted, y):
    """1 − Σ(y − ŷ)² / Σ(y − ȳ)² for predictions and targets (N,).  For constant
    targets it is 1 for a perfect fit and 0 otherwise (sklearn's convention)."""
    residual = float(np.sum((y - predicted) ** 2))
    spread = float(np.sum((y - y.mean()) ** 2))
    if spread == 0.0:
        return 1.0 if residual == 0.0 else 0.0
    return 1.0 - residual / spread


def rmse(predicted, y):
    """√(mean (y − ŷ)²), in the targets' units."""
    return float(np.sqrt(np.mean((y - predicted) ** 2)))


@dataclass(frozen=True)
class Metrics:
    """Metrics of one set of points (training or test).  Classification fills
    ``confusion`` (see ``confusion_matrix``); regression fills ``r2`` and ``rmse``."""
    confusion: Optional[np.ndarray] = None
    r2: Optional[float] = None
    rmse: Optional[float] = None


def metrics(outputs, y, task, n_classes):
    """Metrics of the network's outputs (N, K) on points with labels or targets y (N,);
    None when there are no points."""
    if len(y) == 0:
        return None
    if task == "classification":
        return Metrics(confusion=confusion_matrix(outputs, y, n_classes))
    predicted = outputs[:, 0]
    return Metrics(r2=r_squared(predicted, y), rmse=rmse(predicted, y))
