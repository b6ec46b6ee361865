"""Plain-language warnings about a network's state, for learners.

Each check reads a Snapshot only: its units' activity at the training points
(saturated and dead units, see core.inside) and the loss history.  Thresholds
are chosen so a warning means something is really wrong, not merely unusual.
"""
from dataclasses import replace

import numpy as np

from .datasets import OWN, too_few_classes
from .session import TrainingSession
from .snapshot import OK

RISING_WINDOW = 50       # epochs compared when looking for a rising loss


def _units(snap, flag, activations=None):
    """Names "h<layer>.<unit>" (from 1) of the hidden units whose LayerActivity ``flag``
    is set, in layers whose activation is in ``activations`` (None: any)."""
    names = snap.config.hidden_activations
    return [f"h{layer.layer}.{i + 1}" for layer in snap.activity
            if activations is None or names[layer.layer - 1] in activations
            for i in np.flatnonzero(getattr(layer, flag))]


def _agreeing(found, one, many):
    """The words ``one`` said of a single unit found, ``many`` of several."""
    return one if len(found) == 1 else many


def _dead_relus(snap):
    found = _units(snap, "dead", {"relu"})
    said = _agreeing(found, "outputs 0 for every training point, so it no longer learns (its gradient is 0)",
                     "output 0 for every training point, so they no longer learn (their gradient is 0)")
    return [f"Dead ReLU: {', '.join(found)} {said}. A smaller learning rate or another seed avoids this."] if found else []


def _saturated(snap):
    found = _units(snap, "saturated")
    names = snap.config.hidden_activations
    kinds = sorted({names[layer.layer - 1] for layer in snap.activity if layer.saturated.any()})
    said = _agreeing(found, "sits at its limits for almost every point, where its slope is nearly 0, so it learns",
                     "sit at their limits for almost every point, where their slope is nearly 0, so they learn")
    return [f"Saturated {' and '.join(kinds)} units: {', '.join(found)} {said} very slowly. "
            "A smaller learning rate, smaller initial weights or smaller inputs help."] if found else []


def _rising_loss(snap):
    loss = snap.train_loss
    if len(loss) <= 2 * RISING_WINDOW or not np.all(np.isfinite(loss[-2 * RISING_WINDOW:])):
        return []
    before, recent = loss[-2 * RISING_WINDOW:-RISING_WINDOW].mean(), loss[-RISING_WINDOW:].mean()
    if recent > 1.1 * before:
        return [f"The loss is rising (mean {before:.3g} → {recent:.3g} over the last {2 * RISING_WINDOW} "
                "epochs): the learning rate is probably too high."]
    return []


def _waiting(snap):
    shortage = snap.config.dataset == OWN and too_few_classes(snap.data.y_train)
    return [f"Training waits: {shortage}. Pick a class in the sidebar and click the plane."] if shortage else []


def diagnose(snap):
    """A list of warnings (strings), empty when nothing is wrong."""
    if snap.status != OK:
        return []  # divergence has its own message
    # Points of one class or none: nothing trains, and the other checks would read nothing.
    return _waiting(snap) or _dead_relus(snap) + _saturated(snap) + _rising_loss(snap)


def steady_rate(config, rates, epochs=100):
    """The largest learning rate of ``rates`` (ascending), no larger than
    ``config.lr``, at which ``epochs`` epochs from the config's own start neither
    diverge nor end with a higher training loss than they began; None when even
    the smallest fails.  What a switch of data set or problem type uses to keep
    the current rate from blowing up on the new data (Britz's summed gradients
    at 0.01 do on the regression plane, for one)."""
    for lr in sorted((r for r in rates if r <= config.lr), reverse=True):
        trial = TrainingSession(replace(config, lr=lr))
        trial.step(epochs)
        if trial.status == OK and trial.train_loss[-1] <= trial.train_loss[0]:
            return lr
    return None
