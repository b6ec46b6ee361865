"""Make an exercise: a lecturer picks a setup, ticks the controls to hide or
lock, builds a goal, and gets the link to hand out; and checks a completion
code a student hands in.  The rules are core.exercise's; this page only builds
a link's parameters from widgets, so no one edits a URL by hand."""
import math
from urllib.parse import parse_qs, urlencode, urlsplit

import streamlit as st

from core import PRESETS, preset
from core.completion import verify_code
from core.exercise import CONTROLS, Exercise, exercise_from_params
from core.goals import OPERATORS, QUANTITIES, GoalError, asks_for_test_points, parse_goal
from core.sharing import config_to_params
from ui.controls import fit_to_widgets
from ui.exercise import setup_of_link
from ui.layout import page_setup
from ui.lockstep import playground_setup

ss = st.session_state
SOURCES = {"playground": "The playground's current setup", **{name: f"The {name} preset" for name in PRESETS}}
CONDITIONS = 3  # rows of the goal builder
NUMBERS = [name for name in QUANTITIES if name != "features"]
DEFAULT_VALUES = {"test_accuracy": 0.9, "train_accuracy": 0.9, "test_loss": 0.2, "train_loss": 0.1, "loss_gap": 0.1,
                  "loss_bounce": 0.1, "dead_units": 0, "epoch": 1000, "neurons": 8, "layers": 1, "seed": 0}
FEATURE_RULES = {"any": "Any input features", "raw": "Only x₁ and x₂ (no engineered features)"}


def chosen_setup():
    source = st.selectbox("Start from", list(SOURCES), key="maker_source", format_func=SOURCES.get)
    if source != "playground":
        return preset(source)
    return playground_setup()[0]


def describe_setup(config):
    network = "-".join(map(str, config.hidden)) or "no hidden layer"
    return (f"Data set **{config.dataset}** ({config.n_points} points, test share {config.test_fraction:g}), "
            f"features {', '.join(config.features)}, network **{network}** ({config.activation}), "
            f"learning rate {config.lr:g}, seed {config.seed}.")


def condition(row, config):
    """One row of the goal builder: its clause text, or None when left empty.  The
    first asks for an accuracy at first: the test points' if ``config`` holds some."""
    quantity_column, op_column, value_column = st.columns([2.2, 1, 1.2])
    first = "test_accuracy" if config.test_fraction > 0 else "train_accuracy"
    quantity = quantity_column.selectbox(f"Condition {row}", [None, *NUMBERS], key=f"goal_quantity_{row}",
                                         index=1 + NUMBERS.index(first) if row == 1 else 0,
                                         format_func=lambda q: "—" if q is None else QUANTITIES[q].label)
    op = op_column.selectbox("must be", [">=", "<=", ">", "<", "="], key=f"goal_op_{row}", disabled=quantity is None,
                             format_func=lambda o: OPERATORS[o][1])
    if quantity is None:
        return None
    whole = QUANTITIES[quantity].whole
    value = value_column.number_input("value", value=DEFAULT_VALUES[quantity], key=f"goal_value_{row}_{quantity}",
                                      step=1 if whole else 0.01, min_value=0 if whole else 0.0,
                                      max_value=None if math.isinf(QUANTITIES[quantity].bounds[1]) else QUANTITIES[quantity].bounds[1],
                                      format="%d" if whole else "%g")
    return f"{quantity}{op}{value if whole else float(value):g}"


def goal_builder(config):
    """The Goal the widgets build, or None; a warning says what does not fit the setup."""
    st.markdown("#### Goal")
    clauses = [text for row in range(1, CONDITIONS + 1) if (text := condition(row, config))]
    features = st.selectbox("Features the student may use", list(FEATURE_RULES), key="goal_features",
                            format_func=FEATURE_RULES.get)
    if features == "raw":
        clauses.append("features=raw")
    if not clauses:
        return None
    try:
        goal = parse_goal(",".join(clauses))
    except GoalError as error:
        st.warning(f"This goal cannot be used: {error}.")
        return None
    if config.test_fraction == 0 and asks_for_test_points(goal):
        st.warning("The goal asks about test points, but this setup holds none: set a test share on the "
                   "playground first (and lock it).")
    return goal


def base_url():
    url = urlsplit(st.context.url or "http://localhost:8501/")
    return f"{url.scheme}://{url.netloc}/"


def verify_form(link):
    st.markdown("#### Check a completion code")
    with st.form("verify"):
        given_link = st.text_input("The exercise's link (leave empty for the one above)", key="verify_link",
                                   placeholder="http://…/?dataset=…&goal=…")
        code = st.text_input("Completion code", key="verify_code", placeholder="312-0.96-K7XQ2M4PLA")
        checked = st.form_submit_button("Check the code", icon=":material/verified:")
    if checked:
        params = {key: values[-1] for key, values in parse_qs(urlsplit(given_link.strip() or link).query).items()}
        exercise, _ = exercise_from_params(params)
        config = fit_to_widgets(setup_of_link(params)[0])[0]  # as the student's playground ran it
        genuine, said = verify_code(exercise, config, code)
        (st.success if genuine else st.error)(said, icon=":material/check_circle:" if genuine else ":material/cancel:")


page_setup("Make an exercise")
st.markdown("## Make an exercise")
st.caption("Give every student the same setup, with some controls hidden or locked, and a goal. "
           "The playground checks the goal live and, once it is met, shows a completion code "
           "that you can check below: a student cannot make one up.")
setup = chosen_setup()
st.markdown(describe_setup(setup) + " To change it, set it up on the playground and come back.")
hide_column, lock_column = st.columns(2)
hidden = hide_column.pills("Hide these controls (gone from the page)", list(CONTROLS), key="maker_hide",
                           selection_mode="multi", format_func=CONTROLS.get, wrap=True)
locked = lock_column.pills("Lock these controls (shown, but cannot be changed)",
                           [c for c in CONTROLS if c not in hidden], key="maker_lock", selection_mode="multi",
                           format_func=CONTROLS.get, wrap=True)
goal = goal_builder(setup)
made = Exercise(frozenset(hidden), frozenset(locked) - frozenset(hidden), goal)
query = urlencode(config_to_params(setup) | made.to_params(), safe=",")
link = base_url() + ("?" + query if query else "")
st.markdown("#### The link to hand out")
st.caption(f"Goal: {goal.describe()}." if goal else "No goal: the link only hides and locks controls.")
st.code(link, language=None, wrap_lines=True)
st.link_button("Open it as a student would", link, icon=":material/open_in_new:")
verify_form(link)
