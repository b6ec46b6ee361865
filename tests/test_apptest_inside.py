"""AppTest: the Gradients, Activations and Metrics views under the playground's
charts open, follow training, keep their choice across pages, and show the
core's numbers."""
import re

import pytest

from tests.test_apptest import charts, press, trainer
from tests.test_apptest_journeys import opened

VIEWS = {"gradients": "inside_gradients", "activations": "inside_activations", "metrics": "inside_metrics"}


def choose(at, name):
    at.segmented_control(key="inside").set_value(name).run()
    assert not at.exception, at.exception


def metrics_shown(at):
    """The metrics view's line of numbers, as plain text."""
    found = [re.sub("<[^>]+>", "", m.value) for m in at.markdown if "data-stat='metrics'" in m.value]
    assert len(found) == 1, "the metrics view shows no line of numbers"
    return found[0]


@pytest.mark.parametrize("name", VIEWS)
def test_each_view_opens_follows_training_and_survives_a_page_change(name):
    at = opened("hidden=8,8&activation=sigmoid&dataset=circles&test_fraction=0.2")
    assert VIEWS[name] not in charts(at)  # closed at first: it costs nothing
    choose(at, name)
    assert VIEWS[name] in charts(at) and not at.error
    at.button(key="step").click().run()
    press(at, "play")
    at.run()
    press(at, "pause")
    assert not at.exception and VIEWS[name] in charts(at)
    at.switch_page("pages/maths.py").run()
    assert not at.exception, at.exception
    at.switch_page("app.py").run()
    assert not at.exception, at.exception
    assert at.segmented_control(key="inside").value == name and VIEWS[name] in charts(at)
    assert set(charts(at)) - {"boundary", "network", "loss"} == {VIEWS[name]}  # only the open view is drawn


def test_choosing_the_open_view_again_closes_it():
    at = opened()
    choose(at, "gradients")
    choose(at, None)
    assert at.segmented_control(key="inside").value is None and not set(charts(at)) & set(VIEWS.values())


def test_gradients_follow_the_sessions_norms_and_a_replay_marks_its_epoch():
    at = opened("hidden=8,8,8,8,8,8&activation=sigmoid&dataset=circles")
    choose(at, "gradients")
    for _ in range(5):
        at.button(key="step").click().run()
    lines = {t["name"].split()[0]: t["y"] for t in charts(at)["inside_gradients"]["data"]}  # "W1 4.5e-05"
    norms = trainer(at).gradient_norms.values()
    assert lines["W1"] == pytest.approx(norms[:, 0].tolist(), rel=5e-3) and len(lines["W1"]) == 5
    assert all(first < 1e-2 * last for first, last in zip(lines["W1"], lines["W7"]))
    slider = next(s for s in at.select_slider if s.label == "Rewind to epoch")  # its key changes with the epoch
    slider.set_value(2).run()
    assert not at.exception, at.exception
    figure = charts(at)["inside_gradients"]
    assert [shape["x0"] for shape in figure["layout"]["shapes"]] == [2]  # the whole history, marked
    assert len(figure["data"][0]["y"]) == 5 and figure["layout"]["legend"]["title"]["text"] == "at epoch 1"


def test_metrics_of_a_classification_are_the_cores():
    at = opened("dataset=three-classes&hidden=6&test_fraction=0.3")
    choose(at, "metrics")
    at.button(key="step").click().run()
    snap = trainer(at).snapshot(resolution=5)
    figure = charts(at)["inside_metrics"]
    assert [t["text"] for t in figure["data"]] == [snap.train_metrics.confusion.tolist(),
                                                     snap.test_metrics.confusion.tolist()]
    line = metrics_shown(at)
    assert f"Train: accuracy {snap.train_accuracy:.1%}" in line and f"test: accuracy {snap.test_accuracy:.1%}" in line


def test_metrics_of_a_regression_show_r2_and_rmse():
    at = opened("problem=regression&dataset=plane&test_fraction=0.2")
    assert trainer(at).data.task == "regression"
    choose(at, "metrics")
    for _ in range(3):
        at.button(key="step").click().run()
    snap = trainer(at).snapshot(resolution=5)
    line = metrics_shown(at)
    for name, found in (("Train", snap.train_metrics), ("test", snap.test_metrics)):
        assert f"{name}: R² {found.r2:.3f}, RMSE {found.rmse:.3f}" in line
    assert "R²" in charts(at)["inside_metrics"]["layout"]["annotations"][0]["text"]
