"""The playground's numbers as one block of HTML: epoch, losses, accuracies and
the settings in force.  One element for all of them, as every element a frame
redraws costs the browser time; ui/style.css styles its classes."""
import html

import numpy as np

from core import OPTIMIZERS, SCHEDULES
from core.diagnostics import diagnose

from .surgery import surgery_text


def settings_line(trainer, speed=None):
    """The training settings in force, in one line (what a lecturer reads out);
    ``speed`` is the epochs per frame, if it is to be said."""
    config = trainer.config
    batch = "full batch" if config.batch_size == 0 else f"batch {config.batch_size}"
    # Summed gradients (both tutorials) make a step as large as the data is big: say so.
    summed = f" · gradients summed over {len(trainer.X):,} points" if config.reduction == "sum" else ""
    penalty = "" if config.regularization == "none" else f" · {config.regularization.upper()} {config.reg_rate:g}"
    # A schedule's step size now, η_t, beside the base rate η it starts from.
    schedule = "" if config.schedule_name == "constant" else (
        f" ({SCHEDULES[config.schedule_name].label.lower()}: η_t {trainer.learning_rate():.3g})")
    clipped = f" · gradients clipped to norm {config.clip_norm:g}" if config.clip_norm else ""
    return (f"learning rate {config.lr:g}{schedule} · {OPTIMIZERS[config.optimizer].label.lower()} · {batch}"
            f"{summed}{penalty}{clipped}" + ("" if speed is None else f" · {speed} epochs per frame"))


def _percent(value):
    return "—" if value is None else f"{value:.1%}"


def _r2(metrics):
    """R² to 3 decimals; below −1 (a fit far worse than the targets' mean, diverging) only so, in a cell's width."""
    if metrics is None or not np.isfinite(metrics.r2):
        return "—"
    return f"{metrics.r2:.3f}" if metrics.r2 >= -1 else "< −1"


def _fit(snap):
    """The cells after the losses: accuracies for classification; R² (the share of
    the targets' variance the network explains) for regression, which has no accuracy."""
    if snap.data.task == "regression":
        return [("train-r2", "Train R²", _r2(snap.train_metrics)), ("test-r2", "Test R²", _r2(snap.test_metrics))]
    return [("train-acc", "Train acc.", _percent(snap.train_accuracy)),
            ("test-acc", "Test acc.", _percent(snap.test_accuracy))]


def _last_loss(values):
    """None yet (no points) or not a number (diverged) shows as a dash: the notices say why."""
    return f"{values[-1]:.4f}" if values is not None and np.isfinite(values[-1]) else "—"


def stats_html(snap, trainer, speed, note=None):
    """The numbers of ``snap`` (a replayed epoch, or the latest one of ``trainer``),
    the settings line with ``speed`` epochs per frame, ``note``, the units under
    surgery and the diagnoses' warnings, as HTML with every text escaped."""
    cells = [("epoch", "Epoch", f"{snap.epoch:,}"), ("train-loss", "Train loss", _last_loss(snap.train_loss)),
             ("test-loss", "Test loss", _last_loss(snap.test_loss)), *_fit(snap)]
    numbers = "".join(f"<div><small>{label}</small><b data-stat='{key}'>{value}</b></div>"
                      for key, label, value in cells)
    replay = (f"Replaying epoch {snap.epoch:,} of {trainer.epoch:,}: Play goes on from epoch {trainer.epoch:,}"
              if snap.epoch < trainer.epoch else None)
    line = " · ".join(filter(None, [replay or settings_line(trainer, speed), note]))
    # One line each (ui/style.css), the whole text on hover: warnings once pushed the loss off a 1280×720 screen.
    warnings = "".join(f"<div class='nn-warning' title='{html.escape(text)}'>⚠ {html.escape(text)}</div>"
                       for text in diagnose(snap))
    surgery = surgery_text(snap)
    if surgery:
        surgery = f"<div class='nn-note nn-surgery'>Surgery: {html.escape(surgery)}</div>"
    return f"<div class='nn-stats'>{numbers}<div class='nn-note'>{html.escape(line)}</div>{surgery}</div>{warnings}"
