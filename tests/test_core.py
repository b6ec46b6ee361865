"""Unit tests of the NumPy core: gradients, optimizers, tutorial presets, sessions, CLI."""
import itertools
import json
import pathlib
import subprocess
import sys

import numpy as np
import pytest

from core import (ACTIVATIONS, DATASETS, OPTIMIZERS, OUTPUT_LOSSES, PENALTIES, Config,
                  TrainingSession, make_dataset, preset)
from core.nn import Network
from tests.tutorial_reference import britz_moons, xor_tutorial

ROOT = pathlib.Path(__file__).resolve().parents[1]


# ------------------------------------------------------------ gradients
def objective(session):
    """The training objective, computed from the registries' value functions."""
    cfg, out = session.config, session.output
    z, a = Network(session.W, session.b, session.activation, out).forward(session.X)
    data = out.objective_scale * out.loss(z[-1], a[-1], session.T)
    if cfg.reduction == "sum":
        data *= len(session.X)
    penalty = sum(PENALTIES[cfg.regularization].value(W, cfg.reg_rate) for W in session.W)
    return data + penalty


def numerical_gradients(session, h=1e-6):
    grads = {}
    for name, layers in (("W", session.W), ("b", session.b)):
        for l, P in enumerate(layers, start=1):
            g = np.zeros_like(P)
            for idx in np.ndindex(P.shape):
                keep = P[idx]
                P[idx] = keep + h
                up = objective(session)
                P[idx] = keep - h
                down = objective(session)
                P[idx] = keep
                g[idx] = (up - down) / (2 * h)
            grads[f"{name}{l}"] = g
    return grads


def assert_gradients_match(session):
    analytic, numeric = session.gradients(), numerical_gradients(session)
    for name in analytic:
        scale = max(1.0, np.abs(numeric[name]).max())
        np.testing.assert_allclose(analytic[name], numeric[name], atol=2e-6 * scale, rtol=1e-4,
                                   err_msg=name)


OUTPUT_DATA = {"sigmoid-mse": "moons", "sigmoid-bce": "moons", "softmax-ce": "three-classes",
               "linear-mse": "multi-gaussian"}


@pytest.mark.parametrize("activation, output, penalty", list(itertools.product(
    ACTIVATIONS, OUTPUT_LOSSES, PENALTIES)))
def test_gradients_match_finite_differences(activation, output, penalty):
    session = TrainingSession(Config(
        dataset=OUTPUT_DATA[output], n_points=30, hidden=(4,), activation=activation,
        output=output, regularization=penalty, reg_rate=0.05, seed=3, init="normal"))
    assert_gradients_match(session)


@pytest.mark.parametrize("hidden, reduction, features", [
    ((5, 3), "mean", ("x1", "x2")),
    ((3, 4, 2), "sum", ("x1", "x2", "x1^2", "x1*x2", "sin(x2)")),
    ((), "mean", ("x1^2", "x2^2")),
])
def test_gradients_deeper_and_shallower_networks(hidden, reduction, features):
    session = TrainingSession(Config(dataset="moons", n_points=25, hidden=hidden, activation="tanh",
                                     regularization="l2", reg_rate=0.01, reduction=reduction,
                                     features=features, seed=1))
    session.step(5)  # away from the initial point
    assert_gradients_match(session)


def test_loss_values_match_their_textbook_formulas():
    rng = np.random.RandomState(0)
    z = rng.randn(6, 3)
    y = np.array([0, 2, 1, 1, 0, 2])
    T = np.eye(3)[y]
    ce = OUTPUT_LOSSES["softmax-ce"]
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    assert ce.loss(z, ce.activation(z), T) == pytest.approx(np.mean(-np.log(p[range(6), y])))
    bce = OUTPUT_LOSSES["sigmoid-bce"]
    z1, t = z[:, :1], (y[:, None] > 0).astype(float)
    a = 1 / (1 + np.exp(-z1))
    assert bce.loss(z1, a, t) == pytest.approx(np.mean(-(t * np.log(a) + (1 - t) * np.log(1 - a))))


def test_extreme_logits_give_finite_losses_without_warnings():
    z = np.array([[-800.0, 800.0], [800.0, -800.0]])
    with np.errstate(over="raise", divide="raise", invalid="raise"):  # underflow to 0 is fine
        for out in OUTPUT_LOSSES.values():
            zz = z if out.one_output_per_class else z[:, :1]
            T = np.eye(2) if out.one_output_per_class else np.array([[1.0], [0.0]])
            a = out.activation(zz)
            assert np.isfinite(out.loss(zz, a, T))
            assert np.all(np.isfinite(out.delta(zz, a, T)))
        for act in ACTIVATIONS.values():
            a = act.function(z)
            assert np.all(np.isfinite(act.derivative(z, a)))


# ------------------------------------------------------------ optimizers
def run_optimizer(name, grads, lr=0.1, **kwargs):
    p = np.array([1.0, -2.0])
    opt = OPTIMIZERS[name](**kwargs)
    for g in grads:
        opt.step([p], [np.array(g)], lr)
    return p


def test_gradient_descent_update_by_hand():
    np.testing.assert_allclose(run_optimizer("sgd", [[0.5, -1.0]]), [0.95, -1.9])


def test_momentum_updates_by_hand():
    # v1 = g1 = (0.5, -1);  v2 = 0.9*v1 + g2 = (0.45 + 1, -0.9 + 0) = (1.45, -0.9)
    p = run_optimizer("momentum", [[0.5, -1.0], [1.0, 0.0]], beta=0.9)
    np.testing.assert_allclose(p, [1.0 - 0.1 * 0.5 - 0.1 * 1.45, -2.0 + 0.1 - 0.1 * -0.9])


def test_adam_first_update_by_hand():
    # m = 0.1 g, v = 0.001 g^2; bias correction gives m̂ = g, v̂ = g^2: step = lr * g / (|g| + eps)
    p = run_optimizer("adam", [[0.5, -4.0]], eps=1e-8)
    np.testing.assert_allclose(p, [1.0 - 0.1 * 0.5 / (0.5 + 1e-8), -2.0 + 0.1 * 4.0 / (4.0 + 1e-8)],
                               rtol=1e-12)


def test_adam_second_update_by_hand():
    g1, g2, b1, b2, lr = 0.5, -1.0, 0.9, 0.999, 0.1
    m = (1 - b1) * g1
    v = (1 - b2) * g1 ** 2
    m, v = b1 * m + (1 - b1) * g2, b2 * v + (1 - b2) * g2 ** 2
    expected = 1.0 - lr * g1 / (abs(g1) + 1e-8) - lr * (m / (1 - b1 ** 2)) / (np.sqrt(v / (1 - b2 ** 2)) + 1e-8)
    assert run_optimizer("adam", [[g1, 0.0], [g2, 0.0]])[0] == pytest.approx(expected, rel=1e-12)


# ------------------------------------------------------------ tutorial presets
@pytest.mark.parametrize("overrides, reference", [
    ({}, {}),
    ({"hidden": (5,), "lr": 0.5}, {"hidden": 5, "lr": 0.5}),
    ({"seed": 3}, {"seed": 3}),
])
def test_xor_preset_reproduces_the_tutorial(overrides, reference):
    losses, outputs = xor_tutorial(**reference)
    session = TrainingSession(preset("xor-tutorial", **overrides))
    session.step(10_000)
    np.testing.assert_allclose(session.train_loss, losses, rtol=0, atol=1e-9)
    np.testing.assert_allclose(session.predict(session.data.X_train), outputs, rtol=0, atol=1e-9)


def test_xor_tutorial_seed_gets_stuck_with_two_outputs_near_half():
    session = TrainingSession(preset("xor-tutorial"))
    session.step(10_000)
    outputs = session.predict(session.data.X_train).ravel()
    assert np.sum(np.abs(outputs - 0.5) < 0.05) == 2
    assert session.snapshot(resolution=2).train_accuracy == 0.5


@pytest.mark.parametrize("hidden", [3, 5])
def test_britz_preset_reproduces_the_article(hidden):
    losses, W1, W2 = britz_moons(hidden=hidden, passes=20_000)
    session = TrainingSession(preset("britz-moons", hidden=(hidden,)))
    session.step(20_000)
    np.testing.assert_allclose(session.train_loss, losses, rtol=0, atol=1e-9)
    np.testing.assert_allclose(session.W[0], W1, rtol=0, atol=1e-9)
    np.testing.assert_allclose(session.W[1], W2, rtol=0, atol=1e-9)
    if hidden == 3:
        assert round(session.train_loss[1], 6) == 0.432387  # the article's first printed loss


# ------------------------------------------------------------ sessions
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


def test_core_never_imports_streamlit_or_plotly():
    code = ("import sys, core, core.cli; bad = [m for m in sys.modules "
            "if m.split('.')[0] in ('streamlit', 'plotly')]; print(bad); sys.exit(bool(bad))")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
    for path in (ROOT / "core").glob("*.py"):
        assert "streamlit" not in path.read_text() and "plotly" not in path.read_text(), path


# ------------------------------------------------------------ command line
def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "core", *args], cwd=ROOT,
                          capture_output=True, text=True)


def test_cli_json_reproduces_the_xor_tutorial():
    result = run_cli("train", "--preset", "xor-tutorial", "--epochs", "10000", "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    losses, outputs = xor_tutorial()
    assert len(out["loss"]) == 10_001
    np.testing.assert_allclose(out["loss"], losses, atol=1e-9, rtol=0)
    np.testing.assert_allclose(out["outputs"], outputs, atol=1e-9, rtol=0)
    assert out["train_accuracy"] == 0.5 and out["test_accuracy"] is None


def test_cli_table_and_overrides():
    result = run_cli("train", "--preset", "britz-moons", "--epochs", "2000", "--log-every", "1000",
                     "--hidden", "5", "--activation", "relu", "--test-fraction", "0.3")
    assert result.returncode == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines()[1:4]]
    assert [r[0] for r in rows] == ["0", "1000", "2000"]
    assert float(rows[2][1]) < float(rows[0][1]) and len(rows[0]) == 3
    assert "test accuracy" in result.stdout


@pytest.mark.parametrize("args", [
    ["train", "--lr", "-1"], ["train", "--activation", "swish"], ["train", "--hidden", "a,b"],
    ["train", "--epochs", "-5"], ["train", "--dataset", "plane", "--output", "softmax-ce"],
    ["train", "--preset", "nope"], ["fly"],
])
def test_cli_bad_flags_give_one_line_and_status_2(args):
    result = run_cli(*args)
    assert result.returncode == 2
    assert result.stdout == "" and len(result.stderr.strip().splitlines()) == 1
    assert "error:" in result.stderr


# ------------------------------------------------------------ hidden space
def test_hidden_space_of_two_neurons_is_the_neurons_themselves_with_the_output_over_it():
    s = TrainingSession(preset("xor-tutorial", seed=3))
    s.step(10_000)
    space = s.snapshot(resolution=5).hidden_space
    np.testing.assert_allclose(space.points, s.snapshot(5).train_hidden[0])
    assert space.axes == ("h1", "h2") and not space.projected
    # the output over hidden space at a training point's activations is the network's output
    W2, b2 = s.params()["W2"], s.params()["b2"]
    h = space.points[1]
    from core.nn.activations import sigmoid
    assert sigmoid(h @ W2 + b2)[0] == pytest.approx(s.predict(s.data.X_train[1:2])[0, 0])


def test_xor_solved_is_linearly_separable_in_hidden_space():
    s = TrainingSession(preset("xor-tutorial", seed=3))
    s.step(10_000)
    snap = s.snapshot(resolution=5)
    assert snap.train_accuracy == 1.0  # this seed solves it
    from core.hidden_space import decision_weights
    w, c = decision_weights(snap.params["W2"], snap.params["b2"], False)
    side = snap.hidden_space.points @ w + c > 0
    np.testing.assert_array_equal(side, snap.data.y_train == 1)


def test_hidden_space_three_neurons_has_a_plane_and_more_are_projected_exactly():
    s3 = TrainingSession(Config(dataset="moons", hidden=(3,), output="sigmoid-bce"))
    s3.step(50)
    space = s3.snapshot(5).hidden_space
    assert space.points.shape[1] == 3 and space.plane is not None
    s6 = TrainingSession(Config(dataset="moons", hidden=(6,)))
    s6.step(50)
    snap = s6.snapshot(5)
    space = snap.hidden_space
    assert space.projected and space.points.shape == (200, 2) and space.grid_output.shape == (40, 40, 2)
    # PCA coordinates keep the points' spread: total variance is mostly in 2 components here
    H = snap.train_hidden[-1]
    assert np.var(space.points, axis=0).sum() <= np.var(H, axis=0).sum() + 1e-12


def test_no_hidden_layer_no_hidden_space():
    s = TrainingSession(Config(dataset="circles", hidden=(), features=("x1^2", "x2^2")))
    assert s.snapshot(5).hidden_space is None


def test_circles_need_no_hidden_layer_given_squared_features():
    # TensorFlow Playground's lesson: the right features make a network without hidden layers enough.
    raw = TrainingSession(Config(dataset="circles", hidden=(), lr=1.0, test_fraction=0.3))
    squared = TrainingSession(Config(dataset="circles", hidden=(), features=("x1^2", "x2^2"), lr=1.0,
                                     test_fraction=0.3))
    raw.step(2000)
    squared.step(2000)
    assert squared.snapshot(5).test_accuracy == 1.0
    assert raw.snapshot(5).test_accuracy < 0.7


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


# ------------------------------------------------------------ diagnostics
def test_a_dead_relu_is_named():
    from core.diagnostics import diagnose
    s = TrainingSession(Config(dataset="moons", hidden=(3,), activation="relu"))
    s.set_parameter("W1", (0, 1), 0.0)
    s.set_parameter("W1", (1, 1), 0.0)
    s.set_parameter("b1", (0, 1), -1.0)  # neuron 2 now outputs max(0, -1) = 0 everywhere
    warnings = diagnose(s.snapshot(5))
    assert len(warnings) == 1 and "Dead ReLU: h1.2 " in warnings[0]


def test_saturated_units_are_named():
    from core.diagnostics import diagnose
    s = TrainingSession(Config(dataset="moons", hidden=(2,), activation="tanh"))
    s.set_parameter("b1", (0, 0), 40.0)  # tanh(z + 40) = 1 for every point
    assert "Saturated tanh units: h1.1 " in " ".join(diagnose(s.snapshot(5)))


def test_a_rising_loss_is_reported_and_a_healthy_run_is_quiet():
    from core.diagnostics import diagnose
    healthy = TrainingSession(Config(dataset="moons", hidden=(4,), lr=0.3))
    healthy.step(300)
    assert diagnose(healthy.snapshot(5)) == []
    rising = TrainingSession(Config(dataset="moons", hidden=(4,), lr=0.3))
    rising.step(150)
    rising.update(lr=8.0)  # too large: the loss climbs, without diverging
    rising.step(60)
    messages = diagnose(rising.snapshot(5))
    assert rising.status == "ok" and any("loss is rising" in m for m in messages), messages


def test_a_time_budget_bounds_the_work_of_one_step_call():
    big = TrainingSession(Config(dataset="spiral", n_points=2000, hidden=(8,) * 6, activation="relu"))
    done = big.step(10**6, time_budget=0.01)  # far more epochs than fit in the budget
    assert 1 <= done < 10**6 and big.epoch == done and len(big.train_loss) == done + 1
    assert big.step(3, time_budget=None) == 3  # no budget: every epoch asked for
    tiny = TrainingSession(Config(dataset="xor", hidden=(2,)))
    assert tiny.step(1, time_budget=0.0) == 1  # at least one epoch, always


# ------------------------------------------------------------- lockstep runs
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


# -------------------------------------------------------------------- replay
def test_replay_shows_the_network_exactly_as_it_was():
    session = TrainingSession(Config(dataset="moons", hidden=(5,), lr=0.5, test_fraction=0.2))
    session.step(40)
    then = session.snapshot(20)
    session.step(60)
    replay = session.snapshot(20, epoch=40)
    assert replay.epoch == 40 and len(replay.train_loss) == 41 and len(replay.test_loss) == 41
    for name in then.params:
        assert np.array_equal(replay.params[name], then.params[name])
    assert np.array_equal(replay.grid_output, then.grid_output)
    assert replay.train_accuracy == then.train_accuracy
    assert session.snapshot(20).epoch == 100  # the present is untouched


def test_recording_stays_within_its_budget_and_spans_the_whole_run():
    from core.replay import Recording
    session = TrainingSession(Config(dataset="moons", hidden=(64, 64, 64), n_points=50))
    session.recording = Recording(session.W, session.b, budget_bytes=700_000)
    session.recording.add(0, session.W, session.b)
    session.step(2000)
    epochs = session.recording.epochs()
    capacity = session.recording.capacity
    assert capacity // 2 <= len(epochs) <= capacity and session.recording.nbytes <= 700_000
    assert epochs[0] == 0 and 2000 - epochs[-1] < session.recording.every
    steps = np.diff(epochs)
    assert (steps == steps[0]).all()  # evenly spread
    # A replay between frames shows the last frame before it.
    assert session.snapshot(5, epoch=epochs[1] + 1).epoch == epochs[1]


def test_recover_forgets_frames_from_after_the_good_network():
    session = TrainingSession(Config(dataset="moons", lr=0.1, activation="relu"))
    session.step(150)
    session.update(lr=900.0)
    session.step(50)
    assert session.status == "diverged"
    session.recover()
    assert max(session.recording.epochs()) <= session.epoch


# -------------------------------------------------------- one step, explained
def test_one_full_batch_gradient_step_is_exactly_minus_lr_times_the_gradient():
    from core.explain import one_step
    session = TrainingSession(preset("xor-tutorial"))
    session.step(25)
    record = one_step(session)
    assert record.epoch == 25 and record.updates == 1 and session.epoch == 26
    for name, before in record.before.items():
        assert np.array_equal(record.after[name], before - session.config.lr * record.gradients[name])
        assert np.array_equal(record.change(name), record.after[name] - before)
    assert record.loss_after == session.train_loss[-1] != record.loss_before


def test_one_step_counts_mini_batch_updates_and_refuses_a_diverged_session():
    from core.explain import one_step
    session = TrainingSession(Config(dataset="moons", batch_size=30))
    assert one_step(session).updates == 7  # 200 points in batches of 30
    session = TrainingSession(Config(dataset="moons", lr=900.0, activation="relu"))
    session.step(100)
    assert session.status == "diverged" and one_step(session) is None


def test_every_registry_entry_has_its_formula():
    for registry in (ACTIVATIONS, OPTIMIZERS):
        assert all(entry.formula for entry in registry.values())
    assert all(len(o.formula) == 3 for o in OUTPUT_LOSSES.values())
