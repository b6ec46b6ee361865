"""Goals: conditions on a training run, in a small strict grammar, checked live
on snapshots (by exercise links, core/exercise.py, and the guided lessons,
core/lessons.py).

  goal   := clause ("," clause)*          at most MAX_CLAUSES clauses
  clause := quantity op value
  op     := "<=" | ">=" | "<" | ">" | "="
  value  := a number (a whole one for whole quantities), or for ``features``
            "raw" (x1 and x2 only) or feature names joined by "+" (exactly those)
The quantities are QUANTITIES' names; a goal is met when every clause holds.
"""
import math
import re
from dataclasses import dataclass
from typing import Callable

import numpy as np

from .nn.features import FEATURES, RAW_FEATURES
from .sharing import MAX_VALUE_LENGTH
from .snapshot import DIVERGED

MAX_CLAUSES = 8


class GoalError(ValueError):
    """A goal that does not follow the grammar; its message says what is wrong, in words."""


def _last(values):
    return None if values is None or not len(values) else float(values[-1])


def _largest_rise(snap):
    """The largest relative rise of the training loss between two consecutive epochs
    (0.1: 10 %); infinite for a diverged run (it bounced as far as a loss can)."""
    loss = np.asarray(snap.train_loss, dtype=float)
    if snap.status == DIVERGED or not np.isfinite(loss).all():
        return math.inf
    if len(loss) < 2:
        return 0.0
    before, after = loss[:-1], loss[1:]
    rises = (after - before) / np.maximum(before, 1e-12)
    return float(max(rises.max(), 0.0))


def _gap(snap):
    test, train = _last(snap.test_loss), _last(snap.train_loss)
    return None if test is None or train is None else test - train


@dataclass(frozen=True)
class Quantity:
    """What a goal can ask about: ``read(snap)`` its value on a core Snapshot (None
    where the run has none, e.g. test accuracy without test points); ``whole``
    values are counts; ``percent`` ones are described as percentages;
    ``measured`` ones come from training (a code carries the first one's value);
    ``bounds`` the values it can take, to refuse a goal that could never be met."""
    label: str
    read: Callable
    whole: bool = False
    percent: bool = False
    measured: bool = True
    bounds: tuple = (-math.inf, math.inf)


QUANTITIES = {
    "test_accuracy": Quantity("test accuracy", lambda s: s.test_accuracy, percent=True, bounds=(0.0, 1.0)),
    "train_accuracy": Quantity("training accuracy", lambda s: s.train_accuracy, percent=True, bounds=(0.0, 1.0)),
    "test_loss": Quantity("test loss", lambda s: _last(s.test_loss), bounds=(0.0, math.inf)),
    "train_loss": Quantity("training loss", lambda s: _last(s.train_loss), bounds=(0.0, math.inf)),
    "loss_gap": Quantity("test loss above the training loss by", _gap),
    "loss_bounce": Quantity("the largest rise of the training loss from one epoch to the next",
                            _largest_rise, percent=True),
    "dead_units": Quantity("dead units", lambda s: sum(int(a.dead.sum()) for a in s.activity), whole=True),
    "epoch": Quantity("epochs trained", lambda s: s.epoch, whole=True),
    "neurons": Quantity("hidden neurons in all", lambda s: sum(s.config.hidden), whole=True, measured=False),
    "layers": Quantity("hidden layers", lambda s: len(s.config.hidden), whole=True, measured=False),
    "seed": Quantity("seed for the weights", lambda s: s.config.seed, whole=True, measured=False),
    "features": Quantity("input features", lambda s: frozenset(s.config.features), measured=False),
}
OPERATORS = {"<=": (lambda a, b: a <= b, "at most"), ">=": (lambda a, b: a >= b, "at least"),
             "<": (lambda a, b: a < b, "below"), ">": (lambda a, b: a > b, "above"),
             "=": (lambda a, b: a == b, "exactly")}
_CLAUSE = re.compile(r"([a-z_]+)\s*(<=|>=|=|<|>)\s*(\S+)")
WHOLE_NUMBER = re.compile(r"[0-9]+")
_REAL = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")


@dataclass(frozen=True)
class Clause:
    """One condition: QUANTITIES[quantity] compared by OPERATORS[op] with ``value``
    (a float, an int for whole quantities, a frozenset of FEATURES names for features)."""
    quantity: str
    op: str
    value: object

    @property
    def text(self):
        """The clause as the grammar writes it (what a link carries)."""
        if self.quantity == "features":
            value = "raw" if self.value == frozenset(RAW_FEATURES) else "+".join(f for f in FEATURES if f in self.value)
        else:
            value = f"{self.value:g}" if isinstance(self.value, float) else str(self.value)
        return f"{self.quantity}{self.op}{value}"

    def describe(self):
        """The clause in words, e.g. 'test accuracy at least 95%'."""
        quantity = QUANTITIES[self.quantity]
        if self.quantity == "features":
            return ("only the raw inputs x1 and x2" if self.value == frozenset(RAW_FEATURES)
                    else "the input features " + ", ".join(f for f in FEATURES if f in self.value))
        return f"{quantity.label} {OPERATORS[self.op][1]} {shown(quantity, self.value)}"

    def holds(self, value):
        return value is not None and not (isinstance(value, float) and math.isnan(value)) and \
            OPERATORS[self.op][0](value, self.value)


def shown(quantity, value):
    """A quantity's value as the page shows it."""
    if value is None:
        return "none"
    if isinstance(value, frozenset):
        return ", ".join(f for f in FEATURES if f in value)
    if quantity.percent and math.isfinite(value):
        return f"{100 * value:.3g}%"
    return str(value) if quantity.whole else f"{value:.4g}"


def _parse_value(quantity, op, text):
    if quantity == "features":
        if op != "=":
            raise GoalError("features: compare them with '=' only, e.g. features=raw or features=x1+x2+x1^2")
        names = RAW_FEATURES if text == "raw" else tuple(text.split("+"))
        unknown = [n for n in names if n not in FEATURES]
        if unknown or not names:
            raise GoalError(f"features: unknown feature {unknown[0] if unknown else text!r}; "
                            f"choose 'raw' or names from {', '.join(FEATURES)} joined by '+'")
        return frozenset(names)
    if QUANTITIES[quantity].whole:
        if not WHOLE_NUMBER.fullmatch(text):
            raise GoalError(f"{quantity}: expected a whole number, got {text!r}")
        return int(text)
    if not _REAL.fullmatch(text):
        raise GoalError(f"{quantity}: expected a number, got {text!r}")
    return float(text)


def _possible(clause):
    """``clause``, unless no value its quantity can take would meet it (GoalError)."""
    low, high = QUANTITIES[clause.quantity].bounds
    op, value = clause.op, clause.value
    if clause.quantity != "features" and (op in (">=", "=") and value > high or op == ">" and value >= high
            or op in ("<=", "=") and value < low or op == "<" and value <= low):
        hint = " (accuracies are fractions: 0.9 is 90%)" if QUANTITIES[clause.quantity].percent else ""
        lies = f"is never below {low:g}" if high == math.inf else f"lies between {low:g} and {high:g}"
        raise GoalError(f"{clause.text} can never be met: {clause.quantity} {lies}{hint}")
    return clause


def asks_for_test_points(goal):
    """Whether ``goal`` can only be met on a setup with test points."""
    return any(c.quantity in ("test_accuracy", "test_loss", "loss_gap") for c in goal.clauses)


@dataclass(frozen=True)
class Goal:
    """A goal: every clause must hold.  ``text`` is its canonical form in a link."""
    clauses: tuple

    @property
    def text(self):
        return ",".join(c.text for c in self.clauses)

    def describe(self):
        return "; ".join(c.describe() for c in self.clauses)

    def evaluate(self, snap):
        """[(clause, its quantity's value on the Snapshot ``snap``, whether it holds)]."""
        return [(c, value, c.holds(value)) for c in self.clauses
                for value in [QUANTITIES[c.quantity].read(snap)]]

    def met(self, snap):
        return all(holds for _, _, holds in self.evaluate(snap))


def parse_goal(text):
    """The Goal a text writes (see the module docstring); GoalError says what is wrong."""
    if not isinstance(text, str) or not text.strip():
        raise GoalError("the goal is empty")
    if len(text) > MAX_VALUE_LENGTH:
        raise GoalError(f"the goal is longer than {MAX_VALUE_LENGTH} characters")
    parts = [p.strip() for p in text.split(",")]
    if len(parts) > MAX_CLAUSES:
        raise GoalError(f"a goal has at most {MAX_CLAUSES} conditions, this one {len(parts)}")
    clauses = []
    for part in parts:
        found = _CLAUSE.fullmatch(part)
        if not found:
            raise GoalError(f"{part[:40]!r} is not a condition such as test_accuracy>=0.95")
        quantity, op, value = found.groups()
        if quantity not in QUANTITIES:
            raise GoalError(f"unknown quantity {quantity!r}; choose from {', '.join(QUANTITIES)}")
        clauses.append(_possible(Clause(quantity, op, _parse_value(quantity, op, value))))
    return Goal(tuple(clauses))
