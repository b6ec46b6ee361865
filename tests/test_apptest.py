"""Streamlit AppTest tests: the page runs headless and its controls drive the session."""
import json

import pytest
from streamlit.testing.v1 import AppTest


@pytest.fixture
def app():
    at = AppTest.from_file("../app.py", default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    return at


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def charts(at):
    """The live charts' figures, by key (they are sent as JSON to the live-chart component)."""
    found = {}
    for element in at.get("bidi_component"):
        key = element.proto.id.rsplit("-", 1)[-1]
        found[key] = json.loads(json.loads(element.proto.json)["figure"])
    return found


def test_page_opens_with_every_view(app):
    assert metric(app, "Epoch") == "0"
    figures = charts(app)
    assert set(figures) == {"boundary", "neurons", "loss"}
    assert figures["boundary"]["data"][0]["type"] == "heatmap"
    assert len([t for t in figures["neurons"]["data"] if t["type"] == "heatmap"]) == 3  # Britz: 3 hidden
    assert not app.error


def test_step_advances_epoch_and_changes_loss_and_figures(app):
    loss0, before = metric(app, "Loss"), charts(app)
    app.button(key="step").click().run()
    after = charts(app)
    assert metric(app, "Epoch") == "1"
    assert metric(app, "Loss") != loss0
    assert app.session_state.trainer.epoch == 1
    assert after["boundary"]["data"][0]["z"] != before["boundary"]["data"][0]["z"]
    assert len(after["loss"]["data"][0]["y"]) == len(before["loss"]["data"][0]["y"]) + 1


def test_play_trains_on_each_run_and_pause_stops(app):
    app.button(key="play").click().run()
    assert app.session_state.playing
    app.run()  # AppTest does not tick run_every itself: each run is one frame
    trained = app.session_state.trainer.epoch
    assert trained >= app.session_state.speed
    app.button(key="play").click().run()
    assert not app.session_state.playing
    app.run()
    assert app.session_state.trainer.epoch == trained


def test_reset_returns_to_epoch_zero(app):
    app.button(key="step").click().run()
    app.button(key="reset").click().run()
    assert metric(app, "Epoch") == "0"


def test_learning_rate_change_keeps_trained_weights(app):
    app.button(key="step").click().run()
    weights = app.session_state.trainer.params()["W1"].copy()
    app.select_slider(key="lr").set_value(0.1).run()
    assert app.session_state.trainer.config.lr == 0.1
    assert app.session_state.trainer.epoch == 1
    assert (app.session_state.trainer.params()["W1"] == weights).all()


def test_hidden_size_and_activation_rebuild_the_network(app):
    app.slider(key="hidden").set_value(5).run()
    assert app.session_state.trainer.params()["W1"].shape == (2, 5)
    app.selectbox(key="activation").set_value("relu").run()
    assert app.session_state.trainer.config.activation == "relu"
    assert not app.exception


def test_dataset_switch_and_xor_preset(app):
    app.selectbox(key="dataset").set_value("circles").run()
    assert app.session_state.trainer.config.dataset == "circles"
    app.button(key="preset-xor-tutorial").click().run()
    trainer = app.session_state.trainer
    assert trainer.config.dataset == "xor" and trainer.config.hidden == (2,)
    assert app.selectbox(key="dataset").value == "xor"


def test_impossible_combination_shows_message_and_keeps_network(app):
    app.button(key="preset-xor-tutorial").click().run()
    app.button(key="step").click().run()
    # sigmoid-mse has one output: three classes cannot work, and the user is told so.
    app.selectbox(key="dataset").set_value("three-classes").run()
    assert app.error and "cannot be used" in app.error[0].value
    assert app.session_state.trainer.epoch == 1 and app.session_state.trainer.config.dataset == "xor"
    assert not app.exception


def test_divergence_pauses_and_recover_restores(app):
    app.selectbox(key="dataset").set_value("plane").run()
    app.selectbox(key="activation").set_value("relu").run()
    app.select_slider(key="lr").set_value(10.0).run()
    app.select_slider(key="speed").set_value(500).run()
    app.button(key="play").click().run()
    for _ in range(5):
        app.run()
        if app.session_state.trainer.status != "ok":
            break
    assert app.session_state.trainer.status == "diverged"
    assert not app.session_state.playing and app.error
    app.button(key="recover").click().run()
    assert app.session_state.trainer.status == "ok" and not app.exception
