"""Runs of one setup that differ only in the seed of their initial weights,
trained as one computation.

Every parameter gets a leading run axis (W_l of shape (R, n_{l-1}, n_l)), so an
update of R runs is one batched matrix product per layer and pass (see
core/nn/network.py) instead of R sessions' Python loops.  Run by run the
arithmetic is the same as a TrainingSession's, so each run ends exactly as the
session of its seed would.  Where that stays true, a layer keeps the runs' rows
side by side in memory (``SideBySide``), which makes NumPy's sums over the
examples and bias additions several times faster.  ``StackedRuns`` is a
``Training`` whose losses, divergence limits and mini-batch orders are kept per
run: a run that diverges leaves the stack at once, with the status and message
its session would have, and the others go on.
"""
from dataclasses import replace

import numpy as np

from .divergence import LastGood, explosion_limit
from .inside import GradientNorms
from .nn import OPTIMIZERS, OUTPUT_LOSSES, Network, Workspace, initial_parameters
from .nn.losses import SEQUENTIAL_ROW_SUM
from .session import TrainingSession
from .snapshot import DIVERGED, OK, take_snapshot
from .surgery import Surgery
from .training import Training, divergence_allowed

EMPTY = "empty"  # the status of a stack every run has left


def side_by_side_layers(layer_sizes):
    """Which layers (1 .. L, of sizes [n_in, n_1, .., n_L]) stacked runs keep side by
    side in memory (see SideBySide): those where the arithmetic stays each run's."""
    widths = [*layer_sizes, 2]  # nothing follows the output layer
    chosen = [min(widths[l - 1:l + 2]) > 1 for l in range(1, len(layer_sizes))]
    chosen[-1] = chosen[-1] and layer_sizes[-1] < SEQUENTIAL_ROW_SUM
    return chosen


class SideBySide(Workspace):
    """A Workspace for ``runs`` stacked networks in which a layer may keep the runs'
    rows side by side, example by example: (n, runs, width) in memory, seen as
    (runs, n, width).  NumPy sums over the examples (the bias gradients) and adds
    the biases along the innermost run of numbers in memory: side by side that is
    runs × width numbers at a time rather than a width's few, ten times faster for
    small layers, with the same arithmetic, as each sum runs example after example,
    as for a network alone.

    Only layers where that holds are side by side: a layer of one unit is summed
    pairwise (its column is contiguous); a matrix-vector product, next to a layer
    (or input) of one unit, rounds differently with rows spaced apart; and an
    output layer's losses sum runs of examples pairwise (see by_columns).  Other
    layers stay run after run, as each run's own network has them."""

    def __init__(self, n, layer_sizes, runs):
        chosen = side_by_side_layers(layer_sizes)
        for name in ("z", "a", "delta", "slope"):
            setattr(self, name, [np.empty((n, runs, k)).transpose(1, 0, 2) if side else np.empty((runs, n, k))
                                 for k, side in zip(layer_sizes[1:], chosen)])


def by_columns(output):
    """``output`` (an OUTPUT_LOSSES entry) for stacked outputs kept side by side: its
    activation and loss work on a copy that holds each run's output columns one
    after another, (R, K, N) in memory, where the sums over a row's K outputs
    (fewer than SEQUENTIAL_ROW_SUM) add column after column, as a network alone
    adds them, and the sums over a column's N examples are pairwise, as alone."""
    def activation(z, out=None):
        columns = np.ascontiguousarray(z.mT).mT
        a = output.activation(columns, out=columns)
        if out is None:
            return a
        out[...] = a
        return out

    def loss(z, a, T):
        return output.loss(np.ascontiguousarray(z.mT).mT, np.ascontiguousarray(a.mT).mT, T)
    return replace(output, activation=activation, loss=loss)


# Where BLAS's product with W_lᵀ laid out as a matrix of its own is its product
# with the transposed view of W_l, bit for bit: more than one row, and rows of at
# most this many numbers (checked on this machine's OpenBLAS up to 9; at 16 they differ).
SHORT_ROWS = 8


class StackedNetwork(Network):
    """A Network of stacked runs whose backward pass multiplies by each run's W_lᵀ laid
    out as a matrix of its own, (R, n_l, n_{l-1}) in memory, wherever that leaves the
    arithmetic unchanged: BLAS multiplies a small matrix by a transposed view about
    three times slower."""

    def back_through(self, l, delta, out=None):
        Wl = self.W[l]
        if delta.shape[-2] > 1 and Wl.shape[-1] <= SHORT_ROWS:  # one row: a matrix-vector product, rounded otherwise
            return np.matmul(delta, np.ascontiguousarray(Wl.mT), out=out)
        return super().back_through(l, delta, out)


class StackedRuns(Training):
    """``config`` trained from each seed in ``seeds`` at once, on the same data
    (``data``: own points, as for a TrainingSession); only the first seeds whose
    training buffers fit in ``most_bytes`` (at least one), if given.  ``seeds``
    lists the runs still in the stack; a run that leaves it (diverged, or every
    run on ``finish``) is appended to ``left`` as a Snapshot at ``resolution``.
    ``updates`` counts the (stacked) updates made."""

    def __init__(self, config, seeds, data=None, resolution=30, most_bytes=None):
        first = TrainingSession(replace(config, seed=seeds[0]), data=data)  # the data, output and checks
        self.config, self.examples, self.output, self.penalty = first.config, first.examples, first.output, first.penalty
        self.optimizer = OPTIMIZERS[self.config.optimizer]()
        self._layer_sizes = [len(self.config.features), *self.config.hidden, self.n_outputs]
        if side_by_side_layers(self._layer_sizes)[-1]:
            self.output = by_columns(self.output)
        # The training set's z, a, δ and f' of every layer: four float64 arrays.
        seed_bytes = 4 * 8 * len(self.X) * sum(self._layer_sizes[1:])
        fit = len(seeds) if most_bytes is None else max(1, most_bytes // max(seed_bytes, 1))
        self.seeds, self.resolution, self.left, self.updates = list(seeds)[:fit], resolution, [], 0
        self._shuffle_rngs = [np.random.RandomState(seed) for seed in self.seeds]  # as each session's own
        W, b = zip(*(initial_parameters(self._layer_sizes, self.config.init, rng) for rng in self._shuffle_rngs))
        self.network = StackedNetwork([np.stack(layer) for layer in zip(*W)], [np.stack(layer) for layer in zip(*b)],
                                      first.activations, self.output)
        self.epoch, self.status, self.message = 0, OK, ""
        self.last_gradients = None
        # Sweeps switch off or freeze no unit; their gradient norms are taken over the whole stack.
        self.surgery, self.gradient_norms = Surgery(self.network), GradientNorms(len(self._layer_sizes) - 1)
        self._order, self._next_example = None, 0
        self._new_buffers()
        self._good = LastGood(0, self.W, self.b)  # every run in the stack shares its checkpoint epoch
        self._losses = np.empty((2, len(self.seeds), 1024))  # [train, test] loss, run, epoch
        train, test, _ = self._evaluate()
        self._limits = np.array([explosion_limit(loss) for loss in train])
        self._keep_losses(train, test)

    @property
    def size(self):
        return len(self.seeds)

    @property
    def _run_axes(self):
        return (self.size,)

    def _workspace(self, role, n):
        if (role, n) not in self._workspaces:
            self._workspaces[role, n] = SideBySide(n, self._layer_sizes, self.size)
        return self._workspaces[role, n]

    def _new_buffers(self):
        """Workspaces for the runs in the stack, and the training set's targets laid
        out as their outputs are: then δ_L = a − T is one pass over runs side by side."""
        self._workspaces = {}
        self._train_workspace = self._workspace("train", len(self.X))
        self._train_targets = np.empty_like(self._train_workspace.a[-1])
        self._train_targets[...] = self.T

    def _gradients(self, X, T, cache=None):
        return super()._gradients(X, self._train_targets if T is self.T else T, cache)

    def _shuffled(self, n):
        return np.stack([rng.permutation(n) for rng in self._shuffle_rngs])

    def _update_from(self, X, T, cache=None):
        self.updates += 1
        super()._update_from(X, T, cache)

    def _keep_losses(self, train, test):
        if self.epoch >= self._losses.shape[2]:
            self._losses = np.concatenate([self._losses, np.empty_like(self._losses)], axis=2)
        self._losses[0, :, self.epoch] = train
        if test is not None:
            self._losses[1, :, self.epoch] = test

    def _record(self, train, test):
        self._keep_losses(train, test)
        exploded = ~(train < self._limits)  # NaN too
        if exploded.any():
            self._diverge_runs(exploded, [f"the loss became {loss:.4g}" for loss in train[exploded]])

    def _check_weights(self):
        broken = ~np.all([np.isfinite(p).all(axis=(-2, -1)) for p in self.W + self.b], axis=0)
        if broken.any():
            self._diverge_runs(broken, ["some weights are no longer finite numbers"] * int(broken.sum()))
        return self.status == OK

    def _diverge_runs(self, diverged, whats):
        messages = [self._good.message(self.epoch, what, self.config.lr) for what in whats]
        self._leave(diverged, DIVERGED, messages)

    @divergence_allowed
    def finish(self):
        """Every run still in the stack leaves it, as it is now."""
        self._leave(np.ones(self.size, bool), OK, [""] * self.size)

    def _leave(self, leaving, status, messages):
        """Runs where ``leaving`` (R,) is True go to ``left``, with their ``status``
        and ``messages``; the others stay stacked."""
        for run, message in zip(np.flatnonzero(leaving), messages):
            self.left.append(self._snapshot(run, status, message))
        stay = ~leaving
        self.seeds = [seed for seed, kept in zip(self.seeds, stay) if kept]
        self._shuffle_rngs = [rng for rng, kept in zip(self._shuffle_rngs, stay) if kept]
        self.network.W, self.network.b = [w[stay] for w in self.W], [x[stay] for x in self.b]
        # Every optimizer keeps its state in lists of arrays shaped like the parameters.
        for name, state in vars(self.optimizer).items():
            if isinstance(state, list):
                setattr(self.optimizer, name, [s[stay] for s in state])
        if self.last_gradients is not None:
            self.last_gradients = tuple([g[stay] for g in grads] for grads in self.last_gradients)
        self._limits, self._losses = self._limits[stay], self._losses[:, stay]
        if self._order is not None:
            self._order = self._order[stay]
        self._new_buffers()
        if self.size:
            self._pending = self._evaluate()  # the next full-batch update's forward pass, of the runs left
        else:
            self.status = EMPTY

    def _snapshot(self, run, status, message):
        network = Network([w[run] for w in self.W], [x[run] for x in self.b], self.activations,
                          OUTPUT_LOSSES[self.output.name])
        grads = self.last_gradients and tuple([g[run] for g in part] for part in self.last_gradients)
        train, test = self._losses[:, run, :self.epoch + 1].copy()
        return take_snapshot(network, self.data, self.X, self.X_test, self.examples.grids.at(self.resolution),
                             epoch=self.epoch, status=status, message=message,
                             config=replace(self.config, seed=self.seeds[run]), train_loss=train,
                             test_loss=test if len(self.X_test) else None, gradients=grads)
