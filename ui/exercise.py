"""The playground's exercises and lessons: what a link asks for beyond the setup
(hidden and locked controls, a goal, a lesson and its step), kept in the
session and written back into every link; the goal box and the lesson panel,
both drawn in the live frame so that their checks follow training live.

The rules and the checks are the core's (core.exercise, core.lessons); the
settings widgets leave out or disable what the exercise hides or locks
(ui.controls), and a change of a fixed setting is never applied.
"""
import difflib
import html
from dataclasses import fields

import streamlit as st

from core import FIRST_RUN, Config
from core.completion import completion_code
from core.exercise import exercise_from_params
from core.goals import QUANTITIES, asks_for_test_points, shown
from core.lessons import LESSONS, lesson_step
from core.sharing import config_from_params, last_value

from .controls import fit_to_widgets

EXERCISE, LESSON, PASSED, MET = "exercise", "lesson", "lesson_passed", "goal_met"
# Set by a lesson button in the live frame: the whole page must run again (a new setup).
PAGE_CHANGED = "lesson_changed"
_SETUP_FIELDS = {f.name for f in fields(Config)}
# What else a link may carry: an exercise's lock and goal (its <control>_hide keys
# too), a lesson and its step, a class's join code; Streamlit's embedding options.
_OTHER_KEYS = {"lock", "goal", LESSON, "step", "join", "embed", "embed_options"}


def exercise():
    """The session's core.exercise.Exercise, or None."""
    return st.session_state.get(EXERCISE)


def fixed_settings():
    """The Config fields the student cannot change (hidden or locked by the exercise)."""
    found = exercise()
    return found.fixed if found is not None else frozenset()


def _lesson_from_params(params):
    """((lesson name, step) or None, notices) from a link's ``lesson`` and ``step``."""
    if "lesson" not in params:
        return None, []
    name, text = str(params["lesson"]), str(params.get("step", "1"))
    try:
        if not text.isdigit():
            raise ValueError(f"step {text[:20]!r} is not a step number")
        lesson_step(name, int(text))
        return (name, int(text)), []
    except ValueError as error:
        if name in LESSONS:
            return (name, 1), [f"This lesson link's step cannot be used ({error}): starting at step 1."]
        return None, [f"This lesson link cannot be used: {error}."]


def setup_of_link(params):
    """(Config, notices) a link opens: its setup, else (no setting in it) its lesson
    step's setup, else the playground's first run.  ``params``: a value, or a list of
    a key's values (a key given twice), per key.  A key that is no setting and
    nothing else a link carries gets a notice too: a mistyped setting is not
    silently the default."""
    notices = [_unknown(key) for key in params
               if key not in _SETUP_FIELDS | _OTHER_KEYS and not key.endswith("_hide")]
    setup = {key: value for key, value in params.items() if key in _SETUP_FIELDS}
    if setup:
        config, more = config_from_params(setup)
        return config, notices + more
    lesson, _ = _lesson_from_params({key: last_value(v) for key, v in params.items()})
    return (lesson_step(*lesson)[1].setup if lesson else FIRST_RUN), notices


def _unknown(key):
    key = str(key)[:40]
    near = difflib.get_close_matches(key, sorted(_SETUP_FIELDS), n=1, cutoff=0.8)
    near = near or [name for name in sorted(_SETUP_FIELDS) if name.startswith(key)][:1]
    return f"Ignored {key!r}: the playground has no such setting" + (f" (did you mean {near[0]}?)." if near else ".")


def link_setup():
    """The setup this page's link carries, as the playground will open it (fitted to
    its widgets), or None when the link carries none (or one that does not fit
    together, which the playground will say).  For a page opened by a link before
    the session has a playground."""
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    if not (_SETUP_FIELDS & params.keys() or LESSON in params):
        return None
    try:
        return fit_to_widgets(setup_of_link(params)[0])[0]
    except ValueError:
        return None


def start_from_link(params):
    """On a session's first run: its exercise and lesson from the link; returns notices."""
    ss = st.session_state
    ss[EXERCISE], notices = exercise_from_params(params)
    goal = ss[EXERCISE] and ss[EXERCISE].goal
    if goal and asks_for_test_points(goal) and setup_of_link(params)[0].test_fraction == 0:
        notices.append("This exercise's goal asks about test points, but its setup holds none: it cannot be met. "
                       "Ask for a link with a test share.")
    # A lesson's steps load setups of their own: an exercise keeps its own, so it runs no lesson.
    ss[LESSON], more = _lesson_from_params(params) if ss[EXERCISE] is None else (None, [])
    return notices + more


def link_params():
    """The exercise's and the lesson's parameters, for every link the page writes.
    A page's first run, before its session has read them, passes the link's own on."""
    ss = st.session_state
    if EXERCISE not in ss:
        return {key: value for key, value in st.query_params.to_dict().items()
                if key in ("lock", "goal", "lesson", "step") or key.endswith("_hide")}
    params = ss[EXERCISE].to_params() if ss[EXERCISE] is not None else {}
    if ss.get(LESSON):
        params |= {"lesson": ss[LESSON][0], "step": str(ss[LESSON][1])}
    return params


# ------------------------------------------------------------------ goal box
def _clause_lines(results):
    return "".join(f"<li class='{'met' if holds else 'open'}'>{'✓' if holds else '○'} "
                   f"{html.escape(clause.describe())}: now <b>{html.escape(_shown_value(clause, value))}</b></li>"
                   for clause, value, holds in results)


def _shown_value(clause, value):
    return shown(QUANTITIES[clause.quantity], value)


def goal_box(snap, live):
    """The exercise's goal, each condition checked on ``snap`` (when ``live``: not a
    replay of an earlier epoch), and once it is met the completion code, kept."""
    ss, found = st.session_state, exercise()
    if found is None or found.goal is None:
        return  # no element at all: every element a live frame draws costs the server (issue 16)
    with st.container(key="goal"):
        results = found.goal.evaluate(snap)
        if live and MET not in ss and all(holds for *_, holds in results):
            ss[MET] = (snap.epoch, completion_code(found, snap))
        met = ss.get(MET)
        code = (f"<p class='code'>Goal met at epoch {met[0]:,}. Your completion code: "
                f"<b data-code>{html.escape(met[1])}</b> (hand it in as it is)</p>") if met else ""
        st.html(f"<div class='nn-goal'><b>Exercise goal:</b> {html.escape(found.goal.describe())}."
                f"<ul>{_clause_lines(results)}</ul>{code}</div>")


# -------------------------------------------------------------- lesson panel
def start_lesson(name, load):
    """Open lesson ``name`` at its first step, its setup loaded by ``load(config)``."""
    st.session_state[LESSON] = (name, 1)
    load(lesson_step(name, 1)[1].setup)


def _go(step, load, new_setup=True):
    ss = st.session_state
    name = ss[LESSON][0]
    ss[LESSON] = (name, step)
    if new_setup:
        load(lesson_step(name, step)[1].setup)
    ss[PAGE_CHANGED] = True


def _end():
    st.session_state[LESSON] = None
    st.session_state[PAGE_CHANGED] = True


def lesson_panel(snap, live, load):
    """The lesson's step: progress, Back and Next (Next once the check has been met)
    and its setup (one click, through ``load(config)``) in one row; returns the
    step's text and its check on ``snap`` (when ``live``) as HTML, for the live
    panel to show beside the charts (over the boundary: on a 1280×720 projector a
    block as wide as the page pushed the loss off the screen), or None without a
    lesson.  In the live frame: a click here asks for a run of the whole page
    (``PAGE_CHANGED``), as a new setup changes the settings."""
    ss = st.session_state
    if not ss.get(LESSON):
        return None  # no element at all, as goal_box
    with st.container(key="lesson"):
        name, number = ss[LESSON]
        lesson, step = lesson_step(name, number)
        passed = ss.setdefault(PASSED, set())
        if live and step.goal.met(snap):
            passed.add((name, number))
        done = (name, number) in passed
        count = len(lesson.steps)
        # One line over the charts: where the lesson stands and its buttons.
        progress, back, after, setup, end = st.columns([3.2, 0.8, 0.8, 1.25, 0.95], vertical_alignment="bottom")
        complete = " · **lesson complete!**" if number == count and done else ""  # (the Next button's column is narrow)
        progress.progress(number / count, text=f"**{lesson.title}**: step {number} of {count}{complete}")
        back.button("Back", key="lesson_back", width="stretch", disabled=number == 1, on_click=_go,
                    args=(number - 1, load))
        if number < count:
            after.button("Next", key="lesson_next", width="stretch", type="primary", disabled=not done,
                         on_click=_go, args=(number + 1, load), help="Opens once the check below is met")
        setup.button("Set up this step", key="lesson_setup", width="stretch", on_click=_go, args=(number, load),
                     help="Load this step's data set and network again")
        end.button("End lesson", key="lesson_end", width="stretch", on_click=_end)
    return (f"<div class='nn-goal nn-lesson'>{_markdown_bold(step.text)}<ul><li><b>{'Done' if done else 'To do'}:"
            f"</b> </li>{_clause_lines(step.goal.evaluate(snap))}</ul></div>")


def _markdown_bold(text):
    """A step's text (Markdown with **bold** only) as escaped HTML."""
    parts = html.escape(text).split("**")
    return "".join(f"<b>{part}</b>" if i % 2 else part for i, part in enumerate(parts))


def lesson_chooser(load):
    """In the sidebar: pick a lesson and start it."""
    with st.expander("Guided lessons", expanded=False):
        name = st.selectbox("Choose a lesson", list(LESSONS), key="lesson_choice",
                            format_func=lambda n: LESSONS[n].title)
        st.button("Start the lesson", key="lesson_start", width="stretch", icon=":material/school:",
                  on_click=start_lesson, args=(name, load))
