"""Input features computed from the two coordinates (TensorFlow Playground's
feature inputs).  ``FEATURES[name](x1, x2)`` maps two (N,) arrays to one (N,)."""
import numpy as np

FEATURES = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1^2": lambda x1, x2: x1 * x1,
    "x2^2": lambda x1, x2: x2 * x2,
    "x1*x2": lambda x1, x2: x1 * x2,
    "sin(x1)": lambda x1, x2: np.sin(x1),
    "sin(x2)": lambda x1, x2: np.sin(x2),
}
RAW_FEATURES = ("x1", "x2")


def feature_matrix(X, names):
    """(N, 2) points -> (N, len(names)) network inputs; the raw pair is returned as is."""
    if tuple(names) == RAW_FEATURES:
        return X
    return np.column_stack([FEATURES[n](X[:, 0], X[:, 1]) for n in names])
