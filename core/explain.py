"""One training step, taken apart: what a learner checks against the formulas."""
from dataclasses import dataclass

from .snapshot import OK


@dataclass(frozen=True)
class StepRecord:
    """One epoch of training, seen from outside.  ``before``/``after`` are the
    parameters ({"W1": (n0, n1) array, "b1": (1, n1), ...}); ``gradients`` are
    the full-batch gradients of the objective at ``before``, named alike;
    ``updates`` is how many parameter updates the epoch made (1 for full batch;
    with mini-batches, ``after − before`` adds up all of them)."""
    epoch: int
    before: dict
    gradients: dict
    after: dict
    loss_before: float
    loss_after: float
    updates: int

    def change(self, name):
        return self.after[name] - self.before[name]


def one_step(session):
    """Train ``session`` one epoch and return its StepRecord (None if it has
    diverged, or waits for points of two classes)."""
    if session.status != OK or session.waiting:
        return None
    epoch, before, gradients = session.epoch, session.params(), session.gradients()
    loss_before, updates = float(session.train_loss[-1]), session.updates_left()
    session.step(1)
    return StepRecord(epoch, before, gradients, session.params(), loss_before,
                      float(session.train_loss[-1]), updates)
