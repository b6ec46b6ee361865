"""AppTest journeys that once crashed the playground: leaving it for another
page and coming back, clicking a chosen option again, stale widget values,
and links whose values the widgets cannot show (issues 11 and 12)."""
from dataclasses import replace

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core.datasets import DATASETS
from core import Config
from core.sharing import config_from_params
from tests.test_apptest import metric, notices, press, texts, trainer
from ui.controls import CHOICES, fit_to_widgets, keep_widgets, wanted_config, widget_values

PAGES = ("pages/tutorials.py", "pages/sweep.py", "pages/compare.py", "pages/seeds.py", "pages/maths.py")


def opened(query=""):
    at = AppTest.from_file("../app.py", default_timeout=60)
    if query:
        at.query_params.update(dict(part.split("=", 1) for part in query.split("&")))
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("page", PAGES)
def test_leaving_the_playground_and_coming_back_keeps_the_network_and_every_setting(page):
    at = opened()
    at.toggle(key="presenter").set_value(True).run()
    at.selectbox(key="lr").set_value(0.003).run()
    for _ in range(3):
        at.button(key="step").click().run()
    network, shown = trainer(at), {key: at.session_state[key] for key in widget_values(trainer(at).config)
                                    if key in at.session_state}
    at.switch_page(page).run()
    assert not at.exception, at.exception
    at.switch_page("app.py").run()
    assert not at.exception, at.exception
    assert trainer(at) is network and network.epoch == 3 and metric(at, "Epoch") == "3"
    assert at.session_state.presenter and at.selectbox(key="lr").value == 0.003
    assert {key: at.session_state[key] for key in shown} == shown
    assert at.query_params.get("lr") in ("0.003", ["0.003"])  # the address bar is a link to this setup again


def test_clicking_the_chosen_problem_again_keeps_it_and_the_page():
    at = opened()
    at.selectbox(key="problem").set_value(None).run()
    assert not at.exception and at.selectbox(key="problem").value == "classification"
    assert at.selectbox(key="dataset").value == trainer(at).config.dataset == "moons"


def test_a_deselected_view_keeps_the_view_it_had():
    at = opened()
    at.segmented_control(key="view").set_value("hidden").run()
    at.segmented_control(key="view").set_value(None).run()
    assert not at.exception and at.segmented_control(key="view").value == "hidden"


def test_a_stale_label_in_a_widget_is_never_used_as_a_setting():
    """What a fast switch while playing sent: the browser hands back an option's
    label, and Streamlit passes on a label it cannot find as it is."""
    at = opened()
    press(at, "play")
    at.session_state["dataset"] = DATASETS["moons"].label
    at.selectbox(key="problem").set_value("regression").run()
    assert not at.exception, at.exception
    assert trainer(at).config.dataset in ("plane", "multi-gaussian")
    at.button(key="preset-xor-tutorial").click().run()
    assert not at.exception and trainer(at).config.dataset == "xor"


def test_stale_labels_are_replaced_before_the_widgets_are_drawn_and_never_reach_a_config():
    config = Config(dataset="plane", output="linear-mse")
    state = widget_values(config) | {"dataset": DATASETS["moons"].label, "output": "Linear + mean squared error",
                                     "problem": None, "lr": "0.3"}
    assert wanted_config(state, config)[0] == config
    keep_widgets(state, config)
    assert state == widget_values(config)


# Values the core accepts that the widgets do not offer: each is moved to the
# nearest one they do, with a notice, and the widgets show what runs.
BEYOND_THE_WIDGETS = {
    "hidden=9": ("hidden", (8,)), "hidden=64": ("hidden", (8,)), "dataset=moons&hidden=20,30": ("hidden", (8, 8)),
    "noise=1.5": ("noise", 1.0), "test_fraction=0.51": ("test_fraction", 0.5), "lr=0.5": ("lr", 0.3),
    "n_points=20000": ("n_points", 2000), "batch_size=7": ("batch_size", 5), "reg_rate=0.02": ("reg_rate", 0.03),
}


@pytest.mark.parametrize("query", BEYOND_THE_WIDGETS)
def test_a_link_beyond_the_widgets_is_fitted_to_them_and_says_so(query):
    at = opened(query)
    field, expected = BEYOND_THE_WIDGETS[query]
    config = trainer(at).config
    assert getattr(config, field) == expected
    assert "offers no" in notices(at)[0]
    assert wanted_config(at.session_state, config)[0] == config  # the widgets show exactly what runs
    at.selectbox(key="activation").set_value("relu").run()  # an unrelated change changes nothing else
    assert trainer(at).config == config.__class__(**{**config.__dict__, "activation": "relu"})


def test_a_seed_at_the_cores_limit_is_shown_and_kept():
    at = opened("seed=4294967295")
    assert trainer(at).config.seed == 4294967295 == at.number_input(key="seed").value and not notices(at)


@pytest.mark.parametrize("text", ["1_000", "nan", "inf", " 1", "0x10", "1e400"])
def test_a_number_written_oddly_in_a_link_is_refused_with_a_notice(text):
    config, notices = config_from_params({"lr": text})
    assert config.lr == Config().lr and len(notices) == 1


def test_a_tampered_link_notice_is_whole():
    _, notices = config_from_params({"dataset": "nonsense"})
    assert notices[0].endswith("Using the default.") and "multi-gaussian" in notices[0]


def test_markup_in_a_link_is_shown_as_text():
    at = opened("lr=[Log in](https://evil.example/login)&dataset=![x](http://host/pixel.png)")
    body = next(h.value for h in at.html if "nn-notice" in h.value)
    assert "[Log in](https://evil.example/login)" in notices(at)[0]  # shown as it was sent...
    assert "<a" not in body and "<img" not in body and not at.error  # ...as text, not Markdown


def test_every_preset_and_the_default_fit_the_widgets_unchanged():
    from core import PRESETS
    for config in [Config(), *PRESETS.values()]:
        assert fit_to_widgets(config) == (config, [])


def test_every_choice_table_holds_what_the_widgets_show():
    values = widget_values(Config(lr=0.5, n_points=777, batch_size=3, reg_rate=0.2))
    for key, options in CHOICES.items():
        assert values[key] in options, key


def test_the_first_run_a_newcomer_sees_falls_without_a_spike():
    from core import FIRST_RUN, TrainingSession
    session = TrainingSession(FIRST_RUN)
    session.step(5000)
    assert np.all(np.diff(session.train_loss) < 0) and session.train_loss[-1] < 0.1
    at = opened()
    assert trainer(at).config == FIRST_RUN
    assert "gradients summed" not in " ".join(texts(at))


def test_a_preset_that_sums_gradients_says_so_and_a_switch_that_would_diverge_lowers_the_rate():
    at = opened()
    at.button(key="preset-britz-moons").click().run()
    assert "gradients summed over 200 points" in " ".join(texts(at))
    at.selectbox(key="problem").set_value("regression").run()
    config = trainer(at).config
    assert config.lr < 0.01 and f"lowered to {config.lr:g}" in at.session_state.note
    trainer(at).step(500)
    assert trainer(at).status == "ok"


def test_a_steady_rate_is_the_largest_that_does_not_diverge():
    from core import preset
    from core.diagnostics import steady_rate
    from ui.controls import LEARNING_RATES
    plane = preset("britz-moons", dataset="plane", output=None, regularization="none")
    lr = steady_rate(plane, LEARNING_RATES)
    assert lr is not None and lr < 0.01
    assert steady_rate(replace(plane, lr=lr), LEARNING_RATES) == lr
    assert steady_rate(Config(), LEARNING_RATES) == Config().lr  # a rate that works is kept


def test_regression_and_back_returns_to_the_data_set_left():
    at = opened("dataset=spiral")
    at.selectbox(key="problem").set_value("regression").run()
    assert trainer(at).config.dataset == "plane"
    at.selectbox(key="dataset").set_value("multi-gaussian").run()
    at.selectbox(key="problem").set_value("classification").run()
    assert not at.exception and trainer(at).config.dataset == "spiral" == at.selectbox(key="dataset").value
    at.selectbox(key="problem").set_value("regression").run()
    assert trainer(at).config.dataset == "multi-gaussian"


def test_play_after_a_divergence_plays_on_from_the_last_good_network():
    at = opened("dataset=plane&lr=10")
    at.button(key="step").click().run()
    at.button(key="step").click().run()
    assert trainer(at).status == "diverged"
    at.selectbox(key="lr").set_value(0.01).run()  # lowered without pressing Recover
    at.segmented_control(key="run").set_value("play").run()
    assert not at.exception and trainer(at).status == "ok" and trainer(at).config.lr == 0.01
    assert at.session_state.playing and "last good network" in at.session_state.note


@pytest.mark.parametrize("query", ["hidden=99", "dataset=nope", "lr=abc"])
def test_a_link_changed_to_the_defaults_leaves_an_address_that_opens_them(query):
    at = opened(query)
    shown = trainer(at).config
    address = {k: v[-1] if isinstance(v, list) else v for k, v in at.query_params.items()}
    assert address, "an empty address opens the playground's first run, not these defaults"
    assert config_from_params(address)[0] == shown
