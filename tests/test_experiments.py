"""Exports, seed sweeps, lockstep runs and sweep sizes."""
import json

import numpy as np
import pytest

from core import Config, TrainingSession, preset
from tests.tutorial_reference import xor_tutorial


def test_exports_reproduce_the_session():
    import csv
    from core.export import loss_csv, weights_json
    s = TrainingSession(Config(dataset="moons", hidden=(3,), test_fraction=0.2))
    s.step(5)
    saved = json.loads(weights_json(s))
    again = TrainingSession(Config(**{k: tuple(v) if isinstance(v, list) else v
                                      for k, v in saved["config"].items()}))
    again.step(saved["epoch"])
    for name, values in s.params().items():
        np.testing.assert_array_equal(np.array(saved["params"][name]), values)
        np.testing.assert_array_equal(again.params()[name], values)
    rows = list(csv.DictReader(loss_csv(s).splitlines()))
    assert len(rows) == 6 and float(rows[5]["train_loss"]) == s.train_loss[5]
    assert float(rows[5]["test_loss"]) == s.test_loss[5]


def test_seed_sweep_counts_which_seeds_solve_xor():
    from core.experiments import seed_sweep, solved_share
    runs = seed_sweep(preset("xor-tutorial"), [3, 42], 10_000, resolution=4)
    assert [r.seed for r in runs] == [3, 42]
    assert runs[0].accuracy == 1.0 and runs[1].accuracy == 0.5  # seed 42 is the tutorial's stuck run
    assert solved_share(runs) == 0.5 and runs[1].final_loss > runs[0].final_loss
    np.testing.assert_allclose(runs[1].final_loss, xor_tutorial()[0][-1], atol=1e-9)


def test_lockstep_trains_each_session_exactly_as_alone():
    from core.experiments import Lockstep
    configs = [Config(dataset="moons", hidden=(h,), lr=0.5) for h in (1, 3, 20)]
    group = Lockstep(configs)
    assert group.step(30, time_budget=10.0) == 30 and group.step(20) == 20
    for config, session in zip(configs, group.sessions):
        alone = TrainingSession(config)
        alone.step(50)
        assert session.epoch == 50 and np.array_equal(session.train_loss, alone.train_loss)
    assert {s.data.X_train.tobytes() for s in group.sessions} == {group.sessions[0].data.X_train.tobytes()}


def test_lockstep_goes_on_without_a_diverged_member():
    from core.experiments import Lockstep
    group = Lockstep([Config(dataset="moons", lr=0.1), Config(dataset="moons", lr=900.0, activation="relu")])
    group.step(200)
    fine, diverged = group.sessions
    assert diverged.status == "diverged" and fine.status == "ok" and fine.epoch == 200
    assert group.epoch == 200


@pytest.mark.parametrize("text, sizes", [("1, 2, 3, 4, 5, 20, 50", (1, 2, 3, 4, 5, 20, 50)), ("8", (8,)),
                                         (" 2 ;3 ", (2, 3))])
def test_hidden_sizes_parse(text, sizes):
    from core.experiments import hidden_sizes
    assert hidden_sizes(text) == sizes


@pytest.mark.parametrize("text, message", [("", "give 1 to 8"), ("1,2,3,4,5,6,7,8,9", "give 1 to 8"),
                                           ("3, x", "'x' is not a size"), ("0", "'0'"), ("65", "'65'"),
                                           ("2.5", "'2.5'"), ("-1", "'-1'")])
def test_hidden_sizes_say_what_is_wrong(text, message):
    from core.experiments import hidden_sizes
    with pytest.raises(ValueError, match=message):
        hidden_sizes(text)
