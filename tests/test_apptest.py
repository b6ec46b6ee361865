"""Streamlit AppTest tests: the page runs headless and every control drives the session."""
import html
import json
import re

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest


def live_parts(at):
    """The data of every live chart on the page: charts drawn alone (ui.live_chart.live_chart)
    and the parts of a live panel (ui.live_chart.live_panel: charts and blocks of HTML)."""
    for element in at.get("bidi_component"):
        data = json.loads(element.proto.json)
        if "columns" in data:
            yield from (part for column in data["columns"] for part in column)
        elif "figure" in data:  # (the page's other component watches whether its tab is hidden)
            yield data


def texts(at):
    """Every Markdown block's text and the live panel's HTML (the numbers beside the charts)."""
    return [block.value for block in at.markdown] + [part["html"] for part in live_parts(at) if "html" in part]


def metric(at, label):
    """A number from the live view's line of numbers (one HTML block, see ui.stats.stats_html)."""
    for text in texts(at):
        found = re.search(rf"<small>{re.escape(label)}</small><b data-stat='[^']*'>(.*?)</b>", text)
        if found:
            return found.group(1)
    raise AssertionError(f"the page shows no {label!r}")


def charts(at):
    """The live charts' figures, by key (they are sent as JSON to the live-chart components)."""
    return {part["key"]: json.loads(part["figure"]) for part in live_parts(at) if "figure" in part}


def notices(at):
    """The texts of the red notices (ui.layout.notice: plain text, never Markdown)."""
    return [html.unescape(re.sub("<[^>]+>", "", h.value)) for h in at.html if "nn-notice" in h.value]


def trainer(at):
    return at.session_state.trainer


def press(at, choice):
    """Click Play or Pause (one switch, ui.controls.play_switch) and run."""
    at.segmented_control(key="run").set_value(choice).run()


def test_page_opens_with_every_view(app):
    assert metric(app, "Epoch") == "0"
    figures = charts(app)
    assert set(figures) == {"boundary", "network", "loss"}
    assert figures["boundary"]["layout"]["images"][0]["source"].startswith("data:image/png")
    assert not app.error and not notices(app)


def test_step_advances_epoch_and_changes_loss_and_figures(app):
    loss0, before = metric(app, "Train loss"), charts(app)
    app.button(key="step").click().run()
    after = charts(app)
    assert metric(app, "Epoch") == "1"
    assert metric(app, "Train loss") != loss0
    assert trainer(app).epoch == 1
    assert after["boundary"]["layout"]["images"] != before["boundary"]["layout"]["images"]
    assert len(after["loss"]["data"][0]["y"]) == len(before["loss"]["data"][0]["y"]) + 1


def test_play_trains_on_each_run_and_pause_stops(app):
    press(app, "play")
    assert app.session_state.playing
    app.run()  # AppTest does not tick run_every itself: each run is one frame
    # A frame trains `speed` epochs unless its time budget (wall-clock, so shorter
    # on a loaded machine) runs out first; at least one update is always made.
    trained = trainer(app).epoch
    assert 1 <= trained <= 2 * app.session_state.speed  # the press's run and this frame
    app.select_slider(key="speed").set_value(100).run()
    assert app.session_state.shown["speed"] == 100
    for _ in range(100):  # a bound: each frame trains at least one epoch
        if trainer(app).epoch >= trained + 100:
            break
        before = trainer(app).epoch
        app.run()
        assert before < trainer(app).epoch <= before + 100
    assert trainer(app).epoch >= trained + 100
    press(app, "pause")
    assert not app.session_state.playing
    stopped = trainer(app).epoch
    app.run()
    assert trainer(app).epoch == stopped


def test_reset_returns_to_epoch_zero_with_the_same_settings(app):
    app.selectbox(key="lr").set_value(0.1).run()
    app.button(key="step").click().run()
    app.button(key="reset").click().run()
    assert metric(app, "Epoch") == "0" and trainer(app).config.lr == 0.1


@pytest.mark.parametrize("key, value, field", [
    ("lr", 0.3, "lr"), ("optimizer", "adam", "optimizer"), ("batch_size", 10, "batch_size"),
    ("regularization", "l1", "regularization"), ("reg_rate", 0.001, "reg_rate"),
])
def test_training_settings_take_effect_and_keep_the_weights(app, key, value, field):
    app.button(key="step").click().run()
    weights = trainer(app).params()["W1"].copy()
    widget = app.select_slider(key=key) if key == "batch_size" else app.selectbox(key=key)
    widget.set_value(value).run()
    assert getattr(trainer(app).config, field) == value
    assert trainer(app).epoch == 1
    np.testing.assert_array_equal(trainer(app).params()["W1"], weights)
    app.button(key="step").click().run()
    assert trainer(app).epoch == 2 and not app.exception


@pytest.mark.parametrize("set_control, check", [
    (lambda at: at.slider(key="layer_1").set_value(6), lambda t: t.config.hidden == (6, 3)),  # from (5, 3)
    (lambda at: at.slider(key="n_layers").set_value(1), lambda t: t.config.hidden == (5,)),
    (lambda at: at.selectbox(key="activation").set_value("relu"), lambda t: t.config.activation == "relu"),
    (lambda at: at.selectbox(key="init").set_value("he"), lambda t: t.config.init == "he"),
    (lambda at: at.selectbox(key="output").set_value("sigmoid-bce"), lambda t: t.output.name == "sigmoid-bce"),
    (lambda at: at.select_slider(key="n_points").set_value(500), lambda t: len(t.X) == 500),
    (lambda at: at.slider(key="noise").set_value(0.4), lambda t: t.config.noise == 0.4),
    (lambda at: at.slider(key="test_fraction").set_value(0.3), lambda t: len(t.X_test) == 60),
    (lambda at: at.number_input(key="data_seed").set_value(7), lambda t: t.config.data_seed == 7),
    (lambda at: at.number_input(key="seed").set_value(5), lambda t: t.config.seed == 5),
    (lambda at: at.pills(key="features").set_value(["x1", "x2", "x1^2"]),
     lambda t: t.config.features == ("x1", "x2", "x1^2") and t.W[0].shape[0] == 3),
])
def test_data_and_network_settings_rebuild_and_say_so(app, set_control, check):
    app.button(key="step").click().run()
    set_control(app).run()
    assert check(trainer(app)), trainer(app).config
    assert trainer(app).epoch == 0
    assert "restarts from epoch 0" in app.session_state.note
    assert not app.exception


def test_regenerate_draws_new_data(app):
    before = trainer(app).data.X_train.copy()
    app.button(key="regenerate").click().run()
    assert trainer(app).config.data_seed == 1
    assert not np.array_equal(trainer(app).data.X_train, before)


def test_problem_type_switches_to_regression_with_a_fitting_loss(app):
    app.selectbox(key="problem").set_value("regression").run()
    t = trainer(app)
    assert t.data.task == "regression" and t.output.name == "linear-mse"
    assert app.selectbox(key="dataset").value == "plane"
    app.selectbox(key="dataset").set_value("multi-gaussian").run()
    assert trainer(app).config.dataset == "multi-gaussian"
    r2 = metric(app, "Train R²")  # untrained: no better than the targets' mean, or far worse
    assert (r2 == "< −1" or -1 <= float(r2) < 0.5) and metric(app, "Test R²") == "—" and not app.exception
    with pytest.raises(AssertionError, match="no 'Train acc.'"):  # regression has no accuracy to show
        metric(app, "Train acc.")


def test_xor_preset_sets_every_control(app):
    app.button(key="preset-xor-tutorial").click().run()
    t = trainer(app)
    assert t.config.dataset == "xor" and t.config.hidden == (2,) and t.config.reduction == "sum"
    assert app.selectbox(key="dataset").value == "xor"
    assert app.slider(key="layer_1").value == 2
    assert app.selectbox(key="activation").value == "sigmoid"
    assert app.selectbox(key="output").value == "sigmoid-mse"
    assert app.selectbox(key="lr").value == 0.1


def test_three_classes_after_a_one_output_preset_switches_the_output_and_says_so(app):
    app.button(key="preset-xor-tutorial").click().run()
    app.selectbox(key="dataset").set_value("three-classes").run()
    t = trainer(app)
    assert t.config.dataset == "three-classes" and t.output.name == "softmax-ce"
    assert "cannot serve" in app.session_state.note
    assert app.selectbox(key="output").value == "softmax-ce" and not app.exception


def test_view_switches_and_toggles(app):
    app.segmented_control(key="view").set_value("hidden").run()
    assert "hidden" in charts(app)
    app.segmented_control(key="view").set_value("neurons").run()
    assert "neurons" in charts(app)
    smooth = charts(app)["boundary"]["layout"]["images"][0]["source"]
    app.toggle(key="discretize").set_value(True).run()
    assert charts(app)["boundary"]["layout"]["images"][0]["source"] != smooth
    app.toggle(key="log_loss").set_value(True).run()
    assert charts(app)["loss"]["layout"]["yaxis"]["type"] == "log"


def test_divergence_pauses_and_recover_restores(app):
    app.selectbox(key="problem").set_value("regression").run()
    app.selectbox(key="activation").set_value("relu").run()
    app.selectbox(key="lr").set_value(10.0).run()
    app.select_slider(key="speed").set_value(500).run()
    press(app, "play")
    for _ in range(5):
        app.run()
        if trainer(app).status != "ok":
            break
    assert trainer(app).status == "diverged"
    assert not app.session_state.playing and app.error
    assert not app.exception  # NaN weights still draw: gaps, not a crash
    app.button(key="recover").click().run()
    assert trainer(app).status == "ok" and not app.exception


def test_a_weight_edited_by_hand_is_used_and_training_continues(app):
    app.button(key="step").click().run()
    app.selectbox(key="edit_name").set_value("W1[1, 2]").run()
    app.number_input(key="edit_value").set_value(2.5).run()
    app.button(key="edit_apply").click().run()
    assert trainer(app).params()["W1"][1, 2] == 2.5
    assert trainer(app).epoch == 1 and "W1[1, 2] set to 2.5" in app.session_state.note
    app.button(key="step").click().run()
    assert trainer(app).epoch == 2 and trainer(app).params()["W1"][1, 2] != 2.5
    assert not app.exception


def test_settings_are_written_to_the_address_bar_and_a_link_restores_them():
    at = AppTest.from_file("../app.py", default_timeout=30)
    at.run()
    at.selectbox(key="lr").set_value(0.3).run()
    at.slider(key="layer_1").set_value(6).run()
    link = {k: v[-1] if isinstance(v, list) else v for k, v in at.query_params.items()}
    assert link["lr"] == "0.3" and link["hidden"] == "6,3"
    fresh = AppTest.from_file("../app.py", default_timeout=30)
    fresh.query_params.update(link)
    fresh.run()
    assert fresh.session_state.trainer.config == at.session_state.trainer.config
    assert fresh.slider(key="layer_1").value == 6 and not fresh.error and not notices(fresh)


def test_a_tampered_link_falls_back_with_a_visible_notice():
    at = AppTest.from_file("../app.py", default_timeout=30)
    at.query_params.update({"lr": "lots", "hidden": "3,3", "dataset": "circles"})
    at.run()
    trainer = at.session_state.trainer
    assert trainer.config.hidden == (3, 3) and trainer.config.dataset == "circles"
    assert trainer.config.lr == 0.1  # the default, in place of "lots"
    assert "lr" in notices(at)[0] and not at.exception


def test_presenter_mode_hides_advanced_controls_and_keeps_the_settings(app):
    app.selectbox(key="optimizer").set_value("adam").run()
    app.toggle(key="presenter").set_value(True).run()
    keys = {w.key for w in app.sidebar.selectbox} | {w.key for w in app.sidebar.select_slider}
    assert "optimizer" not in keys and "speed" in keys
    assert {w.key for w in app.main.selectbox} >= {"lr", "dataset", "activation", "regularization"}
    app.selectbox(key="lr").set_value(0.3).run()  # a headline control still works
    assert trainer(app).config.lr == 0.3 and trainer(app).config.optimizer == "adam"
    figure = charts(app)["boundary"]
    assert figure["layout"]["font"]["size"] > 15
    app.toggle(key="presenter").set_value(False).run()
    assert app.selectbox(key="optimizer").value == "adam" and not app.exception


def test_every_export_is_offered(app):
    downloads = {d.proto.label for d in app.get("download_button")}
    assert downloads == {"Weights (JSON)", "Loss history (CSV)", "Python script (NumPy)",
                         "Figures (interactive HTML)"}


def test_a_saturated_unit_is_named_on_the_page(app):
    assert "Saturated" not in " ".join(texts(app))
    app.selectbox(key="edit_name").set_value("b1[0, 1]").run()
    app.number_input(key="edit_value").set_value(20.0).run()  # tanh(z + 20) = 1 at every point
    app.button(key="edit_apply").click().run()
    text = " ".join(texts(app))
    assert "Saturated tanh units: h1.2 " in text and not app.exception


def test_extreme_settings_are_trained_within_a_frame_budget(app):
    app.select_slider(key="n_points").set_value(2000).run()
    app.slider(key="n_layers").set_value(6).run()
    for i in range(1, 7):
        app.slider(key=f"layer_{i}").set_value(8).run()
    app.select_slider(key="speed").set_value(500).run()
    press(app, "play")
    app.run()  # two frames, 2 × 500 epochs asked for
    done = trainer(app).epoch
    assert 1 <= done < 2 * 500  # that many epochs of this network do not fit in two frames' budget
    assert not app.exception


def test_replay_scrubs_back_and_play_goes_on_from_the_present(app):
    for _ in range(30):
        app.button(key="step").click().run()
    loss_at_10 = float(trainer(app).train_loss[10])
    slider = next(s for s in app.select_slider if s.label == "Rewind to epoch")  # its key changes with the epoch
    assert slider.options[-1] == "epoch 30" and not slider.disabled
    slider.set_value(10).run()
    assert metric(app, "Epoch") == "10" and float(metric(app, "Train loss")) == pytest.approx(loss_at_10, abs=1e-4)
    assert any("Replaying epoch 10 of 30" in text for text in texts(app))
    loss = charts(app)["loss"]
    assert len(loss["data"][0]["y"]) == 31 and loss["layout"]["shapes"][0]["x0"] == 10  # whole curve, marked
    press(app, "play")
    assert trainer(app).epoch > 30 and int(metric(app, "Epoch").replace(",", "")) > 30
    assert not app.exception


def test_a_hidden_tab_pauses_training_and_showing_it_resumes(app):
    press(app, "play")
    epoch = trainer(app).epoch
    app.session_state.tab_hidden = True
    app.run()
    app.run()
    assert trainer(app).epoch == epoch and app.session_state.playing  # paused, not stopped
    app.session_state.tab_hidden = False
    app.run()
    assert trainer(app).epoch > epoch and not app.exception


def test_clicking_the_chosen_option_again_keeps_playing(app):
    press(app, "play")
    press(app, None)  # what a second click on Play sends: nothing chosen
    assert app.session_state.playing and app.segmented_control(key="run").value == "play"
