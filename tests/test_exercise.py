"""Exercise links (core.exercise): the goal grammar, hidden and locked controls
in the link, and completion codes that verify, while forged ones are refused."""
import math

import pytest

from core import Config, TrainingSession
from core.completion import completion_code, server_secret, verify_code
from core.exercise import CONTROLS, Exercise, exercise_from_params
from core.goals import GoalError, parse_goal
from core.sharing import config_from_params, config_to_params

SECRET = b"test secret"


def test_a_goal_is_read_described_and_written_back():
    goal = parse_goal("test_accuracy>=0.95, neurons<=12,features=raw")
    assert goal.text == "test_accuracy>=0.95,neurons<=12,features=raw"
    assert parse_goal(goal.text) == goal
    assert goal.describe() == ("test accuracy at least 95%; hidden neurons in all at most 12; "
                               "only the raw inputs x1 and x2")
    assert parse_goal("features=x1^2+x1+x2").text == "features=x1+x2+x1^2"


@pytest.mark.parametrize("text, says", [
    ("", "empty"), ("accuracy>=0.9", "unknown quantity 'accuracy'"),
    ("test_accuracy=>0.9", "expected a number, got .>0.9"),
    ("neurons<=1.5", "whole number"), ("test_loss<=nan", "expected a number"), ("test_loss<=1_0", "number"),
    ("features>=raw", "'=' only"), ("features=x3", "unknown feature 'x3'"), ("epoch>=1,," , "not a condition"),
    (",".join(["epoch>=1"] * 9), "at most 8"), ("epoch>=" + "1" * 300, "longer than"),
])
def test_a_bad_goal_says_what_is_wrong(text, says):
    with pytest.raises(GoalError, match=says):
        parse_goal(text)


def test_a_bad_goal_in_a_link_gives_a_notice_not_a_crash():
    exercise, notices = exercise_from_params({"goal": "accuracy>=2", "lr_hide": "yes", "speed_hide": "true",
                                              "lock": "lr,colour"})
    assert exercise == Exercise(locked=frozenset({"lr"}))
    assert len(notices) == 4 and "goal cannot be read" in notices[-1]
    assert exercise_from_params({"dataset": "xor"}) == (None, [])


def test_hide_lock_and_goal_travel_in_the_link_with_the_setup():
    exercise = Exercise(frozenset({"lr", "features"}), frozenset({"hidden"}), parse_goal("train_loss<0.1"))
    params = config_to_params(Config(dataset="xor")) | exercise.to_params()
    assert params["lr_hide"] == "true" and params["lock"] == "hidden" and params["goal"] == "train_loss<0.1"
    assert exercise_from_params(params) == (exercise, [])
    assert config_from_params(params) == (Config(dataset="xor"), [])
    assert exercise.fixed == {"lr", "features", "hidden"} and set(exercise.fixed) <= set(CONTROLS)


def test_a_control_fixes_every_setting_it_sets():
    """Locking the activation fixes each layer's own too, and a schedule its settings:
    else a student could undo the lock through the per-layer boxes or the schedule's sliders."""
    exercise, notices = exercise_from_params({"lock": "activation,clip_norm", "schedule_hide": "true"})
    assert notices == []
    assert exercise.fixed == {"activation", "layer_activations", "clip_norm",
                              "schedule", "lr_decay", "schedule_factor", "schedule_epochs"}


def _trained(config, epochs):
    session = TrainingSession(config)
    session.step(epochs)
    return session.snapshot(10)


def test_goal_evaluated_on_a_snapshot_clause_by_clause():
    snap = _trained(Config(dataset="moons", test_fraction=0.3, hidden=(3, 2), lr=0.3), 300)
    goal = parse_goal("test_accuracy>=0.5,neurons<=5,layers=2,features=raw,epoch>=300,train_loss<100,dead_units=0")
    assert [holds for _, _, holds in goal.evaluate(snap)] == [True] * 7 and goal.met(snap)
    assert not parse_goal("neurons<=4").met(snap)
    values = {c.quantity: v for c, v, _ in goal.evaluate(snap)}
    assert values["neurons"] == 5 and values["test_accuracy"] == snap.test_accuracy
    without_test = _trained(Config(dataset="moons"), 1)
    assert parse_goal("test_accuracy>=0").evaluate(without_test)[0][1:] == (None, False)


def test_loss_bounce_and_loss_gap():
    bouncing = _trained(Config(dataset="moons", lr=10.0), 50)
    assert parse_goal("loss_bounce>=0.1").met(bouncing)
    assert not parse_goal("loss_bounce>=0.1").met(_trained(Config(dataset="moons", lr=0.01), 50))
    diverged = _trained(Config(dataset="plane", lr=1000.0), 20)
    assert diverged.status == "diverged"
    assert parse_goal("loss_bounce>=100").evaluate(diverged)[0][1] == math.inf


def _met_exercise():
    exercise = Exercise(frozenset({"features"}), frozenset({"lr"}), parse_goal("train_accuracy>=0.8,neurons<=8"))
    snap = _trained(Config(dataset="moons", hidden=(4,), lr=0.3), 200)
    assert exercise.goal.met(snap)
    return exercise, snap


def test_a_code_verifies_for_its_exercise():
    exercise, snap = _met_exercise()
    code = completion_code(exercise, snap, SECRET)
    epoch, value, mac = code.split("-")
    assert epoch == "200" and value == f"{snap.train_accuracy:.3g}" and len(mac) == 10 and mac.isalnum()
    genuine, said = verify_code(exercise, snap.config, code, SECRET)
    assert genuine and said.startswith("Genuine: the goal was met at epoch 200")
    assert verify_code(exercise, snap.config, f" {code.lower()} ", SECRET)[0]  # as a person types it


def test_forged_or_foreign_codes_are_refused():
    exercise, snap = _met_exercise()
    code = completion_code(exercise, snap, SECRET)
    epoch, value, mac = code.split("-")
    forged = [f"{int(epoch) - 1}-{value}-{mac}", f"{epoch}-1-{mac}", f"{epoch}-{value}-{mac[:-1]}A",
              f"{epoch}-{mac}", "hello", ""]
    for attempt in forged:
        assert not verify_code(exercise, snap.config, attempt, SECRET)[0], attempt
    assert not verify_code(exercise, snap.config, code, b"another server")[0]
    other_goal = Exercise(exercise.hidden, exercise.locked, parse_goal("train_accuracy>=0.5,neurons<=8"))
    assert not verify_code(other_goal, snap.config, code, SECRET)[0]
    unlocked = Exercise(exercise.hidden, frozenset(), exercise.goal)
    assert not verify_code(unlocked, snap.config, code, SECRET)[0]
    # A fixed setting, or the data set, other than the exercise's: not this exercise's code.
    for change in ({"lr": 0.1}, {"dataset": "circles"}):
        assert not verify_code(exercise, Config(**{**snap.config.__dict__, **change}), code, SECRET)[0], change
    # An unfixed setting is the student's to change.
    assert verify_code(exercise, Config(**{**snap.config.__dict__, "seed": 7}), code, SECRET)[0]
    assert verify_code(Exercise(), snap.config, code, SECRET) == (
        False, "This link has no goal, so no code can be checked against it.")


def test_the_secret_comes_from_the_environment_or_a_file_made_once(tmp_path, monkeypatch):
    monkeypatch.setenv("EXERCISE_SECRET", "from the environment")
    assert server_secret() == b"from the environment"
    monkeypatch.delenv("EXERCISE_SECRET")
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    first = server_secret()
    assert len(first) == 64 and server_secret() == first
    assert (tmp_path / "data" / "exercise-secret").stat().st_mode & 0o077 == 0
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "other"))
    assert server_secret() != first


@pytest.mark.parametrize("text", ["train_accuracy>=2", "test_accuracy>1", "train_loss<=-1", "test_loss<0",
                                  "train_accuracy<0", "test_accuracy=1.5"])
def test_a_goal_that_could_never_be_met_is_refused(text):
    with pytest.raises(GoalError, match="can never be met"):
        parse_goal(text)


@pytest.mark.parametrize("text", ["train_accuracy>=1", "test_accuracy<=2", "train_loss<=0", "loss_gap<-1",
                                  "train_accuracy>0"])
def test_a_goal_at_the_edge_of_what_can_be_met_is_kept(text):
    assert parse_goal(text).text == text
