"""Learning-rate schedules: the step size η_t used in epoch t (counted from 0).

Every schedule's ``function(lr, t, k, gamma, s)`` takes the base rate η = lr,
the epoch t, and the settings the schedules share: k, the inverse-time decay
rate; γ = gamma, the factor the rate is multiplied by every s epochs (step,
exponential); and s, the epochs of one step, or of the whole cosine.  Each
reads only the ones its formula names.
"""
from dataclasses import dataclass
from typing import Callable

import numpy as np


def constant(lr, t, k, gamma, s):
    return lr


def inverse_time(lr, t, k, gamma, s):
    return lr / (1.0 + k * t)


def step_decay(lr, t, k, gamma, s):
    return lr * gamma ** (t // s)


def exponential_decay(lr, t, k, gamma, s):
    return lr * gamma ** (t / s)


def cosine_decay(lr, t, k, gamma, s):
    # from η at t = 0 down to 0 at t = s, and 0 from then on
    return 0.5 * lr * (1.0 + float(np.cos(np.pi * min(t, s) / s)))


@dataclass(frozen=True)
class Schedule:
    name: str
    label: str
    function: Callable
    formula: tuple  # LaTeX lines: η_t in terms of η, t and the settings it reads
    settings: tuple = ()  # the Config fields it reads: lr_decay (k), schedule_factor (γ), schedule_epochs (s)


SCHEDULES = {
    s.name: s
    for s in (
        Schedule("constant", "Constant", constant, (r"\eta_t = \eta",)),
        Schedule("inverse-time", "Inverse-time decay", inverse_time, (r"\eta_t = \frac{\eta}{1 + k\,t}",),
                 ("lr_decay",)),
        Schedule("step", "Step decay", step_decay, (r"\eta_t = \eta\, \gamma^{\lfloor t / s \rfloor}",),
                 ("schedule_factor", "schedule_epochs")),
        Schedule("exponential", "Exponential decay", exponential_decay, (r"\eta_t = \eta\, \gamma^{t / s}",),
                 ("schedule_factor", "schedule_epochs")),
        Schedule("cosine", "Cosine decay", cosine_decay,
                 (r"\eta_t = \tfrac12\, \eta \left(1 + \cos \frac{\pi \min(t, s)}{s}\right)",),
                 ("schedule_epochs",)),
    )
}
