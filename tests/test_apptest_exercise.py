"""AppTest runs of exercise links and lessons: hidden controls absent, locked
ones disabled and never applied, the goal met and its code shown; the link
maker and its verify form; a lesson's steps opened by their checks, and
resumed from a link."""
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from core.completion import verify_code
from core.exercise import exercise_from_params
from core.lessons import LESSONS
from tests.test_apptest import texts

EXERCISE = {"dataset": "xor-cloud", "hidden": "4", "lr": "0.3", "lr_hide": "true", "features_hide": "true",
            "lock": "activation,hidden", "goal": "train_accuracy>=0.9,neurons<=4"}


def opened(params):
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params.update(params)
    at.run()
    assert not at.exception, at.exception
    return at


def labels(at):
    return {w.label for kind in ("selectbox", "slider", "select_slider", "number_input", "button", "button_group")
            for w in at.get(kind) if getattr(w, "label", None)}


def goal_text(at):
    return " ".join(h.value for h in at.html if "nn-goal" in h.value)


def shown_code(at):
    found = re.search(r"<b data-code>([^<]+)</b>", goal_text(at))
    return found and found.group(1)


def assert_exercise_in_force(at):
    present = labels(at)
    assert "Learning rate" not in present and "Features" not in present, present
    assert not [b for b in at.button if b.key.startswith("preset-")]
    assert at.selectbox(key="activation").disabled and at.slider(key="n_layers").disabled
    assert at.slider(key="layer_1").disabled and not at.selectbox(key="dataset").disabled
    assert not [e for e in at.sidebar.get("expandable") if e.label in ("Edit a weight", "Guided lessons")]
    assert not [e for e in at.get("file_uploader") if e.proto.id.endswith("upload_network")]  # no trained network to load
    assert {"lr_hide", "features_hide", "lock", "goal"} <= set(at.query_params), dict(at.query_params)


def test_hidden_controls_absent_locked_disabled_and_never_applied():
    at = opened(EXERCISE)
    assert_exercise_in_force(at)
    assert "training accuracy at least 90%" in goal_text(at)
    # Fixed settings as a tampered browser would send them, with a change of a free one.
    at.session_state["activation"], at.session_state["layer_1"], at.session_state["lr"] = "relu", 8, 3.0
    at.selectbox(key="dataset").set_value("circles").run()
    config = at.session_state.trainer.config
    assert (config.dataset, config.activation, config.hidden, config.lr) == ("circles", "tanh", (4,), 0.3)
    assert at.selectbox(key="activation").value == "tanh"


def test_the_training_settings_hide_and_lock_too():
    """The schedule, clipping and per-layer widgets obey an exercise as the others do."""
    at = opened({"dataset": "xor-cloud", "hidden": "4,3", "schedule": "step", "schedule_hide": "true",
                 "lock": "activation,clip_norm", "goal": "train_accuracy>=0.9"})
    present = labels(at)
    assert not {"Learning-rate schedule", "Factor γ", "Epochs s"} & present, present
    assert at.select_slider(key="clip_norm").disabled and at.toggle(key="activation_per_layer").disabled
    at.session_state["activation_per_layer"], at.session_state["activation_1"] = True, "relu"
    at.session_state["schedule"], at.session_state["schedule_factor"], at.session_state["clip_norm"] = "cosine", 0.9, 1.0
    at.selectbox(key="dataset").set_value("circles").run()
    config = at.session_state.trainer.config
    assert (config.dataset, config.layer_activations, config.schedule, config.schedule_factor, config.clip_norm) == (
        "circles", (), "step", 0.5, 0.0)


def test_hide_and_lock_survive_reset_and_a_page_change_and_back():
    at = opened(EXERCISE)
    at.button(key="reset").click().run()
    assert_exercise_in_force(at)
    at.switch_page("pages/tutorials.py").run()
    for link in at.sidebar.get("page_link"):  # every page's link carries the exercise
        assert "lr_hide=true" in link.proto.query_string and "goal=" in link.proto.query_string, link.proto
    at.switch_page("app.py").run()
    assert_exercise_in_force(at)


def test_an_exercise_link_runs_no_lesson_whose_setups_would_undo_it():
    at = opened(EXERCISE | {"lesson": "xor", "step": "2"})
    assert not at.get("progress") and "lesson" not in at.query_params
    assert at.session_state.trainer.config.dataset == "xor-cloud" and at.session_state.trainer.config.lr == 0.3


def test_goal_met_shows_a_code_that_verifies():
    at = opened(EXERCISE)
    at.button(key="step").click().run()
    assert shown_code(at) is None
    at.session_state.trainer.step(400)
    at.button(key="step").click().run()
    code = shown_code(at)
    assert code and re.fullmatch(r"\d+-[0-9.e-]+-[A-Z2-7]{10}", code), goal_text(at)
    exercise, _ = exercise_from_params(EXERCISE)
    assert verify_code(exercise, at.session_state.trainer.config, code)[0]
    at.button(key="reset").click().run()
    assert shown_code(at) == code  # once met, the code stays


def test_a_bad_goal_in_the_link_gives_a_notice_and_no_goal():
    at = opened({"dataset": "xor-cloud", "goal": "accuracy>=2"})
    assert any("goal cannot be read" in h.value for h in at.html if "nn-notice" in h.value)
    assert not goal_text(at)


def test_the_link_maker_builds_the_link_and_checks_a_code():
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.run()
    at.switch_page("pages/exercise.py").run()
    assert not at.exception, at.exception
    at.button_group(key="maker_hide").set_value(["lr", "features"]).run()
    at.button_group(key="maker_lock").set_value(["hidden"]).run()
    at.selectbox(key="goal_quantity_1").set_value("train_accuracy").run()
    at.number_input(key="goal_value_1_train_accuracy").set_value(0.9).run()
    at.selectbox(key="goal_features").set_value("raw").run()
    link = at.code[0].value
    assert "lr_hide=true" in link and "features_hide=true" in link and "lock=hidden" in link
    assert "goal=train_accuracy%3E%3D0.9,features%3Draw" in link, link
    # A student's run of that link (the playground's first run: moons, 5-3 tanh).
    student = opened({key: values[-1] for key, values in parse_qs(urlsplit(link).query).items()})
    while not shown_code(student):
        assert student.session_state.trainer.epoch < 5000, goal_text(student)
        student.session_state.trainer.step(500)
        student.button(key="step").click().run()
    code = shown_code(student)
    for given, genuine in ((code, True), (code[:-1] + ("A" if code[-1] != "A" else "B"), False)):
        at.text_input(key="verify_code").input(given)
        next(b for b in at.button if b.label == "Check the code").click().run()
        assert [m.value for m in (at.success if genuine else at.error)], (given, genuine)
        assert not (at.error if genuine else at.success)


@pytest.fixture
def lesson_at():
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.run()
    at.selectbox(key="lesson_choice").set_value("xor").run()
    at.button(key="lesson_start").click().run()
    assert not at.exception, at.exception
    return at


def test_a_lesson_step_opens_the_next_once_its_check_is_met(lesson_at):
    at = lesson_at
    assert at.session_state.trainer.config.hidden == () and at.session_state.trainer.config.dataset == "xor-cloud"
    assert at.button(key="lesson_next").disabled
    assert dict(at.query_params)["lesson"] == "xor" and dict(at.query_params)["step"] == "1"
    at.session_state.trainer.step(250)
    at.button(key="step").click().run()
    assert not at.button(key="lesson_next").disabled
    at.button(key="lesson_next").click().run()
    assert not at.exception, at.exception
    assert dict(at.query_params)["step"] == "2" and at.button(key="lesson_next").disabled
    assert any("Add a hidden layer" in text for text in texts(at))  # the step's text, in the live panel


def test_a_lesson_resumes_from_its_link():
    at = opened({"lesson": "learning-rate", "step": "2"})
    step = LESSONS["learning-rate"].steps[1]
    assert at.session_state.trainer.config == step.setup
    assert any("step 2 of 3" in p.proto.text for p in at.get("progress"))
    shared = opened({"dataset": "moons", "hidden": "4", "lr": "0.3", "lesson": "learning-rate", "step": "2"})
    assert shared.session_state.trainer.config.lr == 0.3  # the link's own setup, at the lesson's step
    bad = opened({"lesson": "xor", "step": "9"})
    assert dict(bad.query_params)["step"] == "1"
