"""Training sessions: determinism, divergence, snapshots, settings, data sets, time budgets."""

import numpy as np
import pytest

from core import DATASETS, Config, TrainingSession, make_dataset



def test_same_seed_same_run_and_other_seed_other_run():
    cfg = Config(dataset="spiral", n_points=120, hidden=(6, 6), activation="relu",
                 optimizer="adam", lr=0.01, batch_size=16, test_fraction=0.25)
    a, b = TrainingSession(cfg), TrainingSession(cfg)
    a.step(30)
    b.step(30)
    np.testing.assert_array_equal(a.train_loss, b.train_loss)
    np.testing.assert_array_equal(a.test_loss, b.test_loss)
    c = TrainingSession(cfg, seed=1)
    c.step(30)
    assert not np.array_equal(a.train_loss, c.train_loss)


@pytest.mark.parametrize("name", [d for d in DATASETS if DATASETS[d].generate is not None])
def test_datasets_are_deterministic_and_well_formed(name):
    d1 = make_dataset(name, 100, DATASETS[name].default_noise, 0.2, seed=7)
    d2 = make_dataset(name, 100, DATASETS[name].default_noise, 0.2, seed=7)
    d3 = make_dataset(name, 100, DATASETS[name].default_noise, 0.2, seed=8)
    np.testing.assert_array_equal(d1.X_train, d2.X_train)
    assert d1.X_train.shape[1] == 2 and np.all(np.isfinite(d1.X_all))
    if DATASETS[name].fixed_size is None:
        assert len(d1.X_train) + len(d1.X_test) == 100 and len(d1.X_test) == 20
        assert not np.array_equal(d1.X_train, d3.X_train)
    if d1.task == "classification":
        assert set(np.unique(d1.y_train)) == set(range(d1.n_classes))


def test_britz_data_equals_seeded_global_make_moons():
    from sklearn.datasets import make_moons
    np.random.seed(0)
    X, y = make_moons(200, noise=0.20)
    d = make_dataset("moons", 200, 0.2, 0.0, seed=0)
    np.testing.assert_array_equal(d.X_train, X)
    np.testing.assert_array_equal(d.y_train, y)


def test_loss_history_has_one_entry_per_update_and_step_counts_epochs():
    s = TrainingSession(Config(dataset="moons", n_points=64, batch_size=10, test_fraction=0.25))
    assert len(s.train_loss) == 1 and len(s.test_loss) == 1
    assert s.step(7) == 7 and s.epoch == 7
    assert len(s.train_loss) == 8 and len(s.test_loss) == 8
    assert s.train_loss[-1] < s.train_loss[0]


def test_divergence_is_a_state_and_recover_restores_a_good_network():
    s = TrainingSession(Config(dataset="plane", hidden=(8, 8), activation="relu", lr=900.0))
    done = s.step(200)
    assert s.status == "diverged" and done < 200 and "diverged" in s.message
    assert s.step(10) == 0  # stays paused until recovered
    s.recover()
    assert s.status == "ok" and np.isfinite(s.train_loss[-1])
    assert all(np.all(np.isfinite(W)) for W in s.W)
    s.update(lr=0.01)
    assert s.step(20) == 20 and s.status == "ok"


def test_snapshot_shapes():
    s = TrainingSession(Config(dataset="three-classes", n_points=90, hidden=(5, 3),
                               test_fraction=0.2))
    s.step(3)
    snap = s.snapshot(resolution=40)
    assert snap.grid_output.shape == (40, 40, 3)
    np.testing.assert_allclose(snap.grid_output.sum(axis=2), 1.0)
    assert [h.shape for h in snap.grid_hidden] == [(40, 40, 5), (40, 40, 3)]
    assert [h.shape for h in snap.train_hidden] == [(72, 5), (72, 3)]
    assert snap.grid_x.shape == snap.grid_y.shape == (40,)
    assert snap.params["W1"].shape == (2, 5) and snap.params["W3"].shape == (3, 3)
    assert snap.gradients["W2"].shape == (5, 3)
    assert len(snap.train_loss) == 4 and 0 <= snap.test_accuracy <= 1
    assert not snap.train_loss.flags.writeable


def test_snapshot_grid_matches_predict():
    s = TrainingSession(Config(dataset="moons", hidden=(3,), features=("x1", "x2", "x1*x2")))
    snap = s.snapshot(resolution=7)
    point = [snap.grid_x[2], snap.grid_y[5]]
    np.testing.assert_allclose(snap.grid_output[5, 2], s.predict([point])[0])


def test_live_settings_keep_weights_and_other_settings_rebuild():
    s = TrainingSession(Config(dataset="moons", hidden=(4,)))
    s.step(20)
    W = s.params()["W1"]
    assert s.update(lr=0.5, optimizer="adam", regularization="l2", reg_rate=0.001) is False
    np.testing.assert_array_equal(s.params()["W1"], W)
    assert s.epoch == 20
    s.step(5)
    assert s.epoch == 25
    assert s.update(hidden=(6,)) is True
    assert s.epoch == 0 and s.params()["W1"].shape == (2, 6)


def test_invalid_update_changes_nothing():
    s = TrainingSession(Config(dataset="moons"))
    s.step(10)
    before = s.params()["W1"]
    with pytest.raises(ValueError, match="output"):
        s.update(dataset="three-classes", output="sigmoid-bce")
    with pytest.raises(ValueError, match="lr"):
        s.update(lr=float("nan"))
    assert s.epoch == 10 and s.config.dataset == "moons"
    np.testing.assert_array_equal(s.params()["W1"], before)


def test_learning_rate_decay_equals_changing_the_rate_by_hand():
    a = TrainingSession(Config(dataset="moons", lr=0.5, lr_decay=0.25))
    a.step(2)
    b = TrainingSession(Config(dataset="moons", lr=0.5))
    b.step(1)
    b.update(lr=0.5 / 1.25)
    b.step(1)
    np.testing.assert_allclose(a.W[0], b.W[0], rtol=0, atol=1e-15)


def test_hand_edited_weight_is_used_by_training():
    s = TrainingSession(Config(dataset="moons", hidden=(3,)))
    s.set_parameter("W1", (0, 1), 2.5)
    assert s.params()["W1"][0, 1] == 2.5
    s.step(1)
    assert s.params()["W1"][0, 1] != 2.5
    with pytest.raises(ValueError, match="no parameter"):
        s.set_parameter("W9", (0, 0), 1.0)


@pytest.mark.parametrize("kwargs, field", [
    ({"hidden": (0,)}, "neurons"), ({"hidden": (2,) * 7}, "hidden layers"),
    ({"activation": "swish"}, "activation"), ({"lr": 0.0}, "lr"), ({"lr": float("inf")}, "lr"),
    ({"dataset": "mnist"}, "dataset"), ({"n_points": 10 ** 9}, "n_points"),
    ({"features": ("x3",)}, "features"), ({"features": ()}, "features"),
    ({"test_fraction": 1.0}, "test_fraction"), ({"batch_size": -1}, "batch_size"),
    ({"reg_rate": -0.1}, "reg_rate"), ({"seed": -1}, "seed"),
])
def test_bad_arguments_raise_clear_errors(kwargs, field):
    with pytest.raises(ValueError, match=field):
        Config(**kwargs)


def test_a_time_budget_bounds_the_work_of_one_step_call():
    big = TrainingSession(Config(dataset="spiral", n_points=2000, hidden=(8,) * 6, activation="relu"))
    done = big.step(10**6, time_budget=0.01)  # far more epochs than fit in the budget
    assert 1 <= done < 10**6 and big.epoch == done and len(big.train_loss) == done + 1
    assert big.step(3, time_budget=None) == 3  # no budget: every epoch asked for
    tiny = TrainingSession(Config(dataset="xor", hidden=(2,)))
    assert tiny.step(1, time_budget=0.0) == 1  # at least one epoch, always
