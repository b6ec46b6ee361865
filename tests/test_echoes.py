"""A settings change reported by a timed frame of the live fragment is an echo
of the page before the last full run, and is dropped (ui.controls.user_changes_only);
the same change in a full run is the user's, and is applied."""
from types import SimpleNamespace

import pytest
from streamlit.testing.v1 import AppTest

import ui.controls


@pytest.fixture
def app():
    at = AppTest.from_file("../app.py", default_timeout=30)
    at.run()
    return at


def as_timed_frame(monkeypatch):
    """Callbacks from now on see a run of the live fragment only, as a timer's frame is."""
    monkeypatch.setattr(ui.controls, "get_script_run_ctx", lambda: SimpleNamespace(fragment_ids_this_run=["live"]))


def test_a_timed_frame_cannot_undo_a_preset(app, monkeypatch):
    app.button(key="preset-xor-tutorial").click().run()
    as_timed_frame(monkeypatch)
    app.selectbox(key="activation").set_value("tanh").run()  # the widget's value before the preset
    app.segmented_control(key="run").set_value("play").run()
    trainer = app.session_state.trainer
    assert trainer.config.activation == "sigmoid" and not app.session_state.playing
    assert app.selectbox(key="activation").value == "sigmoid" and not app.exception


def test_the_same_change_in_a_full_run_is_applied(app):
    app.button(key="preset-xor-tutorial").click().run()
    app.selectbox(key="activation").set_value("tanh").run()
    app.segmented_control(key="run").set_value("play").run()
    assert app.session_state.trainer.config.activation == "tanh" and app.session_state.playing


def test_a_timed_frame_cannot_undo_a_problem_switch(app, monkeypatch):
    app.selectbox(key="problem").set_value("regression").run()
    as_timed_frame(monkeypatch)
    app.selectbox(key="problem").set_value("classification").run()
    assert app.session_state.trainer.config.dataset == "plane"
    assert app.selectbox(key="problem").value == "regression" and not app.exception


def test_a_page_run_a_fragment_asked_for_drops_the_settings_it_carries(app):
    """Such a run takes the widget values of a timed frame merged into it (ui.controls.rerun_the_page)."""
    app.session_state[ui.controls.PAGE_RUN_ASKED] = True  # as the live view leaves it after a click on the diagram
    app.slider(key="layer_1").set_value(7).run()
    assert app.session_state.trainer.config.hidden == (5, 3) and app.slider(key="layer_1").value == 5
    app.slider(key="layer_1").set_value(7).run()  # the next run is the user's
    assert app.session_state.trainer.config.hidden == (7, 3) and not app.exception
