"""The "Look inside" figures (plots/inside.py) carry the core's numbers: gradient
norms per layer on a log axis, activation histograms with dead and saturated
units marked, confusion matrices, R² and RMSE."""
import json
from dataclasses import replace

import numpy as np
import plotly.graph_objects as go
import pytest
from sklearn.metrics import recall_score

from core import Config, TrainingSession
from plots import emphasize
from plots.inside import (activations_figure, gradients_figure, layer_colors, metrics_figure, per_class_accuracy,
                          significant)

SIX_SIGMOID = Config(dataset="circles", hidden=(8,) * 6, activation="sigmoid")
DEAD_RELU = Config(dataset="moons", hidden=(8,), activation="relu", lr=3.0)  # 3 of 8 units die in the first step
SATURATED_TANH = Config(dataset="spiral", hidden=(8, 8), activation="tanh", lr=10.0, init="normal")


def trained(config, epochs, record=True):
    session = TrainingSession(config)
    if record:
        session.record_gradient_norms()
    session.step(epochs)
    return session


def shown(figure):
    """The figure as the browser gets it: valid Plotly, and JSON without NaN (ui.live_chart refuses NaN)."""
    go.Figure(figure)
    go.Figure(emphasize(figure))  # presenter mode
    return json.loads(json.dumps(figure, allow_nan=False))


def lines(figure):
    """{layer: trace} of the gradients figure; a line's name is its layer and latest norm, "W1 4.5e-05"."""
    return {t["name"].split()[0]: t for t in figure["data"]}


def latest(figure):
    """The latest norm of each line, as its legend entry reads it."""
    return [t["name"].split(" ", 1)[1] for t in figure["data"]]


def test_gradient_lines_are_the_cores_norms_per_layer_on_a_log_axis():
    session = trained(SIX_SIGMOID, 30)
    snap = session.snapshot(resolution=5)
    figure = shown(gradients_figure(snap))
    norms = snap.gradient_norms
    assert list(lines(figure)) == [f"W{l}" for l in range(1, 8)]
    for l, trace in enumerate(lines(figure).values()):
        assert trace["x"] == list(range(30))
        np.testing.assert_allclose(trace["y"], norms[:, l], rtol=5e-3)  # three significant figures
    assert figure["layout"]["yaxis"]["type"] == "log"
    assert figure["layout"]["xaxis"]["range"] == [0, 30]  # the loss chart's epochs, 0 to 30
    # Vanishing gradients, visible: the first layer's line orders of magnitude below the last's.
    first, last = np.array(lines(figure)["W1"]["y"]), np.array(lines(figure)["W7"]["y"])
    assert (first[:10] < 1e-2 * last[:10]).all()
    # The legend reads the latest norms, one per layer.
    assert latest(figure) == [f"{v:.2g}" for v in norms[-1]]
    assert figure["layout"]["legend"]["title"]["text"] == "at epoch 29"
    assert [t["line"]["color"] for t in figure["data"]] == layer_colors(7)


def test_layer_colours_run_from_the_input_side_to_the_output_side():
    assert layer_colors(7)[0] != layer_colors(7)[-1] and len(set(layer_colors(7))) == 7
    assert layer_colors(1) == layer_colors(7)[:1] and layer_colors(2)[-1] == layer_colors(7)[-1]


def test_tiny_norms_keep_three_significant_figures_and_gaps_are_null():
    assert significant([3.7449e-5, 0.0123456, 5e5, 0.0, np.nan, np.inf, -1.0]) == [
        3.74e-05, 0.0123, 5e5, None, None, None, None]


def test_epochs_not_recorded_are_gaps():
    session = trained(SIX_SIGMOID, 5, record=False)
    session.record_gradient_norms()
    session.step(3)
    figure = shown(gradients_figure(session.snapshot(resolution=5)))
    assert all(trace["y"][:5] == [None] * 5 and None not in trace["y"][5:] for trace in lines(figure).values())
    assert figure["layout"]["legend"]["title"]["text"] == "at epoch 7"


def test_no_epoch_yet_is_an_empty_chart_that_says_so():
    for session in (trained(SIX_SIGMOID, 0), trained(SIX_SIGMOID, 4, record=False)):
        figure = shown(gradients_figure(session.snapshot(resolution=5)))
        assert figure["data"] == [] and "none recorded yet" in figure["layout"]["title"]["text"]


def test_a_diverged_step_leaves_gaps_and_its_legend_says_why():
    session = trained(Config(dataset="moons", hidden=(4, 4), activation="relu", lr=10.0), 500)
    norms = session.gradient_norms.values()
    assert (norms[-1] == 0).all()  # every unit dead: no gradient reaches any layer
    figure = shown(gradients_figure(session.snapshot(resolution=5)))
    assert latest(figure) == ["0", "0", "0"] and all(t["y"][-1] is None for t in figure["data"])
    diverged = trained(Config(dataset="moons", hidden=(4,), lr=900.0), 50)
    assert diverged.status == "diverged"
    snap = diverged.snapshot(resolution=5)
    infinite = replace(snap, gradient_norms=np.vstack([snap.gradient_norms, [[np.inf, np.nan]]]))
    figure = shown(gradients_figure(infinite))
    assert latest(figure) == ["not finite", "not finite"]
    assert lines(figure)["W1"]["y"][-1] is None


def test_a_replay_shows_the_whole_history_marked_and_reads_the_norms_at_its_epoch():
    session = trained(SIX_SIGMOID, 40)
    figure = shown(gradients_figure(session.snapshot(resolution=5), mark_epoch=12))
    assert [shape["x0"] for shape in figure["layout"]["shapes"]] == [12]
    assert len(lines(figure)["W1"]["x"]) == 40
    assert latest(figure) == [f"{v:.2g}" for v in session.gradient_norms.values()[11]]
    assert figure["layout"]["legend"]["title"]["text"] == "at epoch 11"


def test_a_long_run_is_decimated_keeping_both_ends():
    session = trained(Config(dataset="moons", hidden=(3,)), 2000)
    trace = lines(shown(gradients_figure(session.snapshot(resolution=5))))["W1"]
    assert len(trace["x"]) <= 300 and trace["x"][0] == 0 and trace["x"][-1] == 1999


def panels(figure):
    """{panel title: {kind: trace}} of the activations figure."""
    titles = [a["text"] for a in figure["layout"]["annotations"]]
    axes = [t["xaxis"] for t in figure["data"]]
    order = list(dict.fromkeys(axes))
    return {titles[order.index(axis)]: {t["name"]: t for t in figure["data"] if t["xaxis"] == axis}
            for axis in order}


def test_a_dead_relu_is_counted_in_its_layers_title_and_drawn_as_dead():
    snap = trained(DEAD_RELU, 1).snapshot(resolution=5)
    activity = snap.activity[0]
    assert activity.dead.sum() == 3
    figure = shown(activations_figure(snap))
    (title, kinds), = panels(figure).items()
    assert title == "layer 1 · 3 of 8 dead"
    np.testing.assert_array_equal(kinds["dead"]["y"], activity.counts[activity.dead].sum(axis=0))
    np.testing.assert_array_equal(kinds["working"]["y"], activity.counts[~activity.dead].sum(axis=0))
    assert kinds["dead"]["marker"]["color"] != kinds["working"]["marker"]["color"]
    assert figure["layout"]["barmode"] == "stack"


def test_saturated_units_are_counted_and_drawn_apart():
    snap = trained(SATURATED_TANH, 20).snapshot(resolution=5)
    figure = shown(activations_figure(snap))
    found = panels(figure)
    assert list(found) == ["layer 1 · 2 of 8 saturated", "layer 2 · 8 of 8 saturated"]
    for activity, kinds in zip(snap.activity, found.values()):
        np.testing.assert_array_equal(kinds["saturated"]["y"], activity.counts[activity.saturated].sum(axis=0))
        assert kinds["saturated"]["x"][0] == pytest.approx(-1 + 1 / 20)  # tanh's whole range, 20 bins


def test_six_layers_are_six_panels_in_two_rows_of_three():
    snap = trained(SIX_SIGMOID, 3).snapshot(resolution=5)
    figure = shown(activations_figure(snap))
    assert list(panels(figure)) == [f"layer {l} · 8 units" for l in range(1, 7)]
    domains = {tuple(figure["layout"][f"yaxis{s}"]["domain"]) for s in ("", "2", "3", "4", "5", "6")}
    assert len(domains) == 2 and figure["layout"]["height"] >= 2 * 120


def test_no_hidden_layer_says_so():
    figure = shown(activations_figure(trained(Config(hidden=()), 1).snapshot(resolution=5)))
    assert figure["data"] == [] and "no hidden layer" in figure["layout"]["title"]["text"]


def test_confusion_matrices_are_the_cores_with_each_class_accuracy():
    session = trained(Config(dataset="three-classes", hidden=(6,), test_fraction=0.3), 40)
    snap = session.snapshot(resolution=5)
    figure = shown(metrics_figure(snap))
    train, test = figure["data"]
    assert train["text"] == snap.train_metrics.confusion.tolist() and test["text"] == snap.test_metrics.confusion.tolist()
    predicted = snap.train_output.argmax(axis=1)
    recall = recall_score(snap.data.y_train, predicted, average=None)
    np.testing.assert_allclose(per_class_accuracy(snap.train_metrics.confusion, snap.data.y_train, 3), recall)
    assert figure["layout"]["yaxis"]["ticktext"] == [f"class {k} · {r:.0%}" for k, r in enumerate(recall)]
    titles = [a["text"] for a in figure["layout"]["annotations"]]
    assert titles == [f"train · accuracy {snap.train_accuracy:.1%}", f"test · accuracy {snap.test_accuracy:.1%}"]
    # Each row in its true class's colour: its cells' colours lie in that class's band of the scale.
    z = np.array(train["z"])
    assert ((z >= np.arange(3)[:, None] / 3) & (z < (np.arange(3)[:, None] + 1) / 3)).all()


def test_without_test_points_the_matrix_says_where_to_get_them():
    snap = trained(Config(dataset="moons"), 5).snapshot(resolution=5)
    figure = shown(metrics_figure(snap))
    assert len(figure["data"]) == 1 and "Test share" in figure["layout"]["annotations"][-1]["text"]


def test_regression_shows_predicted_against_true_and_the_cores_r2_and_rmse():
    snap = trained(Config(dataset="plane", hidden=(4,), test_fraction=0.2), 30).snapshot(resolution=5)
    figure = shown(metrics_figure(snap))
    points = figure["data"][1]
    np.testing.assert_allclose(points["x"], snap.data.y_train, atol=1e-3)
    np.testing.assert_allclose(points["y"], snap.train_output[:, 0], atol=1e-3)
    text = figure["layout"]["annotations"][0]["text"]
    for found in (snap.train_metrics, snap.test_metrics):
        assert f"R² {found.r2:.3f} · RMSE {found.rmse:.3f}" in text
