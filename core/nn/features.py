"""Input features computed from the two coordinates (TensorFlow Playground's
feature inputs).  ``FEATURES[name](x1, x2)`` maps two (N,) arrays to one (N,)."""
import numpy as np


def first(x1, x2):
    return x1


def second(x1, x2):
    return x2


def first_squared(x1, x2):
    return x1 * x1


def second_squared(x1, x2):
    return x2 * x2


def product(x1, x2):
    return x1 * x2


def sine_of_first(x1, x2):
    return np.sin(x1)


def sine_of_second(x1, x2):
    return np.sin(x2)


FEATURES = {"x1": first, "x2": second, "x1^2": first_squared, "x2^2": second_squared, "x1*x2": product,
            "sin(x1)": sine_of_first, "sin(x2)": sine_of_second}
RAW_FEATURES = ("x1", "x2")


def feature_matrix(X, names):
    """(N, 2) points -> (N, len(names)) network inputs; the raw pair is returned as is."""
    if tuple(names) == RAW_FEATURES:
        return X
    return np.column_stack([FEATURES[n](X[:, 0], X[:, 1]) for n in names])
