"""A data set as the network takes it: input features, targets, and the plane around the points."""
import numpy as np

from .datasets import OWN, too_few_classes
from .nn import feature_matrix
from .snapshot import PlaneGrids, plane_bounds

# Own points keep at least the square around ±1 in view, room to click new ones into.
OWN_FRAME = np.array([[-1.0, -1.0], [1.0, 1.0]])


class Examples:
    """``data`` (a Dataset) as the network with the given ``output`` (an OUTPUT_LOSSES
    entry) takes it: ``X`` (N, F), ``T`` (N, K) are the training points' input
    features and targets, ``X_test`` and ``T_test`` the test points', K is
    ``n_outputs``; ``waiting`` says why training waits (own points of fewer than
    two classes) or is None; ``grids`` spans a square plane around the points."""

    def __init__(self, data, config, output):
        self.data = data
        self.n_outputs = data.n_classes if output.one_output_per_class else 1
        self.waiting = too_few_classes(data.y_train) if config.dataset == OWN else None
        self.X = feature_matrix(data.X_train, config.features)
        self.T = self._targets(data.y_train, output)
        self.X_test = feature_matrix(data.X_test, config.features)
        self.T_test = self._targets(data.y_test, output)
        frame = OWN_FRAME if config.dataset == OWN else data.X_all[:0]
        self.grids = PlaneGrids(plane_bounds(np.vstack([data.X_all, frame])), config.features)

    def _targets(self, y, output):
        if output.one_output_per_class:
            return np.eye(self.n_outputs)[y]
        return y.astype(float)[:, None]

    def keep_plane(self, bounds):
        """Keep the plane ``bounds`` instead, if every point lies on it."""
        low, high = np.array(bounds).T
        if ((low <= self.data.X_all) & (self.data.X_all <= high)).all():
            self.grids = PlaneGrids(bounds, self.grids.features)
