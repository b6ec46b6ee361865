"""A training session that advances by explicit steps and hands out snapshots.

    >>> s = TrainingSession(Config(dataset="moons", hidden=(8,), lr=0.5))
    >>> s.step(100)          # 100 epochs (passes over the training set)
    100
    >>> snap = s.snapshot()  # parameters, losses, outputs over the plane, hidden views

``train_loss[k]`` is always the loss of the model after k epochs (k = 0: as
initialised).  Divergence (a NaN/inf or exploding loss) stops training and is
reported in ``status``; ``recover()`` restores the last good parameters.  The
network and its maths are in ``core.nn``; the settings in ``core.config``.
"""
import math
import time
from dataclasses import fields, replace
from typing import Optional

import numpy as np

from .config import LIVE_SETTINGS, Config, in_range, output_for
from .datasets import DATASETS, OWN, Dataset, DataError, make_dataset, too_few_classes
from .history import LossHistory
from .nn import ACTIVATIONS, OPTIMIZERS, PENALTIES, Network, Workspace, feature_matrix, initial_parameters
from .replay import Recording
from .snapshot import DIVERGED, OK, PlaneGrids, named, plane_bounds, take_snapshot

# A loss this many times above max(1, initial loss) counts as divergence.
EXPLOSION_FACTOR = 1e3
# Parameters are checkpointed at least this often (epochs), for recover().
CHECKPOINT_EVERY = 100
# A diverging network's arithmetic overflows to inf and NaN: that is the expected
# result there, which training reports as the "diverged" status and views draw
# as "not a number", so NumPy need not warn the server log about it.
_divergence_allowed = np.errstate(over="ignore", invalid="ignore")


class TrainingSession:
    """Owns the data, the network and its optimizer; see the module docstring."""

    def __init__(self, config: Optional[Config] = None, data: Optional[Dataset] = None,
                 **overrides):
        config = replace(config or Config(), **overrides)
        # Only the playground's own session may wait for points (see use_data):
        # a session made to train (a sweep's, say) must be able to.
        shortage = data is not None and too_few_classes(data.y_train)
        if shortage:
            raise DataError(shortage)
        # Given points (see use_data) make the data set "own".
        self.config = replace(config, dataset=OWN) if data is not None else config
        self._given_data = data
        self._build()

    # ---------------------------------------------------------------- set-up
    def _build(self):
        cfg = self.config
        self.output = output_for(cfg, self._given_data)
        self._load_data()
        rng = np.random.RandomState(cfg.seed)
        W, b = initial_parameters(self._layer_sizes, cfg.init, rng)
        self.network = Network(W, b, ACTIVATIONS[cfg.activation], self.output)
        self._shuffle_rng = rng  # mini-batch order continues the seeded stream
        self.epoch, self.status, self.message = 0, OK, ""
        self.train_log, self.test_log = LossHistory(), LossHistory()
        self.last_gradients = None
        self.recording = Recording(self.W, self.b)
        self._apply_live_settings(new_optimizer=True)
        self._checkpoint()
        self._limit = None
        self._record(*self._evaluate()[:2])
        first = self.train_log.values()[0]
        self._limit = EXPLOSION_FACTOR * (max(1.0, first) if math.isfinite(first) else 1.0)

    def _load_data(self):
        cfg = self.config
        spec = DATASETS[cfg.dataset]
        self.data = self._given_data if cfg.dataset == OWN else make_dataset(
            cfg.dataset, cfg.n_points, spec.default_noise if cfg.noise is None else cfg.noise,
            cfg.test_fraction, cfg.data_seed)
        self.n_outputs = self.data.n_classes if self.output.one_output_per_class else 1
        # Why training waits, in words (own points of fewer than two classes), or None.
        self.waiting = too_few_classes(self.data.y_train) if cfg.dataset == OWN else None
        self._layer_sizes = [len(cfg.features), *cfg.hidden, self.n_outputs]
        self.X = feature_matrix(self.data.X_train, cfg.features)
        self.T = self._targets(self.data.y_train)
        self.X_test = feature_matrix(self.data.X_test, cfg.features)
        self.T_test = self._targets(self.data.y_test)
        self._workspaces = {}
        self._order = None  # the epoch in progress: its shuffled order, and how far it got
        self._next_example = 0
        self._train_workspace = self._workspace("train", len(self.X))
        # Own points keep at least the square around ±1 in view, room to click new ones into.
        frame = np.array([[-1.0, -1.0], [1.0, 1.0]]) if cfg.dataset == OWN else self.data.X_all[:0]
        self.grids = PlaneGrids(plane_bounds(np.vstack([self.data.X_all, frame])), cfg.features)

    @_divergence_allowed
    def use_data(self, data, new=False):
        """Train on your own points from here on: ``data`` is a Dataset, e.g. from
        ``own_points``, ``own_dataset`` or ``read_points_csv``, and the config's
        data set becomes "own".  Points of fewer than two classes (an empty plane,
        say) are shown but not trained on: ``waiting`` says why, and ``step``
        trains nothing until there are points of two classes.

        ``new``: the points are a new data set (an upload, a cleared plane), so
        the network starts again from its seed and the plane fits the points.
        Otherwise they are an edit by hand: when the network's shape still fits
        (same number of outputs), its weights and history are kept and training
        goes on with the new points, so a point added moves the boundary live,
        and the plane stays put under the mouse while every point lies on it.
        Returns True when rebuilt; raises ValueError, changing nothing, when the
        output/loss cannot serve the data (e.g. one sigmoid output for 3 classes)."""
        config = replace(self.config, dataset=OWN)
        old_data = self._given_data
        self._given_data = data
        try:
            output = output_for(config, data)
        except ValueError:
            self._given_data = old_data
            raise
        outputs = data.n_classes if output.one_output_per_class else 1
        if new or self.config.dataset != OWN or outputs != self.n_outputs or output is not self.output:
            self.config = config
            self._build()
            return True
        plane = self.bounds
        self._load_data()
        low, high = np.array(plane).T
        if ((low <= data.X_all) & (data.X_all <= high)).all():
            self.grids = PlaneGrids(plane, config.features)  # the plane stays put under the mouse while points are edited
        self._record(*self._evaluate()[:2])
        return False

    def _targets(self, y):
        if self.output.one_output_per_class:
            return np.eye(self.n_outputs)[y]
        return y.astype(float)[:, None]

    def _apply_live_settings(self, new_optimizer=False):
        cfg = self.config
        self.penalty = PENALTIES[cfg.regularization]
        if new_optimizer:
            self.optimizer = OPTIMIZERS[cfg.optimizer]()

    def update(self, **changes):
        """Change settings.  Live settings (``LIVE_SETTINGS``) keep the trained
        network; any other change rebuilds it from scratch.  Returns True when
        the network was rebuilt.  Invalid values raise ValueError and change nothing."""
        new = replace(self.config, **changes)
        changed = {f.name for f in fields(Config) if getattr(new, f.name) != getattr(self.config, f.name)}
        old = self.config
        if changed - LIVE_SETTINGS:
            output_for(new, self._given_data)
            self.config = new
            self._build()
            return True
        self.config = new
        self._apply_live_settings(new_optimizer=new.optimizer != old.optimizer)
        return False

    # -------------------------------------------------------------- training
    def _penalty_value(self, n):
        total = self.network.penalty(self.penalty, self.config.reg_rate)
        return total / n if self.config.reduction == "sum" else total

    def _workspace(self, role, n):
        """Buffers for training passes over n examples; ``role`` keeps, e.g., the
        training set's forward pass apart from a mini-batch of the same size."""
        key = (role, n)
        if key not in self._workspaces:
            self._workspaces[key] = Workspace(n, self._layer_sizes)
        return self._workspaces[key]

    def _evaluate(self):
        """Current (train loss, test loss or None, the training set's forward pass)."""
        z, a = self.network.forward(self.X, self._train_workspace)
        penalty = self._penalty_value(len(self.X))
        # No points, no loss to measure (an empty plane of your own points).
        train = self.output.loss(z[-1], a[-1], self.T) + penalty if len(self.X) else math.nan
        test = None
        if len(self.X_test):
            zt, at = self.network.forward(self.X_test)
            test = self.output.loss(zt[-1], at[-1], self.T_test) + penalty
        return train, test, (z, a)

    def _record(self, train, test):
        self.train_log.set(self.epoch, train)
        if test is not None:
            self.test_log.set(self.epoch, test)
        if math.isfinite(train) or not len(self.X):  # a loss of no points is NaN, its network fine
            self.recording.add(self.epoch, self.W, self.b)
        if self._limit is not None and not train < self._limit and not self.waiting:  # NaN compares False
            self._diverge(f"the loss became {train:.4g}")

    def _diverge(self, what):
        self.status = DIVERGED
        self.message = (f"Training diverged at epoch {self.epoch}: {what}. "
                        f"The learning rate ({self.config.lr:g}) is probably too high. "
                        f"The network from epoch {self._good[0]} is kept; recover to go back to it.")

    def _parameters_finite(self):
        return all(np.isfinite(p).all() for p in self.W + self.b)

    def _gradients(self, X, T, cache=None):
        """(dW, db) of the objective on the examples (X, T).  ``cache`` is the
        training set's forward pass from ``_evaluate``, when (X, T) is the training set."""
        cfg = self.config
        ws = self._train_workspace if cache else self._workspace("batch", len(X))
        return self.network.gradients(X, T, cfg.reduction == "mean", self.penalty, cfg.reg_rate, ws, cache)

    @_divergence_allowed
    def gradients(self):
        """Full-batch gradients of the training objective at the current parameters,
        named like ``params()``.  The objective is objective_scale · Σ or mean of the
        per-example losses (see ``reduction``) plus the weight penalty."""
        dW, db = self._gradients(self.X, self.T)
        return named(dW, db)

    def _update_from(self, X, T, cache=None):
        """One gradient step on the examples (X, T)."""
        dW, db = self.last_gradients = self._gradients(X, T, cache)
        cfg = self.config
        lr = cfg.lr / (1.0 + cfg.lr_decay * self.epoch) if cfg.lr_decay else cfg.lr
        self.optimizer.step(self.W + self.b, dW + db, lr)

    @_divergence_allowed
    def step(self, epochs=1, time_budget=None):
        """Train for ``epochs`` passes over the training set; returns the number of
        epochs completed.  That is fewer if training diverged (0 once diverged) or
        if ``time_budget`` seconds ran out first, which bounds the work one caller,
        e.g. one live frame of one user, can ask for: the budget is checked between
        mini-batch updates, and at least one update is always made (a budget of 0
        makes exactly one).  An epoch cut short by the budget stays in progress
        (``epoch_progress``) and the next call goes on with it, in the same shuffled
        order, so training in slices is bit for bit the same as in one go.  Only a
        completed epoch counts in ``epoch`` and adds to the loss history.

        Divergence is a loss that is not finite or explodes (checked every epoch),
        or, rarely, infinite weights behind a finite loss (saturated units can
        hide them), which are looked for where it costs nothing measurable:
        before a checkpoint is kept and when the call ends.  A session that is
        ``waiting`` for points of two classes trains nothing and returns 0."""
        if self.waiting:
            return 0
        deadline = None if time_budget is None else time.perf_counter() + time_budget
        done = 0
        while done < epochs and self.status == OK and self._train_epoch(deadline, first=done == 0):
            done += 1
        if self.status == OK and not self._parameters_finite():
            self._diverge("some weights are no longer finite numbers")
        return done

    @property
    def epoch_progress(self):
        """Fraction (0 to 1) of the epoch in progress already trained: the share of
        its shuffled examples already used by mini-batch updates; 0 between epochs."""
        return 0.0 if self._order is None else self._next_example / len(self.X)

    def updates_left(self):
        """Mini-batch updates the epoch in progress (or else the next epoch) still needs."""
        n, batch = len(self.X), self.config.batch_size
        left = n - (0 if self._order is None else self._next_example)
        return -(-left // batch) if 0 < batch < left else 1

    def _train_epoch(self, deadline, first):
        """Finish the epoch in progress, or train a new one, unless ``deadline``
        (a ``time.perf_counter`` value, or None) passes first.  ``first``: the first
        epoch of a ``step`` call, whose first update is made whatever the time.
        Returns True if the epoch was completed."""
        n, batch = len(self.X), self.config.batch_size
        if self._order is None:
            if not first and self._past(deadline):
                return False
            if self.epoch - self._good[0] >= CHECKPOINT_EVERY:
                if not self._parameters_finite():
                    return False  # step() reports the divergence; no broken checkpoint is kept
                self._checkpoint()
            if batch == 0 or batch >= n:
                # One update on the whole set; within a call the previous epoch's
                # evaluation is that update's forward pass already.
                self._update_from(self.X, self.T, (self._evaluate() if first else self._pending)[2])
                return self._finish_epoch()
            self._order, self._next_example = self._shuffle_rng.permutation(n), 0
        # A batch size changed mid-epoch applies to the rest of it (0: all the rest at once).
        order, start, size = self._order, self._next_example, batch if batch > 0 else n
        made = not first
        while start < n:
            if made and self._past(deadline):
                self._next_example = start
                return False
            idx = order[start:start + size]
            self._update_from(self.X[idx], self.T[idx])
            start += size
            made = True
        self._order = None
        return self._finish_epoch()

    def _finish_epoch(self):
        self.epoch += 1
        self._pending = self._evaluate()
        self._record(*self._pending[:2])
        return True

    @staticmethod
    def _past(deadline):
        return deadline is not None and time.perf_counter() >= deadline

    def _checkpoint(self):
        self._good = (self.epoch, [W.copy() for W in self.W], [b.copy() for b in self.b])

    def recover(self):
        """After divergence: go back to the last good parameters (optimizer state restarts)."""
        epoch, W, b = self._good
        self.network.W, self.network.b = [w.copy() for w in W], [x.copy() for x in b]
        self.epoch, self.status, self.message = epoch, OK, ""
        self._order = None  # the epoch in progress started after the good network
        self.train_log = self.train_log.truncated(epoch)
        self.test_log = self.test_log.truncated(epoch)
        self.recording.forget_after(epoch)
        self._apply_live_settings(new_optimizer=True)
        self._record(*self._evaluate()[:2])

    @_divergence_allowed
    def set_parameter(self, name, index, value):
        """Edit one weight or bias by hand, e.g. ``set_parameter("W1", (0, 1), 0.5)``;
        training continues from the edited network."""
        layer = int(name[1:]) - 1
        if name[:1] not in "Wb" or not 0 <= layer < len(self.W):
            raise ValueError(f"no parameter {name!r}; there are W1..W{len(self.W)} and b1..b{len(self.b)}")
        if not np.isfinite(value):
            raise ValueError("a parameter must be a finite number")
        (self.W if name[0] == "W" else self.b)[layer][index] = value
        self._record(*self._evaluate()[:2])

    # ------------------------------------------------------------- read-out
    @property
    def W(self):
        """The network's weight matrices [W1 .. WL], trained in place."""
        return self.network.W

    @property
    def b(self):
        return self.network.b

    @property
    def activation(self):
        """The hidden layers' ACTIVATIONS entry."""
        return self.network.activation

    @property
    def bounds(self):
        """((x_min, x_max), (y_min, y_max)) of the plane the snapshots' grids cover."""
        return self.grids.bounds

    @property
    def train_loss(self):
        return self.train_log.values()

    @property
    def test_loss(self):
        return self.test_log.values() if len(self.X_test) else None

    def params(self):
        """Copies, named as in the tutorials: {"W1": .., "b1": .., "W2": ..}."""
        return named(self.W, self.b)

    def last_good(self):
        """(epoch, params named as in ``params()``) of the network ``recover()`` goes back to."""
        epoch, W, b = self._good
        return epoch, named(W, b)

    @_divergence_allowed
    def predict(self, points):
        """Network outputs (N, K) for points (N, 2) in the input plane."""
        X = feature_matrix(np.asarray(points, dtype=float), self.config.features)
        return self.network.predict(X)

    @_divergence_allowed
    def snapshot(self, resolution=50, epoch=None):
        """A Snapshot with R×R grids (R = ``resolution``); see Snapshot.  With
        ``epoch``, a replay: the network as recorded at that epoch (or the last
        recorded one before it; see ``recording``), its losses up to then, and
        today's data."""
        in_range("resolution", resolution, 2, 400)
        network, status, message, grads = self.network, self.status, self.message, self.last_gradients
        if epoch is not None and epoch < self.epoch:
            epoch, W, b = self.recording.at(epoch)
            network, status, message, grads = Network(W, b, self.activation, self.output), OK, "", None
        else:
            epoch = self.epoch
        test_loss = self.test_loss
        return take_snapshot(network, self.data, self.X, self.X_test, self.grids.at(resolution), epoch=epoch,
                             status=status, message=message, config=self.config,
                             train_loss=self.train_loss[:epoch + 1],
                             test_loss=None if test_loss is None else test_loss[:epoch + 1], gradients=grads)
