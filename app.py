"""NN Playground: watch a small neural network learn.  Run: streamlit run app.py

This is the playground page; the other pages are in pages/.  Thin by design:
widgets, session state and layout.  The maths is in ``core``, the figures in
``plots``; the settings widgets, the player (Play/Step/Reset and the live view),
the numbers, the CSS and the rest of the playground's pieces are in ``ui``.
"""
import uuid

import streamlit as st

from core import FIRST_RUN, PRESETS, TrainingSession, preset
from core.snapshot import OK
from core.datasets import OWN, points_csv
from core.sharing import config_to_params
from ui.class_room import class_box
from ui.controls import (PRESET_LABELS, VIEW_CAPTIONS, VIEWS, fit_to_widgets, keep_widgets, lecture_bar, sidebar,
                         widget_values)
from ui.exercise import (LESSON, PAGE_CHANGED, exercise, fixed_settings, goal_box, lesson_chooser, lesson_panel,
                         link_params, setup_of_link, start_from_link)
from ui.exports import download_buttons, network_uploader
from ui.fair_share import frame_budget
from ui.inside import INSIDE_VIEWS, KEY as INSIDE, inside_chooser, inside_view
from ui.layout import notice, page_setup, playground_style, training_visible
from ui.own_points import clear_points, click_plane, upload_points
from ui.player import live_view, player_buttons
from ui.playground_panel import playground_panel
from ui.replay import replay_key, replay_slider
from ui.settings import click_network, on_problem, on_setting
from ui.stream import page_can_stream
from ui.surgery import surgery_controls, surgery_lost
from ui.weights import weight_editor

GRID = 50
ss = st.session_state


# ----------------------------------------------------------------- state
def load(config, note=None):
    """A new session for ``config``, as the widgets can show it; returns the notices
    for any setting that had to change to fit them (see ui.controls.fit_to_widgets)."""
    config, notices = fit_to_widgets(config)
    note = ((note or "") + surgery_lost(ss.trainer) or None) if "trainer" in ss else note
    ss.trainer = TrainingSession(config)
    ss.trainer.record_gradient_norms()  # a view may ask for their history at any time
    ss.update(widget_values(config))
    ss.playing, ss.note, ss.problem_text = False, note, None
    return notices


def start():
    """First run of a session: the setup in the link, else core.FIRST_RUN."""
    if "trainer" in ss:
        return
    ss.fair_share_id = uuid.uuid4().hex
    link = {key: st.query_params.get_all(key) for key in st.query_params}  # a key given twice: all its values; a join link's code is no setup
    config, notices = setup_of_link(link)
    notices += start_from_link(st.query_params.to_dict())
    try:
        notices += load(config)
    except ValueError as error:
        notices.append(f"The link's settings do not fit together ({error}); using the defaults.")
        load(FIRST_RUN)
    if notices:
        ss.problem_text = "This link had settings that could not be used as they are. " + " ".join(notices)


def share_in_address_bar():
    """Keep every setting in the URL, so the address bar is a link to this setup."""
    wanted = config_to_params(ss.trainer.config) | link_params()
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def set_playing(playing):
    ss.playing, ss.note, ss.replaying = playing, None, False
    if playing and ss.trainer.status != OK:  # Play after a divergence plays on from the last good network
        ss.trainer.recover()
        ss.note = f"Back to the last good network (epoch {ss.trainer.epoch:,}); playing on."


def step_once():
    ss.playing, ss.note = False, None
    ss.trainer.step(1)


def reset():
    trainer, note = ss.trainer, "Weights re-initialised from the seed."
    if trainer.config.dataset == OWN:  # own points are in no config: start again on them
        note += surgery_lost(trainer)
        trainer.use_data(trainer.data, new=True)
        ss.playing, ss.note = False, note
    else:
        load(trainer.config, note=note)


def recover():
    ss.trainer.recover()
    ss.note = "Back to the last good network. Lower the learning rate before playing again."


def train_a_frame(trainer, speed, budget_id):
    """A bounded slice of training for one frame, smaller when many sessions train at
    once (ui.fair_share); returns whether the network is still fine."""
    trainer.step(speed, time_budget=frame_budget(budget_id))
    return trainer.status == OK


def streamed():
    """Whether the live view's next frames come by the page's stream (ui.stream), not by
    timed runs of its fragment: while playing, unless something else on the page follows
    every frame (an exercise's goal, a lesson's check, a view of the network's inside)."""
    found = exercise()
    return (training_visible(ss.playing) and page_can_stream() and not ss.get(LESSON)
            and (found is None or found.goal is None) and ss.shown.get(INSIDE) not in INSIDE_VIEWS)


def live_frame():
    """One frame of the live view: a slice of training while playing, then the numbers
    and charts, and the page's stream of the next frames when ``streamed()``.
    Returns whether the whole page must run again (the diagram changed the network's
    shape, or playing stopped: the Play switch must show it)."""
    trainer, shown, was_playing = ss.trainer, ss.shown, ss.playing
    if training_visible(ss.playing) and not train_a_frame(trainer, shown["speed"], ss.fair_share_id):
        ss.playing = False
    snap = trainer.snapshot(GRID, epoch=None if ss.playing else shown["replay"])
    live = snap.epoch == trainer.epoch  # not a replay: the checks below may count it
    goal_box(snap, live)
    lesson = lesson_panel(snap, live, load)
    # Only when diverged: the live panel after it is remounted then, and adopts its own charts (ui.live_chart).
    if snap.status != OK:  # in one row, which leaves the charts under it on a 1280x720 screen
        message, action = st.columns([6, 1], vertical_alignment="center")
        message.error(snap.message)
        action.button("Recover", key="recover", on_click=recover, icon=":material/undo:", width="stretch",
                      help=snap.message)  # the whole message: the notice shows its first line (ui/style.css)
    next_frame = None
    if streamed():
        speed, budget_id = shown["speed"], ss.fair_share_id

        def next_frame():  # in the stream's thread: no session state
            return trainer.snapshot(GRID) if train_a_frame(trainer, speed, budget_id) else None
    playground_panel(snap, trainer, shown, ss.get("note"), reshaping="hidden" not in fixed_settings(),
                     on_click_plane=click_plane, on_click_network=click_network, lesson=lesson, next_frame=next_frame)
    inside_view(snap, trainer, shown)
    return ss.pop("shape_changed", False) | ss.pop(PAGE_CHANGED, False) | (was_playing and not ss.playing)


# ---------------------------------------------------------------- layout
page_setup("Playground")
start()
keep_widgets(ss, ss.trainer.config)
playground_style()
with st.sidebar:
    st.markdown("## NN Playground")
    # An exercise's student keeps its setup: no preset to escape it by, no weight to set by hand.
    for col, name in zip(st.columns(2), PRESETS if exercise() is None else ()):
        col.button(PRESET_LABELS[name][0], key=f"preset-{name}", width="stretch", on_click=load,
                   help=PRESET_LABELS[name][1],
                   args=(preset(name),), kwargs={"note": f"Loaded the {name} preset: every setting as in the tutorial."})
    sidebar(on_setting, advanced=not ss.presenter,
            own_points=(upload_points, clear_points, lambda trainer=ss.trainer: points_csv(trainer.data)))
    surgery_controls()
    if exercise() is None:
        lesson_chooser(load)
    if not ss.presenter and exercise() is None:
        with st.expander("Edit a weight", expanded=False):
            weight_editor(ss.trainer)
    with st.expander("View and share", expanded=False):
        st.caption("The address bar holds every setting: copy it to share this exact setup. "
                   "Each chart's camera button (top right, on hover) saves it as a PNG.")
        download_buttons(ss.trainer)
        if exercise() is None:  # a loaded network would meet an exercise's goal for the student
            network_uploader()
        st.toggle("Show test points", key="show_test")
        st.toggle("Discretize output", key="discretize", help="Show only the predicted class, not its probability")
        st.toggle("Log-scale loss", key="log_loss")
    class_box()

share_in_address_bar()
if ss.get("problem_text"):
    notice(ss.problem_text)
# What the live view shows, as this full run's widgets set it: the fragment's
# timed runs read this copy, which does not depend on the page resending the
# state of widgets outside the fragment.
ss.shown = {key: ss.get(key) for key in ("speed", "show_test", "discretize", "log_loss", "view", INSIDE)}
ss.shown["replay"] = ss.get(replay_key(ss.trainer)) if ss.get("replaying") and not ss.playing else None
with st.container(key="live"):
    # The buttons stay outside the fragment: they change only with a full run.
    row = st.columns([2.1, 1, 1.05, 0.3, 3.2, 0.55], vertical_alignment="center")
    player_buttons(row, "", ss.playing, set_playing, step_once, reset, step_help="Train one epoch",
                   reset_help="Start again from fresh weights")
    row[4].segmented_control("Right panel", list(VIEWS), key="view", format_func=VIEWS.get,
                             label_visibility="collapsed")
    row[5].toggle(":material/slideshow:", key="presenter",
                  help="Presenter mode: large type and thick lines, the sidebar folded away, for a projector")
    lecture_bar(on_setting, on_problem)
    live_view(lambda: training_visible(ss.playing) and not streamed(), live_frame)
    replay_slider(ss.trainer, ss.playing)
    inside_chooser()
    st.caption(VIEW_CAPTIONS[ss.view or "network"] + " Decision boundary: circles are training points, "
               "diamonds test points; the background is the network's output."
               + (" Your own points: click the plane to add one of the class chosen in the sidebar."
                  if ss.trainer.config.dataset == OWN else ""))
