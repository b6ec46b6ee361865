"""What defines a run (``Config``) and the checks that keep it trainable."""
from dataclasses import dataclass
from typing import Optional

import numpy as np

from .datasets import DATASETS, OWN
from .limits import MAX_HIDDEN_LAYERS, MAX_NEURONS, MAX_POINTS, MAX_SEED
from .nn import ACTIVATIONS, DEFAULT_OUTPUT, FEATURES, INITIALIZERS, OPTIMIZERS, OUTPUT_LOSSES, PENALTIES, SCHEDULES

REDUCTIONS = ("mean", "sum")


def _choice(name, value, registry):
    if value not in registry:
        raise ValueError(f"{name}: unknown value {str(value)[:40]!r}; choose from {', '.join(registry)}")


def _number(name, value, whole):
    """``value`` as int (``whole``) or float; anything else is a ValueError naming the setting."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name}: expected a number, got {value!r}")
    if whole:
        if not float(value).is_integer():
            raise ValueError(f"{name}: expected a whole number, got {value!r}")
        return int(value)
    return float(value)


_WHOLE_NUMBERS = ("n_points", "data_seed", "seed", "batch_size", "schedule_epochs")
_REAL_NUMBERS = ("test_fraction", "lr", "reg_rate", "lr_decay", "schedule_factor", "clip_norm")
_CHOICES = {"dataset": DATASETS, "activation": ACTIVATIONS, "init": INITIALIZERS, "optimizer": OPTIMIZERS,
            "regularization": PENALTIES, "reduction": REDUCTIONS}


def in_range(name, value, low, high):
    if not (low <= value <= high):  # also rejects NaN
        raise ValueError(f"{name}: must be between {low:g} and {high:g}, got {value!r}")


@dataclass(frozen=True)
class Config:
    """Everything that defines a run.  ``None`` means "the natural default"
    (the data set's own noise; softmax + cross-entropy for classification and
    linear + MSE for regression).  ``hidden`` holds the hidden layers' sizes and
    ``activation`` their activation, or ``layer_activations`` one per hidden
    layer (overriding ``activation``; empty: ``activation`` for all).
    ``batch_size`` 0 means full batch.  ``schedule`` names the learning-rate
    schedule (core.nn.schedules), None meaning inverse-time decay at rate
    ``lr_decay`` if that is set, else constant; ``schedule_factor`` (γ) and
    ``schedule_epochs`` (s) are the step, exponential and cosine schedules'
    settings.  ``clip_norm`` > 0 clips each update's gradient to that global
    norm (0: no clipping).
    ``reduction`` says whether per-example gradients are averaged ("mean", so
    the learning rate does not depend on the data size) or summed ("sum", the
    convention of both tutorials)."""
    dataset: str = "moons"
    n_points: int = 200
    noise: Optional[float] = None
    test_fraction: float = 0.0
    data_seed: int = 0
    features: tuple = ("x1", "x2")
    hidden: tuple = (4,)
    activation: str = "tanh"
    output: Optional[str] = None
    init: str = "xavier"
    seed: int = 0
    lr: float = 0.1
    optimizer: str = "sgd"
    batch_size: int = 0
    regularization: str = "none"
    reg_rate: float = 0.0
    lr_decay: float = 0.0
    reduction: str = "mean"
    layer_activations: tuple = ()
    schedule: Optional[str] = None
    schedule_factor: float = 0.5
    schedule_epochs: int = 100
    clip_norm: float = 0.0

    def __post_init__(self):
        for name in _WHOLE_NUMBERS + _REAL_NUMBERS:
            object.__setattr__(self, name, _number(name, getattr(self, name), name in _WHOLE_NUMBERS))
        if self.noise is not None:
            object.__setattr__(self, "noise", _number("noise", self.noise, False))
        object.__setattr__(self, "hidden", tuple(_number("hidden", h, True) for h in self.hidden))
        object.__setattr__(self, "features", tuple(self.features))
        object.__setattr__(self, "layer_activations", tuple(self.layer_activations))
        for name, registry in _CHOICES.items():
            _choice(name, getattr(self, name), registry)
        if self.output is not None:
            _choice("output", self.output, OUTPUT_LOSSES)
        for f in self.features:
            _choice("features", f, FEATURES)
        self._check_schedule_and_activations()
        if not self.features or len(set(self.features)) != len(self.features):
            raise ValueError("features: give one or more distinct input features")
        in_range("hidden layers", len(self.hidden), 0, MAX_HIDDEN_LAYERS)
        for h in self.hidden:
            in_range("neurons per hidden layer", h, 1, MAX_NEURONS)
        in_range("n_points", self.n_points, 4, MAX_POINTS)
        if self.noise is not None:
            in_range("noise", self.noise, 0.0, 5.0)
        in_range("test_fraction", self.test_fraction, 0.0, 0.9)
        in_range("lr", self.lr, 1e-12, 1e3)
        in_range("batch_size", self.batch_size, 0, MAX_POINTS)
        in_range("reg_rate", self.reg_rate, 0.0, 1e3)
        in_range("lr_decay", self.lr_decay, 0.0, 1e3)
        for name in ("seed", "data_seed"):
            in_range(name, getattr(self, name), 0, MAX_SEED)
        in_range("schedule_factor", self.schedule_factor, 1e-6, 1.0)
        in_range("schedule_epochs", self.schedule_epochs, 1, 10**6)
        in_range("clip_norm", self.clip_norm, 0.0, 1e6)

    def _check_schedule_and_activations(self):
        for a in self.layer_activations:
            _choice("layer_activations", a, ACTIVATIONS)
        if self.layer_activations and len(self.layer_activations) != len(self.hidden):
            raise ValueError(f"layer_activations: give one per hidden layer ({len(self.hidden)}), "
                             f"got {len(self.layer_activations)}")
        if self.schedule is not None:
            _choice("schedule", self.schedule, SCHEDULES)
        if self.lr_decay and self.schedule not in (None, "inverse-time"):
            raise ValueError("lr_decay: it is the inverse-time schedule's rate; set it to 0 for another schedule")

    @property
    def schedule_name(self):
        """The SCHEDULES entry's name this config trains with (see ``schedule``)."""
        return self.schedule or ("inverse-time" if self.lr_decay else "constant")

    @property
    def hidden_activations(self):
        """The ACTIVATIONS names of the hidden layers, one per layer."""
        return self.layer_activations or (self.activation,) * len(self.hidden)


# Settings that can change between steps without rebuilding the network.
LIVE_SETTINGS = frozenset({"lr", "optimizer", "batch_size", "regularization", "reg_rate",
                           "lr_decay", "reduction", "schedule", "schedule_factor", "schedule_epochs",
                           "clip_norm"})


def output_for(config, data):
    """The config's OUTPUT_LOSSES entry, checked against the data (``data``: the
    Dataset of an "own" data set, else unused); ValueError when it cannot serve them."""
    if config.dataset == OWN and data is None:
        raise ValueError("dataset: 'own' needs points; give them with use_data()")
    spec = DATASETS[config.dataset]
    task, n_classes = (data.task, data.n_classes) if config.dataset == OWN else (spec.task, spec.n_classes)
    output = OUTPUT_LOSSES[config.output or DEFAULT_OUTPUT[task]]
    if output.task != task:
        raise ValueError(f"output: {output.name} is for {output.task}, but the data are for {task}")
    if task == "classification" and not output.one_output_per_class and n_classes != 2:
        raise ValueError(f"output: {output.name} has one output, so it needs two "
                         f"classes; use softmax-ce for {n_classes} classes")
    return output
