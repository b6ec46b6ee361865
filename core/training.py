"""Training a network on examples: epochs, in slices of bounded time, and divergence.

``Training`` is the part of a ``TrainingSession`` that trains; the session
(core/session.py) builds it from a Config and reads it out.  It expects, set up
by the session: ``network`` (core.nn.Network), ``examples`` (Examples),
``optimizer``, ``penalty``, ``config``, ``epoch``, ``status``, ``message``,
``train_log``/``test_log`` (LossHistory), ``gradient_norms`` (GradientNorms),
``surgery`` (Surgery), ``recording`` (Recording), ``_good`` (LastGood),
``_shuffle_rng`` and the workspaces (see ``_load_data``).
"""
import math
import time

import numpy as np

from .divergence import finite
from .nn import NO_PENALTY, SCHEDULES, Network, Workspace, clip_by_global_norm
from .snapshot import DIVERGED, OK, named

# A diverging network's arithmetic overflows to inf and NaN: that is the expected
# result there, which training reports as the "diverged" status and views draw
# as "not a number", so NumPy need not warn the server log about it.
divergence_allowed = np.errstate(over="ignore", invalid="ignore")


class Training:
    """Training steps over ``examples``; see the module docstring."""

    _run_axes = ()  # the leading axes of stacked runs' arrays (core/stacked.py); none for one network

    @property
    def W(self):
        """The network's weight matrices [W1 .. WL], trained in place."""
        return self.network.W

    @property
    def b(self):
        return self.network.b

    @property
    def activations(self):
        """The hidden layers' ACTIVATIONS entries, one per hidden layer."""
        return self.network.activations

    # What callers read of the examples (see Examples).
    data = property(lambda self: self.examples.data)
    X = property(lambda self: self.examples.X)
    T = property(lambda self: self.examples.T)
    X_test = property(lambda self: self.examples.X_test)
    n_outputs = property(lambda self: self.examples.n_outputs)
    waiting = property(lambda self: self.examples.waiting)

    def _penalty_value(self, n, network=None):
        if self.penalty.name == NO_PENALTY:  # most runs: no call made, every epoch
            return 0.0
        total = (network or self.network).penalty(self.penalty, self.config.reg_rate)
        return total / n if self.config.reduction == "sum" else total

    def _workspace(self, role, n):
        """Buffers for training passes over n examples; ``role`` keeps, e.g., the
        training set's forward pass apart from a mini-batch of the same size."""
        key = (role, n)
        if key not in self._workspaces:
            self._workspaces[key] = Workspace(n, self._layer_sizes, self._run_axes)
        return self._workspaces[key]

    def _evaluate(self):
        """Current (train loss, test loss or None, the training set's forward pass)."""
        ex = self.examples
        z, a = self.network.forward(ex.X, self._train_workspace)
        penalty = self._penalty_value(len(ex.X))
        # No points, no loss to measure (an empty plane of your own points).
        train = self.output.loss(z[-1], a[-1], ex.T) + penalty if len(ex.X) else math.nan
        test = None
        if len(ex.X_test):
            zt, at = self.network.forward(ex.X_test)
            test = self.output.loss(zt[-1], at[-1], ex.T_test) + penalty
        return train, test, (z, a)

    @divergence_allowed
    def training_loss(self, W, b):
        """The training loss, as ``train_loss`` reports it, of parameters W, b (lists shaped
        like ``W`` and ``b``) instead of the network's own; units switched off stay off."""
        network = Network(W, b, self.activations, self.output)
        network.switched_off = self.network.switched_off
        z, a = network.forward(self.X, self._workspace("probe", len(self.X)))
        return self.output.loss(z[-1], a[-1], self.T) + self._penalty_value(len(self.X), network)

    def _record(self, train, test):
        self.train_log.set(self.epoch, train)
        if test is not None:
            self.test_log.set(self.epoch, test)
        examples, network = self.examples, self.network
        if math.isfinite(train) or not len(examples.X):  # a loss of no points is NaN, its network fine
            self.recording.add(self.epoch, network.W, network.b)
        if self._good.exceeded(train) and not examples.waiting:
            self._diverge(f"the loss became {train:.4g}")

    def _diverge(self, what):
        self.status, self.message = DIVERGED, self._good.message(self.epoch, what, self.config.lr)

    def _gradients(self, X, T, cache=None):
        """(dW, db) of the objective on the examples (X, T).  ``cache`` is the
        training set's forward pass from ``_evaluate``, when (X, T) is the training set."""
        cfg = self.config
        ws = self._train_workspace if cache else self._workspace("batch", X.shape[-2])
        return self.network.gradients(X, T, cfg.reduction == "mean", self.penalty, cfg.reg_rate, ws, cache)

    @divergence_allowed
    def gradients(self):
        """Full-batch gradients of the training objective at the current parameters,
        named like ``params()``.  The objective is objective_scale · Σ or mean of the
        per-example losses (see ``reduction``) plus the weight penalty."""
        dW, db = self._gradients(self.X, self.T)
        return named(dW, db)

    def _update_from(self, X, T, cache=None):
        """One gradient step on the examples (X, T)."""
        dW, db = self.last_gradients = self._gradients(X, T, cache)
        surgery = self.surgery if self.surgery.frozen_units else None  # most networks have no frozen unit
        if surgery:
            surgery.mask(dW, db)
        if self.gradient_norms.recording:
            self.gradient_norms.add(dW)
        if self.config.clip_norm:
            clip_by_global_norm(dW + db, self.config.clip_norm)
        self.optimizer.step(self.network.W + self.network.b, dW + db, self.learning_rate())
        if surgery:
            surgery.hold()

    def record_gradient_norms(self, on=True):
        """Keep each layer's weight-gradient norm, epoch by epoch, from now on
        (``gradient_norms``; off at first, and kept as it is through a rebuild), or stop."""
        self.gradient_norms.recording = on

    def learning_rate(self, epoch=None):
        """The schedule's step size η_t at ``epoch`` t (default: the epoch in progress)."""
        cfg = self.config
        if cfg.schedule is None and not cfg.lr_decay:  # constant, as most runs are: nothing to look up
            return cfg.lr
        t = self.epoch if epoch is None else epoch
        return SCHEDULES[cfg.schedule_name].function(cfg.lr, t, cfg.lr_decay, cfg.schedule_factor, cfg.schedule_epochs)

    @divergence_allowed
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
        if self.status == OK:
            self._check_weights()
        return done

    def _check_weights(self):
        """Diverge if some weights are not finite; returns whether training goes on."""
        if not finite(self.W + self.b):
            self._diverge("some weights are no longer finite numbers")
        return self.status == OK

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
        X, T = self.examples.X, self.examples.T
        n, batch = len(X), self.config.batch_size
        if self._order is None:
            if not first and self._past(deadline):
                return False
            if self._good.due(self.epoch):
                if not self._check_weights():
                    return False  # no broken checkpoint is kept
                self._good.keep(self.epoch, self.W, self.b)
            if batch == 0 or batch >= n:
                # One update on the whole set; within a call the previous epoch's
                # evaluation is that update's forward pass already.
                self._update_from(X, T, (self._evaluate() if first else self._pending)[2])
                return self._finish_epoch()
            self._order, self._next_example = self._shuffled(n), 0
        # A batch size changed mid-epoch applies to the rest of it (0: all the rest at once).
        order, start, size = self._order, self._next_example, batch if batch > 0 else n
        made = not first
        while start < n:
            if made and self._past(deadline):
                self._next_example = start
                return False
            idx = order[..., start:start + size]
            self._update_from(X[idx], T[idx])
            start += size
            made = True
        self._order = None
        return self._finish_epoch()

    def _shuffled(self, n):
        """The order of the n training examples in the next epoch's mini-batches."""
        return self._shuffle_rng.permutation(n)

    def _finish_epoch(self):
        if self.gradient_norms.recording:
            self.gradient_norms.end_epoch(self.epoch)
        self.epoch += 1
        self._pending = self._evaluate()
        self._record(*self._pending[:2])
        return True

    @staticmethod
    def _past(deadline):
        return deadline is not None and time.perf_counter() >= deadline

