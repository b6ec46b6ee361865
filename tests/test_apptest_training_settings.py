"""The sidebar's training settings that the core had and the page did not offer
(issue 14): a learning-rate schedule with its own settings, gradient clipping by
norm and an activation per hidden layer; each one a widget keyed by its Config
field (ui.controls), carried by the link, and shown where the numbers are."""
import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core import SCHEDULES
from core.sharing import config_from_params, config_to_params
from plots.network import shape_buttons

from tests.test_apptest import metric, notices, texts, trainer
from tests.test_apptest_surgery import click_diagram

SHAPE_PLUS_LAYER = "layers", None, +1


def settings_line(at):
    return next(text for text in texts(at) if "class='nn-stats'" in text)


def shown_keys(at):
    return {w.key for kind in ("select_slider", "number_input") for w in at.get(kind)}


@pytest.mark.parametrize("schedule", SCHEDULES)
def test_each_schedule_is_offered_with_the_settings_its_formula_reads(app, schedule):
    app.selectbox(key="schedule").set_value(schedule).run()
    assert trainer(app).config.schedule_name == schedule and not app.exception
    own = set(SCHEDULES[schedule].settings)
    assert own <= shown_keys(app)
    assert not ({"lr_decay", "schedule_factor", "schedule_epochs"} - own) & shown_keys(app)


def test_a_schedule_keeps_the_weights_and_the_stats_show_its_rate_now(app):
    for _ in range(3):
        app.button(key="step").click().run()
    weights = trainer(app).params()["W1"].copy()
    app.selectbox(key="schedule").set_value("step").run()
    app.select_slider(key="schedule_factor").set_value(0.3).run()
    app.number_input(key="schedule_epochs").set_value(2).run()
    config = trainer(app).config
    assert (config.schedule, config.schedule_factor, config.schedule_epochs) == ("step", 0.3, 2)
    assert trainer(app).epoch == 3 and metric(app, "Epoch") == "3"
    np.testing.assert_array_equal(trainer(app).params()["W1"], weights)
    rate = 0.1 * 0.3 ** (3 // 2)  # η γ^⌊t/s⌋ at epoch 3
    assert trainer(app).learning_rate() == pytest.approx(rate)
    assert f"learning rate 0.1 (step decay: η_t {rate:.3g})" in settings_line(app)
    app.button(key="step").click().run()
    assert trainer(app).epoch == 4 and not app.exception


def test_inverse_time_from_a_link_shows_its_rate_and_another_schedule_drops_it():
    at = AppTest.from_file("../app.py", default_timeout=30)
    at.query_params.update({"lr_decay": "0.01"})
    at.run()
    assert at.selectbox(key="schedule").value == "inverse-time" and at.select_slider(key="lr_decay").value == 0.01
    assert "inverse-time decay: η_t 0.1" in settings_line(at) and not notices(at)
    at.selectbox(key="schedule").set_value("cosine").run()
    assert (trainer(at).config.schedule, trainer(at).config.lr_decay) == ("cosine", 0.0)
    assert not at.exception and not notices(at)


def test_gradient_clipping_is_a_live_setting_and_said(app):
    app.button(key="step").click().run()
    app.select_slider(key="clip_norm").set_value(0.3).run()
    assert trainer(app).config.clip_norm == 0.3 and trainer(app).epoch == 1
    assert "gradients clipped to norm 0.3" in settings_line(app)
    app.select_slider(key="clip_norm").set_value(0.0).run()
    assert trainer(app).config.clip_norm == 0.0 and "clipped" not in settings_line(app)


def test_an_activation_per_layer_builds_the_network_with_them(app):
    assert "activation_1" not in {w.key for w in app.selectbox}
    app.toggle(key="activation_per_layer").set_value(True).run()
    app.selectbox(key="activation_2").set_value("relu").run()
    assert trainer(app).config.layer_activations == ("tanh", "relu")
    assert [a.name for a in trainer(app).activations] == ["tanh", "relu"]
    # The diagram's + adds a layer with the activation above the charts; each layer keeps its own.
    app.selectbox(key="activation_1").set_value("sigmoid").run()
    x, y = next((bx, by) for bx, by, _, change, _ in shape_buttons([2, 5, 3, 2]) if change == SHAPE_PLUS_LAYER)
    click_diagram(app, x, y)
    assert trainer(app).config.hidden == (5, 3, 4)
    assert trainer(app).config.layer_activations == ("sigmoid", "relu", "tanh")
    app.toggle(key="activation_per_layer").set_value(False).run()
    assert trainer(app).config.layer_activations == () and not app.exception


def test_the_new_settings_travel_in_the_link_and_a_link_restores_them(app):
    app.selectbox(key="schedule").set_value("exponential").run()
    app.select_slider(key="schedule_factor").set_value(0.9).run()
    app.select_slider(key="clip_norm").set_value(3.0).run()
    app.toggle(key="activation_per_layer").set_value(True).run()
    app.selectbox(key="activation_1").set_value("relu").run()
    config = trainer(app).config
    link = {k: v[-1] if isinstance(v, list) else v for k, v in app.query_params.items()}
    assert link == config_to_params(config) and config_from_params(link) == (config, [])
    fresh = AppTest.from_file("../app.py", default_timeout=30)
    fresh.query_params.update(link)
    fresh.run()
    assert trainer(fresh).config == config and not notices(fresh)
    assert fresh.selectbox(key="schedule").value == "exponential" and fresh.toggle(key="activation_per_layer").value
    assert fresh.selectbox(key="activation_1").value == "relu"


def test_the_maths_page_shows_the_schedule_formula_from_its_registry_entry(app):
    app.selectbox(key="schedule").set_value("cosine").run()
    app.switch_page("pages/maths.py").run()
    formulas = [element.value.strip("$\n") for element in app.latex]
    assert SCHEDULES["cosine"].formula[0] in formulas and not app.exception
    assert any(r"s = 100" in f and r"\eta_{0} = 0.1" in f for f in formulas)
