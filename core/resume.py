"""Saving a session's training and going on from it: what training needs besides
the parameters (the optimizer's state, the mini-batch shuffle, the epoch in
progress), as plain Python for a weights file (core/export.py), and ``resume``,
which takes a saved network back, checked, so that training goes on bit for
bit as it would have.  A part of TrainingSession (core/session.py)."""
import numpy as np

from .divergence import LastGood
from .history import LossHistory
from .inside import GradientNorms
from .nn import OPTIMIZERS
from .replay import Recording
from .snapshot import OK
from .training import divergence_allowed


class Resumable:
    """``training_state`` and ``resume`` for a TrainingSession."""

    def training_state(self):
        """What training goes on with besides the parameters, as plain Python (lists,
        numbers, None): the optimizer's state (velocity, moments, step count), the
        mini-batch shuffle's random state and the epoch in progress.  ``resume`` takes it."""
        kind, keys, position, has_gauss, gauss = self._shuffle_rng.get_state()
        optimizer = {name: [a.tolist() for a in value] if isinstance(value, list) else value
                     for name, value in vars(self.optimizer).items()}
        return {"optimizer": optimizer, "shuffle": [kind, keys.tolist(), position, has_gauss, gauss],
                "order": None if self._order is None else self._order.tolist(), "next_example": self._next_example}

    @divergence_allowed
    def resume(self, epoch, W, b, state=None):
        """Go on from a saved network: parameters ``W`` and ``b`` (lists shaped as this
        network's) at ``epoch``, and ``state`` from ``training_state`` (None: the optimizer
        starts afresh, and the next epoch's mini-batches are this session's next ones).
        The histories start at ``epoch``.  ValueError, changing nothing, if they do not fit."""
        shapes = [p.shape for p in self.W + self.b]
        if [np.shape(p) for p in W + b] != shapes:
            raise ValueError("its parameters do not have this network's shapes")
        if state is not None:
            optimizer, shuffle, order, next_example = self._saved_training(state, shapes)
        for mine, saved in zip(self.W + self.b, W + b):
            mine[...] = saved
        self.epoch, self.status, self.message = int(epoch), OK, ""
        self.train_log, self.test_log = LossHistory(), LossHistory()
        self.gradient_norms = GradientNorms(len(self.W), recording=self.gradient_norms.recording)
        self.recording = Recording(self.W, self.b)
        self._apply_live_settings(new_optimizer=True)
        self._order, self._next_example = None, 0
        if state is not None:
            vars(self.optimizer).update(optimizer)
            self._shuffle_rng.set_state(shuffle)
            self._order, self._next_example = order, next_example
        self._good = LastGood(self.epoch, self.W, self.b)
        self._record(*self._evaluate()[:2])
        self._good.set_limit(self.train_loss[self.epoch])

    def _saved_training(self, state, shapes):
        """(optimizer attributes, shuffle state, order, next example) from a ``training_state``, checked."""
        try:
            optimizer = {}
            fresh = vars(OPTIMIZERS[self.config.optimizer]())
            for name, value in state["optimizer"].items():
                if name not in fresh:
                    raise ValueError(f"the optimizer has no {name!r}")
                if isinstance(value, list):
                    value = [np.array(v, dtype=float) for v in value]
                    if [v.shape for v in value] != shapes:
                        raise ValueError(f"the optimizer's {name} does not fit the parameters")
                elif value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
                    raise ValueError(f"the optimizer's {name} is not a number")
                optimizer[name] = value
            kind, keys, position, has_gauss, gauss = state["shuffle"]
            shuffle = (str(kind), np.array(keys, dtype=np.uint32), int(position), int(has_gauss), float(gauss))
            np.random.RandomState().set_state(shuffle)  # raises if it is no such state
            order = state["order"]
            if order is not None:
                order = np.array(order, dtype=int)
                if sorted(order.tolist()) != list(range(len(self.X))):
                    raise ValueError("the epoch in progress is not an order of this data's points")
            next_example = int(state["next_example"])
            if not 0 <= next_example <= len(self.X) or (order is None and next_example):
                raise ValueError("the epoch in progress is not one of this data")
        except (KeyError, TypeError, ValueError, OverflowError) as error:
            raise ValueError(f"its training state does not fit ({error})") from None
        return optimizer, shuffle, order, next_example
