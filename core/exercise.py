"""Exercise links: a setup whose link also hides or locks chosen controls and
may carry a goal (core/goals.py), which the page checks live.

In the link (besides the setup's own parameters, core.sharing):
  ``<control>_hide=true``  the control is gone from the page (TensorFlow Playground's form);
  ``lock=lr,activation``   the controls are shown but cannot be changed;
  ``goal=test_accuracy>=0.95,neurons<=12,features=raw``.

A hidden or locked control keeps the link's value: those settings are the
exercise's *fixed* settings.  The completion codes that prove a goal was met
are in core/completion.py.
"""
from dataclasses import dataclass
from typing import Optional

from .goals import Goal, GoalError, parse_goal
from .sharing import MAX_VALUE_LENGTH, last_value

# The controls an exercise may hide or lock, by their Config field: what each is on the page.
CONTROLS = {"dataset": "problem type and data set", "n_points": "number of points", "noise": "noise",
            "test_fraction": "test share", "data_seed": "data seed (and Regenerate)",
            "features": "input features", "hidden": "hidden layers and neurons (and the diagram's − and +)",
            "activation": "activation", "output": "output and loss", "init": "initialisation",
            "seed": "seed for the weights", "lr": "learning rate", "optimizer": "optimizer",
            "batch_size": "batch size", "regularization": "regularisation", "reg_rate": "regularisation rate",
            "schedule": "learning-rate schedule and its settings", "clip_norm": "gradient clipping"}
# Config fields a control sets beside its own: a locked activation would be no
# lock if each layer's own could still be chosen.
ALSO_SETS = {"activation": ("layer_activations",), "schedule": ("lr_decay", "schedule_factor", "schedule_epochs")}


@dataclass(frozen=True)
class Exercise:
    """Controls ``hidden`` (gone from the page) and ``locked`` (shown, disabled),
    CONTROLS names, and a ``goal`` (or None)."""
    hidden: frozenset = frozenset()
    locked: frozenset = frozenset()
    goal: Optional[Goal] = None

    @property
    def fixed(self):
        """The Config fields the student cannot change: those of the controls hidden or locked."""
        return frozenset(field for name in self.hidden | self.locked for field in (name, *ALSO_SETS.get(name, ())))

    def to_params(self):
        """The exercise's own link parameters (the setup's are core.sharing's)."""
        params = {f"{name}_hide": "true" for name in CONTROLS if name in self.hidden}
        if self.locked:
            params["lock"] = ",".join(name for name in CONTROLS if name in self.locked)
        if self.goal is not None:
            params["goal"] = self.goal.text
        return params


def exercise_from_params(params):
    """(Exercise or None when the link makes none, notices) from query parameters;
    never raises: a bad part is left out and a notice says why."""
    hidden, locked, goal, notices = set(), set(), None, []
    for key, raw in params.items():
        text = last_value(raw)
        if key.endswith("_hide"):
            name = key[:-len("_hide")]
            if name not in CONTROLS:
                notices.append(f"Ignored {key[:40]}: there is no control {name[:40]!r} to hide.")
            elif text != "true":
                notices.append(f"Ignored {key}={str(text)[:40]!r}: write {key}=true to hide it.")
            else:
                hidden.add(name)
    if "lock" in params:
        for name in str(last_value(params["lock"]))[:MAX_VALUE_LENGTH].split(","):
            name = name.strip()
            if name in CONTROLS:
                locked.add(name)
            elif name:
                notices.append(f"Ignored lock of {name[:40]!r}: no such control; choose from {', '.join(CONTROLS)}.")
    if "goal" in params:
        try:
            goal = parse_goal(last_value(params["goal"]))
        except GoalError as error:
            notices.append(f"This exercise's goal cannot be read ({error}); there is no goal.")
    if not (hidden or locked or goal):
        return None, notices
    return Exercise(frozenset(hidden), frozenset(locked - hidden), goal), notices
