"""Property-based tests of the core's public API: random and extreme settings never
crash or hang; they either give a clear ValueError naming the setting, or a
session that trains, reports divergence as a state and keeps working."""
import warnings
from dataclasses import fields

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import (ACTIVATIONS, DATASETS, FEATURES, INITIALIZERS, OPTIMIZERS, OUTPUT_LOSSES,
                  PENALTIES, Config, TrainingSession)

FIELD_NAMES = {f.name for f in fields(Config)}
numbers = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**12, 10**12))

config_kwargs = st.fixed_dictionaries({}, optional={
    "dataset": st.one_of(st.sampled_from(list(DATASETS)), st.text(max_size=8)),
    "n_points": st.one_of(st.integers(4, 300), st.integers(-5, 10**7)),
    "noise": st.one_of(st.none(), st.floats(0, 1), numbers),
    "test_fraction": st.one_of(st.floats(0, 0.9), numbers),
    "data_seed": st.one_of(st.integers(0, 2**32 - 1), st.integers(-10, 2**40)),
    "features": st.lists(st.one_of(st.sampled_from(list(FEATURES)), st.text(max_size=4)), max_size=4),
    "hidden": st.lists(st.one_of(st.integers(1, 8), st.integers(-3, 100)), max_size=7),
    "activation": st.one_of(st.sampled_from(list(ACTIVATIONS)), st.text(max_size=5)),
    "output": st.one_of(st.none(), st.sampled_from(list(OUTPUT_LOSSES))),
    "init": st.sampled_from(list(INITIALIZERS)),
    "lr": st.one_of(st.floats(1e-5, 1e3), numbers),
    "optimizer": st.one_of(st.sampled_from(list(OPTIMIZERS)), st.text(max_size=5)),
    "batch_size": st.one_of(st.integers(0, 64), numbers),
    "regularization": st.sampled_from(list(PENALTIES)),
    "reg_rate": st.one_of(st.floats(0, 10), numbers),
    "lr_decay": st.one_of(st.floats(0, 10), numbers),
    "reduction": st.sampled_from(["mean", "sum", "median"]),
})


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(config_kwargs, st.integers(1, 30))
def test_any_settings_give_a_clear_error_or_a_working_session(kwargs, epochs):
    try:
        config = Config(**{k: tuple(v) if isinstance(v, list) else v for k, v in kwargs.items()})
        session = TrainingSession(config)
    except ValueError as error:
        message = str(error)
        assert message and message.split(":")[0].split()[0] in FIELD_NAMES | {"neurons", "hidden", "output"}
        return
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow or invalid-value warnings, even when diverging
        done = session.step(epochs)
        snap = session.snapshot(resolution=8)
    assert 0 <= done <= epochs and snap.epoch == done
    assert snap.status in ("ok", "diverged")
    if snap.status == "ok":
        assert np.isfinite(snap.train_loss[-1])
    else:
        session.recover()
        assert session.status == "ok" and np.isfinite(session.train_loss[-1])


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["relu", "leaky-relu", "linear", "tanh"]), st.floats(10, 1000),
       st.sampled_from(list(OPTIMIZERS)), st.sampled_from(["moons", "plane", "spiral"]))
def test_huge_learning_rates_diverge_as_a_state_and_recover(activation, lr, optimizer, dataset):
    session = TrainingSession(Config(dataset=dataset, hidden=(8, 8), activation=activation, lr=lr,
                                     optimizer=optimizer, n_points=100))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        session.step(300)
    if session.status == "diverged":
        good = session.last_good()[0]
        session.recover()
        assert session.epoch == good and np.isfinite(session.train_loss[-1])
        session.update(lr=1e-4)
        assert session.step(5) == 5
