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
from dataclasses import fields, replace
from typing import Optional

import numpy as np

from .config import LIVE_SETTINGS, Config, in_range, output_for
from .datasets import DATASETS, OWN, Dataset, DataError, make_dataset, too_few_classes
from .divergence import LastGood
from .examples import Examples
from .history import LossHistory
from .inside import GradientNorms
from .nn import ACTIVATIONS, OPTIMIZERS, PENALTIES, Network, feature_matrix, initial_parameters
from .replay import Recording
from .resume import Resumable
from .snapshot import OK, named, take_snapshot
from .surgery import Surgery
from .training import Training, divergence_allowed


class TrainingSession(Resumable, Training):
    """Owns the data, the network and its optimizer; see the module docstring and Training."""

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
        self.network = Network(W, b, [ACTIVATIONS[a] for a in cfg.layer_activations] or ACTIVATIONS[cfg.activation],
                               self.output)
        self.surgery = Surgery(self.network)
        self._shuffle_rng = rng  # mini-batch order continues the seeded stream
        self.epoch, self.status, self.message = 0, OK, ""
        self.train_log, self.test_log = LossHistory(), LossHistory()
        old = getattr(self, "gradient_norms", None)
        self.gradient_norms = GradientNorms(len(W), recording=old is not None and old.recording)
        self.last_gradients = None
        self.recording = Recording(self.W, self.b)
        self._apply_live_settings(new_optimizer=True)
        self._good = LastGood(0, W, b)
        self._record(*self._evaluate()[:2])
        self._good.set_limit(self.train_log.values()[0])

    def _load_data(self):
        cfg = self.config
        spec = DATASETS[cfg.dataset]
        data = self._given_data if cfg.dataset == OWN else make_dataset(
            cfg.dataset, cfg.n_points, spec.default_noise if cfg.noise is None else cfg.noise,
            cfg.test_fraction, cfg.data_seed)
        self.examples = Examples(data, cfg, self.output)
        self._layer_sizes = [len(cfg.features), *cfg.hidden, self.n_outputs]
        self._workspaces = {}
        self._order = None  # the epoch in progress: its shuffled order, and how far it got
        self._next_example = 0
        self._train_workspace = self._workspace("train", len(self.X))

    @divergence_allowed
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
        self.examples.keep_plane(plane)  # the plane stays put under the mouse while points are edited
        self._record(*self._evaluate()[:2])
        return False

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

    def recover(self):
        """After divergence: go back to the last good parameters (optimizer state restarts)."""
        good = self._good
        epoch = good.epoch
        self.network.W, self.network.b = [w.copy() for w in good.W], [x.copy() for x in good.b]
        self.epoch, self.status, self.message = epoch, OK, ""
        self._order = None  # the epoch in progress started after the good network
        self.train_log = self.train_log.truncated(epoch)
        self.test_log = self.test_log.truncated(epoch)
        self.gradient_norms = self.gradient_norms.truncated(epoch)
        self.recording.forget_after(epoch)
        self.surgery.refreeze()
        self._apply_live_settings(new_optimizer=True)
        self._record(*self._evaluate()[:2])

    @divergence_allowed
    def set_parameter(self, name, index, value):
        """Edit one weight or bias by hand, e.g. ``set_parameter("W1", (0, 1), 0.5)``;
        training continues from the edited network."""
        layer = int(name[1:]) - 1
        if name[:1] not in "Wb" or not 0 <= layer < len(self.W):
            raise ValueError(f"no parameter {name!r}; there are W1..W{len(self.W)} and b1..b{len(self.b)}")
        if not np.isfinite(value):
            raise ValueError("a parameter must be a finite number")
        (self.W if name[0] == "W" else self.b)[layer][index] = value
        self.surgery.refreeze()  # a frozen unit edited by hand stays at its new value
        self._record(*self._evaluate()[:2])

    @divergence_allowed
    def switch_off(self, layer, unit, off=True):
        """Hold hidden unit ``unit`` (from 0) of hidden layer ``layer`` (from 1) at 0, or
        (``off=False``) let it work again; the loss is measured again at once.  See core.surgery."""
        self.surgery.switch_off(layer, unit, off)
        self._record(*self._evaluate()[:2])

    def freeze(self, layer, unit, frozen=True):
        """Keep a hidden unit's incoming weights and bias fixed while training, or
        (``frozen=False``) let them train again.  See core.surgery."""
        self.surgery.freeze(layer, unit, frozen)

    # ------------------------------------------------------------- read-out
    @property
    def bounds(self):
        """((x_min, x_max), (y_min, y_max)) of the plane the snapshots' grids cover."""
        return self.examples.grids.bounds

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
        return self._good.epoch, named(self._good.W, self._good.b)

    @divergence_allowed
    def predict(self, points):
        """Network outputs (N, K) for points (N, 2) in the input plane."""
        X = feature_matrix(np.asarray(points, dtype=float), self.config.features)
        return self.network.predict(X)

    @divergence_allowed
    def snapshot(self, resolution=50, epoch=None):
        """A Snapshot with R×R grids (R = ``resolution``); see Snapshot.  With
        ``epoch``, a replay: the network as recorded at that epoch (or the last
        recorded one before it; see ``recording``), its losses up to then, and
        today's data."""
        in_range("resolution", resolution, 2, 400)
        network, status, message, grads = self.network, self.status, self.message, self.last_gradients
        if epoch is not None and epoch < self.epoch:
            epoch, W, b = self.recording.at(epoch)
            network, status, message, grads = Network(W, b, self.activations, self.output), OK, "", None
            network.switched_off = self.network.switched_off  # replays show today's switches
        else:
            epoch = self.epoch
        test_loss = self.test_loss
        return take_snapshot(network, self.data, self.X, self.X_test, self.examples.grids.at(resolution), epoch=epoch,
                             status=status, message=message, config=self.config,
                             train_loss=self.train_loss[:epoch + 1],
                             test_loss=None if test_loss is None else test_loss[:epoch + 1], gradients=grads,
                             gradient_norms=self.gradient_norms.values()[:epoch], frozen=self.surgery.frozen)
