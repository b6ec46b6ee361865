"""Red-team tests of the core and of the figures drawn from it: diverging,
overflowing and NaN-filled networks, and hostile files.  Whatever the settings,
a session is only ever in a clean state ("ok" or "diverged"), never an
exception or a NumPy warning, and every view can still be drawn."""
import collections
import csv
import io
import itertools
import json
import warnings
from dataclasses import replace

import numpy as np
import plotly.graph_objects as go
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import (ACTIVATIONS, FEATURES, INITIALIZERS, OPTIMIZERS, OUTPUT_LOSSES, PENALTIES, Config,
                  TrainingSession)
from core.datasets import DataError, points_csv, read_points_csv
from core.diagnostics import diagnose
from core.experiments import Lockstep, SeedRun, seed_sweep
from core.explain import one_step
from core.export import weights_json
from core.limits import MAX_HIDDEN_LAYERS, MAX_NEURONS
from plots import boundary_figure, hidden_space_figure, loss_figure, network_figure, neurons_figure
from plots.experiments import boundary_grid, final_loss_strip, seed_panels, sweep_panels
from plots.figures import losses_figure

# The settings of issue 12: the weights are NaN after one epoch.
DIVERGING = Config(dataset="plane", hidden=(8,) * 6, activation="tanh", lr=10, batch_size=1, n_points=100)


def every_figure(snap):
    """Each figure the plots package draws of one snapshot, in each of its modes."""
    runs = [SeedRun(snap.config.seed, float(snap.train_loss[-1]), snap.train_accuracy, snap)]
    panels = seed_panels(runs) + (sweep_panels([snap]) if snap.config.hidden else [])
    figures = [boundary_figure(snap), boundary_figure(snap, discretize=True),
               hidden_space_figure(snap), hidden_space_figure(snap, discretize=True),
               loss_figure(snap, log_y=True, mark_epoch=snap.epoch), losses_figure({"a": snap, "b": snap}),
               network_figure(snap), boundary_grid(panels, "runs"), final_loss_strip(runs)]
    return figures + [neurons_figure(snap, layer) for layer in range(max(1, len(snap.grid_hidden)))]


def strict_json(text):
    """Parse JSON as JavaScript's JSON.parse does: NaN and Infinity are errors."""
    def refuse(constant):
        raise ValueError(f"{constant} is not JSON")
    return json.loads(text, parse_constant=refuse)


def assert_drawable(snap):
    """Every figure builds, is strict JSON (as a browser receives it) and valid Plotly."""
    for figure in every_figure(snap):
        strict_json(json.dumps(figure))
        go.Figure(figure)


@pytest.fixture
def no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# ---------------------------------------------------- 1 and 2: divergence
def test_the_issue_12_network_diverges_as_a_state_and_its_snapshot_can_be_drawn(no_warnings):
    session = TrainingSession(DIVERGING)
    assert session.step(5) == 1 and session.status == "diverged"
    snap = session.snapshot(20)
    assert snap.status == "diverged" and np.isnan(snap.params["W1"]).all()
    assert snap.hidden_space is None  # no principal components of NaN
    assert_drawable(snap)
    session.recover()
    assert session.status == "ok" and session.snapshot(20).hidden_space is not None


@pytest.mark.parametrize("activation", ["relu", "linear", "leaky-relu"])
@pytest.mark.parametrize("batch_size", [0, 1])
def test_overflowing_networks_diverge_without_a_warning(no_warnings, activation, batch_size):
    session = TrainingSession(replace(DIVERGING, activation=activation, batch_size=batch_size))
    session.step(50)
    assert session.status == "diverged" and "diverged at epoch" in session.message
    assert_drawable(session.snapshot(16))


def test_infinite_weights_behind_a_finite_loss_are_a_divergence(no_warnings):
    session = TrainingSession(Config(dataset="moons", hidden=(3,), output="sigmoid-mse"))
    session.step(1)
    session.W[0][0, 0] = np.inf  # tanh(±inf) = ±1: the loss stays finite, and so would the status
    session.step(1)
    assert np.isfinite(session.train_loss[-1]) and session.status == "diverged"
    assert "some weights are no longer finite numbers" in session.message
    assert strict_json(weights_json(session))["epoch"] == 0
    session.recover()
    assert session.status == "ok" and session.step(3) == 3


def poisoned(snap, value, every):
    """``snap`` with ``value`` (NaN or ±inf) in every ``every``-th entry of each array the network made."""
    def poison(array):
        array = np.array(array, dtype=float)
        array.flat[::every] = value
        return array
    space = snap.hidden_space
    if space is not None:
        space = replace(space, points=poison(space.points),
                        grid_output=None if space.grid_output is None else poison(space.grid_output),
                        plane=None if space.plane is None else tuple(map(poison, space.plane)))
    return replace(snap, status="diverged", grid_output=poison(snap.grid_output),
                   grid_hidden=tuple(map(poison, snap.grid_hidden)), train_output=poison(snap.train_output),
                   train_hidden=tuple(map(poison, snap.train_hidden)), hidden_space=space,
                   params={k: poison(v) for k, v in snap.params.items()},
                   gradients={k: poison(v) for k, v in snap.gradients.items()},
                   train_loss=poison(snap.train_loss),
                   test_loss=None if snap.test_loss is None else poison(snap.test_loss))


@pytest.mark.parametrize("settings", [
    dict(dataset="moons", hidden=(3,), test_fraction=0.25), dict(dataset="three-classes", hidden=(4, 2)),
    dict(dataset="multi-gaussian", hidden=(5,), activation="relu"), dict(dataset="circles", hidden=()),
    dict(dataset="xor", hidden=(1,), activation="sigmoid", output="sigmoid-mse"),
    dict(dataset="moons", hidden=(3,), activation="linear"),
])
@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("every", [1, 3])
def test_figures_draw_nan_and_inf_anywhere(no_warnings, settings, value, every):
    session = TrainingSession(Config(**settings))
    session.step(2)
    assert_drawable(poisoned(session.snapshot(16), value, every))


def test_not_a_number_is_drawn_grey_not_as_a_class_or_a_value():
    from plots.style import NOT_A_NUMBER
    from tests.test_plots import background
    grey = [int(NOT_A_NUMBER[i:i + 2], 16) for i in (1, 3, 5)]
    for dataset in ("three-classes", "moons", "plane"):
        snap = TrainingSession(Config(dataset=dataset, hidden=(3,))).snapshot(16)
        for discretize in (False, True):
            pixels = background(boundary_figure(poisoned(snap, np.nan, 1), discretize=discretize))
            assert (pixels[:, :, :3] == grey).all()
        outputs = background(network_figure(poisoned(snap, np.inf, 1)))[:, -16:]  # the last column of tiles
        shown = outputs[:, :, 3] > 0
        assert shown.any() and (outputs[shown][:, :3] == grey).all()


def test_accuracy_counts_a_point_without_finite_outputs_as_wrong():
    from core.snapshot import accuracy
    outputs = np.array([[0.9, 0.1], [np.nan, np.nan], [0.2, 0.8]])
    assert accuracy(outputs, np.array([0, 0, 1]), "classification") == pytest.approx(2 / 3)
    assert accuracy(np.full((4, 1), np.nan), np.zeros(4, int), "classification") == 0.0


def test_explain_and_experiments_survive_diverging_settings(no_warnings):
    record = one_step(TrainingSession(DIVERGING))
    assert record is not None and np.isnan(record.loss_after) and np.isfinite(record.loss_before)
    runs = seed_sweep(DIVERGING, [0, 1, 2], epochs=3, resolution=16)
    assert all(run.snapshot.status == "diverged" for run in runs)
    strict_json(json.dumps(final_loss_strip(runs)))
    group = Lockstep([DIVERGING, replace(DIVERGING, lr=0.01)])
    assert group.step(3) == 3
    first, second = group.snapshots(16)
    assert first.status == "diverged" and second.status == "ok" and second.epoch == 3
    assert_drawable(first)


# ------------------------------------------------- 5: strict weights JSON
def test_weights_json_after_a_divergence_is_strict_json_of_the_last_good_network():
    session = TrainingSession(replace(DIVERGING, batch_size=0, activation="relu", lr=1000))
    session.step(150)
    assert session.status == "diverged"
    saved = strict_json(weights_json(session))
    good_epoch, good = session.last_good()
    assert saved["status"] == "diverged" and saved["diverged_at"] == session.epoch > saved["epoch"] == good_epoch
    for name, values in good.items():
        np.testing.assert_array_equal(np.array(saved["params"][name]), values)
    again = TrainingSession(session.config)
    again.step(good_epoch)  # the file names the network, reproducibly
    for name, values in again.params().items():
        np.testing.assert_array_equal(np.array(saved["params"][name]), values)


def test_weights_json_of_a_healthy_network_says_ok():
    session = TrainingSession(Config(hidden=(3,)))
    session.step(3)
    saved = strict_json(weights_json(session))
    assert saved["status"] == "ok" and saved["epoch"] == 3 and "diverged_at" not in saved


# ------------------------------------------------------- 4: hostile CSV files
def read_or_refuse(text):
    """read_points_csv's answer: (Dataset, names), or its DataError's message; any other exception fails."""
    try:
        return read_points_csv(text)
    except DataError as error:
        message = str(error)
        assert message and "\n" not in message and "\r" not in message
        return message


def test_classic_mac_line_endings_are_read_like_any_other():
    data, names = read_or_refuse("x,y,label\r0,0,a\r1,1,b\r")
    assert names == ["a", "b"] and data.X_train.tolist() == [[0, 0], [1, 1]]
    for text in ("x,y,label\r\n0,0,a\r\n1,1,b\r\n", "\ufeffx,y,label\n0,0,a\n1,1,b\n", "0,0,a\r1,1,b"):
        assert read_or_refuse(text)[1] == ["a", "b"]


@pytest.mark.parametrize("text, message", [
    ("x,y,label\n0,0,a\n1,1," + "b" * 131_073 + "\n", "line 3: a cell is longer than 131,072 characters"),
    ("x,y,label\n0,0,a\n" + "1" * 140_000 + ",1,b\n", "line 3: a cell is longer than"),
    ("x,y,label\n0,0,a\n1,1,b\0\n", "line 3 holds a NUL character"),
    ("\0\0\0\0", "line 1 holds a NUL character"),
    ("x,y,label\r0,0,a\r1,1\r", "line 3 has 2 columns"),
    ("x,y,label\r\n\r\n0,0,a\r\n\r\n1,abc,b\r\n", "line 5, column y: 'abc' is not a number"),
    ('x,y,label\n0,0,"two\nlines"\n1,z,b\n', "line 4, column y"),
    ("x,y,label\n", "at least two classes; there are none"),
    ("\ufeff", "at least two classes; there are none"),
    ("x,y,label\n0,0,a\n1,1," + "b" * 10_000 + "\n", "line 3, column label: a label can have at most 40"),
])
def test_hostile_csv_files_get_one_line_data_errors_that_say_where(text, message):
    assert message in read_or_refuse(text)


def test_markup_and_formulas_in_labels_are_only_names_and_never_exported():
    for hostile in (["=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)", "-2+3"],
                    ["<script>alert(1)</script>", "**bold** [link](http://x)", "<b>b</b>"]):
        text = "x,y,label\n" + "".join(f'{k},{-k},"{name}"\n' for k, name in enumerate(hostile))
        data, names = read_or_refuse(text)
        assert sorted(names) == sorted(hostile)  # read as they are: showing them safely is the page's job
        cells = [cell for row in csv.reader(io.StringIO(points_csv(data))) for cell in row][3:]
        assert all(_is_float(cell) for cell in cells)  # numbers only: no cell a spreadsheet would run
        assert not any(cell[0] in "=+@" for cell in cells)


def _is_float(cell):
    try:
        float(cell)
        return True
    except ValueError:
        return False


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789,.-+e\n\r\t\"' xylabnaif=@\0\ufeff<>é")), max_size=300))
def test_any_text_is_read_or_refused_with_a_data_error(text):
    answer = read_or_refuse(text)
    if not isinstance(answer, str):
        data, names = answer
        assert 2 <= data.n_classes == len(names) and np.isfinite(data.X_train).all()


# ------------------------------------------- 3: every setting at its extremes
DATASETS_FOR = {"sigmoid-mse": ("xor", "moons", "circles"), "sigmoid-bce": ("xor-cloud", "gaussians", "spiral"),
                "softmax-ce": ("three-classes", "moons", "xor"), "linear-mse": ("plane", "multi-gaussian")}
NETWORKS = {"deep": (8,) * MAX_HIDDEN_LAYERS, "wide": (MAX_NEURONS,)}
EXTREME_RATES = (1e-5, 1.0, 10.0, 1000.0)


def extreme_cases():
    """Every activation × output/loss × optimizer × learning rate × batch (full, 1) ×
    network; the data sets that fit each output take turns, so each is met often."""
    grid = itertools.product(ACTIVATIONS, OUTPUT_LOSSES, OPTIMIZERS, EXTREME_RATES, (0, 1), NETWORKS)
    for n, (activation, output, optimizer, lr, batch, network) in enumerate(grid):
        datasets = DATASETS_FOR[output]
        yield Config(dataset=datasets[n % len(datasets)], n_points=24, activation=activation, output=output,
                     optimizer=optimizer, lr=lr, batch_size=batch, hidden=NETWORKS[network], seed=n)


def assert_clean(session):
    """The session is ok (finite loss and weights) or diverged (with its message), and
    everything made from it builds: snapshots, warnings, every figure, the weights file."""
    snap = session.snapshot(16)
    assert snap.status == session.status in ("ok", "diverged")
    assert all(isinstance(warning, str) for warning in diagnose(snap))
    if snap.status == "ok":
        assert np.isfinite(snap.train_loss[-1]) and all(np.isfinite(p).all() for p in snap.params.values())
    else:
        assert snap.message.startswith("Training diverged at epoch")
    for figure in every_figure(snap):
        json.dumps(figure, allow_nan=False)  # raises on NaN or inf, as strict_json would
    strict_json(weights_json(session))


def test_every_setting_at_its_extremes_trains_to_a_clean_state(no_warnings, record_property):
    outcomes = collections.Counter()
    for config in extreme_cases():
        session = TrainingSession(config)
        session.step(3)
        assert_clean(session)
        outcomes[session.status] += 1
    print(f"{sum(outcomes.values())} extreme cases: {dict(outcomes)}")
    record_property("extreme_cases", dict(outcomes))
    assert sum(outcomes.values()) == (len(ACTIVATIONS) * len(OUTPUT_LOSSES) * len(OPTIMIZERS) * len(EXTREME_RATES)
                                      * 2 * len(NETWORKS)) and outcomes["diverged"] and outcomes["ok"]


def _configs():
    def config_for(dataset):
        output = st.sampled_from([None] + [o for o, sets in DATASETS_FOR.items() if dataset in sets])
        return st.builds(
            Config, dataset=st.just(dataset), output=output, n_points=st.integers(4, 40),
            noise=st.one_of(st.none(), st.floats(0.0, 5.0)), test_fraction=st.sampled_from([0.0, 0.3, 0.9]),
            features=st.lists(st.sampled_from(list(FEATURES)), min_size=1, max_size=4, unique=True).map(tuple),
            hidden=st.lists(st.sampled_from([1, 2, 3, 8]), max_size=MAX_HIDDEN_LAYERS).map(tuple),
            activation=st.sampled_from(list(ACTIVATIONS)), init=st.sampled_from(list(INITIALIZERS)),
            seed=st.integers(0, 2**32 - 1), **LIVE_VALUES)
    return st.sampled_from(sorted({d for sets in DATASETS_FOR.values() for d in sets})).flatmap(config_for)


LIVE_VALUES = dict(lr=st.floats(1e-5, 1e3), optimizer=st.sampled_from(list(OPTIMIZERS)),
                   batch_size=st.sampled_from([0, 1, 3, 1000]), regularization=st.sampled_from(list(PENALTIES)),
                   reg_rate=st.sampled_from([0.0, 1e-3, 1.0, 1e3]), lr_decay=st.sampled_from([0.0, 1.0, 1e3]),
                   reduction=st.sampled_from(["mean", "sum"]))
ACTIONS = st.one_of(
    st.tuples(st.just("step"), st.integers(1, 15)),
    st.tuples(st.just("update"), st.fixed_dictionaries({}, optional=LIVE_VALUES)),
    st.tuples(st.just("edit"), st.floats(-1e308, 1e308)),  # any finite weight, huge ones too
    st.tuples(st.just("replay"), st.integers(0, 200)),
    st.tuples(st.just("recover"), st.none()),
    st.tuples(st.just("one_step"), st.none()),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_configs(), st.lists(ACTIONS, min_size=1, max_size=6))
def test_any_session_and_any_actions_leave_a_clean_state(config, actions):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        session = TrainingSession(config)
        for action, value in actions:
            if action == "step":
                session.step(value)
            elif action == "update":
                session.update(**value)
            elif action == "edit":
                session.set_parameter(f"W{len(session.W)}", (0, 0), value)
            elif action == "replay":
                replay = session.snapshot(16, epoch=min(value, session.epoch))
                assert replay.epoch <= session.epoch and replay.status in ("ok", session.status)
                for figure in every_figure(replay):
                    json.dumps(figure, allow_nan=False)
            elif action == "recover":
                session.recover()
            else:
                diverged_before = session.status == "diverged"
                assert (one_step(session) is None) == diverged_before
        assert_clean(session)


def test_the_largest_test_fraction_leaves_a_point_to_train_on_and_one_point_can_be_viewed(no_warnings):
    for n_points in (4, 5):  # 0.9 of 4 rounds to all four, of 5 to all but one
        session = TrainingSession(Config(dataset="circles", n_points=n_points, test_fraction=0.9, hidden=(8,)))
        assert len(session.X) == 1 and session.step(2) == 2
        snap = session.snapshot(16)
        assert snap.hidden_space.projected and snap.hidden_space.points.shape == (1, 2)
        assert_drawable(snap)


def test_huge_finite_losses_are_drawn_as_numbers(no_warnings):
    session = TrainingSession(Config(dataset="plane", hidden=(3,)))
    session.set_parameter("W2", (0, 0), 1e153)  # a loss near 1e304: rounding it to 6 decimals would overflow
    assert session.status == "diverged" and 1e303 < session.train_loss[-1] < np.inf
    assert loss_figure(session.snapshot(16))["data"][0]["y"] == [session.train_loss[-1]]
