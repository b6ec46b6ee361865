"""What a session looks like at one epoch (``Snapshot``), and the grids over the input plane."""
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from .config import Config
from .datasets import Dataset
from .hidden_space import HiddenSpace, hidden_space
from .inside import layer_activity
from .metrics import Metrics, metrics, predicted_classes
from .nn import Network, feature_matrix
from .surgery import switched_off_units

# Values of ``status``.
OK, DIVERGED = "ok", "diverged"


def accuracy(outputs, y, task):
    """Fraction of correct labels for (N, K) outputs; None for regression or no data.
    A point whose outputs are not all finite (a diverged network) counts as wrong."""
    if task != "classification" or len(y) == 0:
        return None
    return float(np.mean((predicted_classes(outputs) == y) & np.isfinite(outputs).all(axis=1)))


def named(W, b):
    """Copies of per-layer lists as {"W1": W[0], "b1": b[0], "W2": ...}."""
    parameters = {}
    for l, (Wl, bl) in enumerate(zip(W, b), start=1):
        parameters[f"W{l}"], parameters[f"b{l}"] = Wl.copy(), bl.copy()
    return parameters


def plane_bounds(X, margin=0.15):
    """((x_min, x_max), (y_min, y_max)): a square around the points (N, 2), with a
    margin, so that views of the plane keep its true shape."""
    lo, hi = X.min(axis=0), X.max(axis=0)
    centre, half = (lo + hi) / 2, (1 + 2 * margin) * max(float((hi - lo).max()), 1e-3) / 2
    return tuple((c - half, c + half) for c in centre)


class PlaneGrids:
    """R×R grids over the plane ``bounds`` and the network's input features there,
    made once per resolution R."""

    def __init__(self, bounds, features):
        self.bounds, self.features, self._made = bounds, features, {}

    def at(self, resolution):
        """(grid_x (R,), grid_y (R,), inputs (R·R, F)), rows of the inputs running along x."""
        if resolution not in self._made:
            (x0, x1), (y0, y1) = self.bounds
            gx, gy = np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution)
            xx, yy = np.meshgrid(gx, gy)
            plane = np.column_stack([xx.ravel(), yy.ravel()])
            self._made[resolution] = gx, gy, feature_matrix(plane, self.features)
        return self._made[resolution]


@dataclass(frozen=True)
class Snapshot:
    """The state of a session at one epoch, safe to keep and to plot.

    Grids are R×R over the input plane (``grid_x``, ``grid_y`` of shape (R,)),
    indexed [row = y, column = x].  ``grid_inputs`` (R, R, F) holds the network's
    input features there.  ``grid_output`` (R, R, K) is P(class 1)
    for a single sigmoid output, the class probabilities for softmax, the
    predicted value for regression.  ``grid_hidden[l]`` (R, R, n_l) and
    ``train_hidden[l]`` (N, n_l) are hidden layer l+1's activations over the
    plane and at the training points.  ``hidden_space`` shows the training
    points as the last hidden layer sees them (None without hidden layers or
    training points).  Losses are per example (see Config); the loss of no
    points at all (an empty plane of your own) is NaN.  ``data`` is the Dataset
    trained on: its points, labels, task and number of classes.

    A diverged session's snapshot shows its network as it is, not the last good
    one (that is what ``recover()`` goes back to): a learner sees what the step
    did.  Its parameters, gradients, grids, outputs and last loss may then hold
    NaN or ±inf, which views draw in a neutral colour; ``hidden_space`` is None
    when the last hidden layer's activations or the output layer are not all
    finite (there is no space to show); accuracies count a point whose outputs
    are not finite as wrong.  ``train_metrics`` and ``test_metrics`` (see
    core.metrics) hold the confusion matrix, or R² and RMSE; None without points.
    ``gradient_norms`` (epochs, layers) holds each layer's weight-gradient norm by
    epoch while they were recorded (see core.inside.GradientNorms; row k moved the
    network on from epoch k; NaN where not recorded; fewer rows than epochs when
    recording stopped or never began);
    ``activity`` a LayerActivity per hidden layer on the training points.
    ``switched_off`` and ``frozen`` list the hidden units under surgery (see
    core.surgery) as sorted (layer from 1, unit from 0) pairs: today's, in a replay too."""
    epoch: int
    status: str
    message: str
    config: Config
    data: Dataset
    params: dict
    train_loss: np.ndarray
    test_loss: Optional[np.ndarray]
    train_accuracy: Optional[float]
    test_accuracy: Optional[float]
    grid_x: np.ndarray
    grid_y: np.ndarray
    grid_inputs: np.ndarray
    grid_output: np.ndarray
    grid_hidden: tuple
    train_output: np.ndarray
    train_hidden: tuple
    hidden_space: Optional[HiddenSpace] = None
    gradients: dict = field(default_factory=dict)
    train_metrics: Optional[Metrics] = None
    test_metrics: Optional[Metrics] = None
    gradient_norms: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    activity: tuple = ()
    switched_off: tuple = ()
    frozen: tuple = ()


def take_snapshot(network: Network, data, X, X_test, grid, *, epoch, status, message, config,
                  train_loss, test_loss, gradients, gradient_norms=None, frozen=()):
    """A Snapshot of ``network`` on ``data`` (features X of its training points and
    X_test of its test points) and on ``grid`` = (grid_x, grid_y, inputs) from
    PlaneGrids.at; ``gradients`` a (dW, db) pair or None; ``gradient_norms`` as in
    Snapshot, or None for none recorded; ``frozen`` the frozen units; the rest as in
    Snapshot (the units switched off are the network's own)."""
    gx, gy, grid_inputs = grid
    shape = (len(gy), len(gx), -1)
    _, grid_a = network.forward(grid_inputs)
    train_z, train_a = network.forward(X)
    test_out = network.predict(X_test)
    W, b, output = network.W, network.b, network.output
    space = None
    if len(W) > 1 and len(X):
        space = hidden_space(train_a[-2], W[-1], b[-1], output.activation, output.one_output_per_class)
    return Snapshot(
        epoch=epoch, status=status, message=message, config=config, data=data, params=named(W, b),
        train_loss=train_loss, test_loss=test_loss,
        train_accuracy=accuracy(train_a[-1], data.y_train, data.task),
        test_accuracy=accuracy(test_out, data.y_test, data.task),
        grid_x=gx, grid_y=gy, grid_inputs=grid_inputs.reshape(shape), grid_output=grid_a[-1].reshape(shape),
        grid_hidden=tuple(h.reshape(shape) for h in grid_a[1:-1]),
        train_output=train_a[-1], train_hidden=tuple(train_a[1:-1]),
        hidden_space=space, gradients=named(*gradients) if gradients else {},
        train_metrics=metrics(train_a[-1], data.y_train, data.task, data.n_classes),
        test_metrics=metrics(test_out, data.y_test, data.task, data.n_classes),
        gradient_norms=np.zeros((0, len(W))) if gradient_norms is None else gradient_norms,
        activity=layer_activity(network, X, forward=(train_z, train_a)),
        switched_off=tuple(switched_off_units(network)),
        frozen=tuple(frozen))
