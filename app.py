"""NN Playground: watch a small neural network learn.  Run: streamlit run app.py

This is the playground page; the other pages are in pages/.

Thin by design: widgets and session state only; the maths is in ``core``, the
figures in ``plots``, the settings in ``ui.controls``.  Live updates come from
one fragment that re-runs every FRAME_SECONDS while playing, trains a few
epochs and redraws its charts in place; the script itself never loops.
"""
import html
import uuid
from dataclasses import replace

import numpy as np
import streamlit as st

from core import DATASETS, DEFAULT_OUTPUT, FIRST_RUN, OPTIMIZERS, PRESETS, TrainingSession, preset
from core.datasets import (OWN, DataError, as_own, own_points, points_csv, read_points_csv, with_point,
                           without_point_near)
from core.diagnostics import diagnose, steady_rate
from core.export import loss_csv, weights_json
from core.script import numpy_script
from core.sharing import config_from_params, config_to_params
from plots import (boundary_figure, hidden_space_figure, loss_figure, network_figure,
                   neurons_figure)
from plots.export import figures_html
from plots.network import shape_button_at
from ui.controls import (LEARNING_RATES, VIEWS, fit_to_widgets, keep_widgets, lecture_bar, play_switch, reshaped, sidebar, usable,
                         user_changes_only, wanted_config, widget_values)
from ui.fair_share import frame_budget, paced
from ui.layout import chart, notice, page_setup, training_visible

FRAME_SECONDS = 0.05
GRID = 50
PRESET_LABELS = {"xor-tutorial": ("XOR tutorial", "2-2-1 sigmoid network, MSE, seed 42, as in the tutorial"),
                 "britz-moons": ("Britz moons", "Denny Britz's tanh + softmax network on two moons")}
EXPLAIN = {
    "network": "Network: every neuron drawn as its output over the input plane; links blue for positive "
               "weights, orange for negative, thicker for larger. Hover a link for its weight.",
    "hidden": "The training points placed by the last hidden layer's outputs. The output layer "
              "draws a straight line here: if the classes sit on either side, the hidden layer "
              "has made them linearly separable.",
    "neurons": "Each neuron of the first hidden layer, larger: its output over the input plane.",
}
ss = st.session_state


# ----------------------------------------------------------------- state
def load(config, note=None):
    """A new session for ``config``, as the widgets can show it; returns the notices
    for any setting that had to change to fit them (see ui.controls.fit_to_widgets)."""
    config, notices = fit_to_widgets(config)
    ss.trainer = TrainingSession(config)
    ss.update(widget_values(config))
    ss.playing, ss.note, ss.problem_text = False, note, None
    return notices


def start():
    """First run of a session: the setup in the link, else core.FIRST_RUN."""
    if "trainer" in ss:
        return
    ss.fair_share_id = uuid.uuid4().hex
    link = st.query_params.to_dict()
    config, notices = config_from_params(link) if link else (FIRST_RUN, [])
    try:
        notices += load(config)
    except ValueError as error:
        notices.append(f"The link's settings do not fit together ({error}); using the defaults.")
        load(FIRST_RUN)
    if notices:
        ss.problem_text = "This link had settings that could not be used as they are. " + " ".join(notices)


def share_in_address_bar():
    """Keep every setting in the URL, so the address bar is a link to this setup."""
    wanted = config_to_params(ss.trainer.config)
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def apply_controls():
    """on_change of every setting: live settings keep the network, others
    rebuild it, and the user is told which happened."""
    trainer = ss.trainer
    ss.problem_text = None
    before = trainer.config
    try:
        config, ss.note = wanted_config(ss, trainer.config)
        epoch = trainer.epoch
        # Own points start as the points on screen, ready to edit.
        rebuilt = config.dataset == OWN != trainer.config.dataset and trainer.use_data(as_own(trainer.data))
        rebuilt |= trainer.update(**{f: getattr(config, f) for f in config.__dataclass_fields__})
    except ValueError as error:
        ss.problem_text = f"That setting cannot be used here: {error}. The network is unchanged."
        ss.update(widget_values(trainer.config))
        return
    if rebuilt and epoch:
        ss.note = (ss.note or "") + f" New data or network: training restarts from epoch 0 (was {epoch:,})."
    if config.dataset not in (before.dataset, OWN):
        keep_a_steady_rate(trainer)
    ss.update(widget_values(trainer.config))


def keep_a_steady_rate(trainer):
    """After a switch of data set or problem type: a learning rate that would make
    the new data diverge is lowered to one that does not, and the page says so."""
    lr = steady_rate(trainer.config, LEARNING_RATES)
    if lr is not None and lr != trainer.config.lr:
        ss.note = (ss.note or "") + (f" Learning rate {trainer.config.lr:g} diverges on this data: "
                                     f"lowered to {lr:g}.")
        trainer.update(lr=lr)


def change_problem():
    if not usable("problem", ss.problem):  # the chosen option clicked again: it stays chosen
        ss.problem = DATASETS[ss.trainer.config.dataset].task
        return
    ss.dataset = next(d for d in DATASETS if DATASETS[d].task == ss.problem)
    apply_controls()


def settings_shown():
    return widget_values(ss.trainer.config)


# What the settings widgets run on a change (not on a timed frame's echo of an older page).
on_setting = user_changes_only(apply_controls, settings_shown)
on_problem = user_changes_only(change_problem, settings_shown)


def click_plane():
    """A click on the boundary chart: add a point of the chosen class, or remove the nearest."""
    click, trainer = ss.boundary.click, ss.trainer
    if trainer.config.dataset != OWN or not click:
        return
    point = (float(click["x"]), float(click["y"]))
    try:
        if ss.brush is None:
            raise DataError("choose a class to add, or Remove, first")
        if ss.brush == "remove":
            (x0, x1), _ = trainer.bounds
            new = without_point_near(trainer.data, point, radius=0.03 * (x1 - x0))
        else:
            new = with_point(trainer.data, point, int(ss.brush))
        if trainer.use_data(new):
            st.toast("The number of classes changed: training restarts.", icon=":material/info:")
    except ValueError as error:  # DataError included
        st.toast(f"Not changed: {error}.", icon=":material/block:")


def click_network():
    """A click on the network diagram: its − and + buttons change the network's shape."""
    click, trainer = ss.network.click, ss.trainer
    sizes = [len(trainer.config.features), *trainer.config.hidden, trainer.n_outputs]
    change = click and shape_button_at(sizes, float(click["x"]), float(click["y"]))
    if change and reshaped(ss, change):
        apply_controls()
        ss.shape_changed = True  # the live view runs the whole page again, for the sidebar and the link


def upload_points():
    """The CSV file just chosen becomes the training data."""
    file, trainer = ss.upload, ss.trainer
    if file is None:
        return
    ss.problem_text = None
    try:
        data, names = read_points_csv(file.getvalue().decode("utf-8-sig"))
        if data.n_classes > 2 and not trainer.output.one_output_per_class:
            trainer.update(output=DEFAULT_OUTPUT["classification"])
        trainer.use_data(data, new=True)
    except UnicodeDecodeError:
        ss.problem_text = f"{file.name} is not a text (UTF-8) CSV file. Nothing was changed."
    except ValueError as error:
        ss.problem_text = f"{file.name} cannot be used: {error}. Nothing was changed."
    else:
        classes = ", ".join(f"{name} → class {k}" for k, name in enumerate(names))
        one_line = " ".join(file.name.split())  # the note is one line of HTML: a blank line would end it
        ss.note = f"Loaded {len(data.X_train):,} points from {one_line} ({classes}); training starts from epoch 0."
        ss.update(widget_values(trainer.config))


def clear_points():
    """Clear the plane (a sidebar button): an empty plane, and a network from its seed that trains
    once points of two classes are clicked onto it (core: TrainingSession.waiting)."""
    ss.trainer.use_data(own_points([], []), new=True)
    ss.note, ss.problem_text = "The plane is cleared.", None


def settings_line(trainer, speed=None):
    """The training settings in force, in one line (what a lecturer reads out)."""
    config = trainer.config
    batch = "full batch" if config.batch_size == 0 else f"batch {config.batch_size}"
    # Summed gradients (both tutorials) make a step as large as the data is big: say so.
    summed = f" · gradients summed over {len(trainer.X):,} points" if config.reduction == "sum" else ""
    penalty = "" if config.regularization == "none" else f" · {config.regularization.upper()} {config.reg_rate:g}"
    return (f"learning rate {config.lr:g} · {OPTIMIZERS[config.optimizer].label.lower()} · {batch}{summed}"
            f"{penalty}" + ("" if speed is None else f" · {speed} epochs per frame"))


def parameter_names(trainer):
    """'W1[0, 2]', 'b1[0, 1]', ... for every weight and bias."""
    return [f"{name}[{', '.join(map(str, index))}]" for name, values in trainer.params().items()
            for index in np.ndindex(values.shape)]


def _parse(label):
    name, index = label.split("[")
    return name, tuple(int(i) for i in index.rstrip("]").split(","))


def current_value(trainer, label):
    name, index = _parse(label)
    return float(trainer.params()[name][index])


def edit_parameter():
    name, index = _parse(ss.edit_name)
    try:
        ss.trainer.set_parameter(name, index, ss.edit_value)
        ss.note = f"{ss.edit_name} set to {ss.edit_value:g}; training continues from here."
    except ValueError as error:
        ss.problem_text = f"Cannot set that weight: {error}"


def figures_page(trainer):
    """The live view's figures, at a finer grid, as one interactive HTML page."""
    snap = trainer.snapshot(100)
    figures = [boundary_figure(snap, height=560), network_figure(snap, height=420),
               hidden_space_figure(snap, height=480), loss_figure(snap, height=360)]
    return figures_html(figures, f"NN Playground at epoch {snap.epoch:,}: {settings_line(trainer)}")


def stats_html(snap, trainer):
    """Epoch, losses and accuracies, and the settings line, as one block of HTML."""
    def percent(value):
        return "—" if value is None else f"{value:.1%}"

    def loss(values):  # none yet (no points), or not a number (diverged): the notices say why
        return f"{values[-1]:.4f}" if values is not None and np.isfinite(values[-1]) else "—"
    cells = [("epoch", "Epoch", f"{snap.epoch:,}"), ("train-loss", "Train loss", loss(snap.train_loss)),
             ("test-loss", "Test loss", loss(snap.test_loss)),
             ("train-acc", "Train acc.", percent(snap.train_accuracy)),
             ("test-acc", "Test acc.", percent(snap.test_accuracy))]
    numbers = "".join(f"<div><small>{label}</small><b data-stat='{key}'>{value}</b></div>"
                      for key, label, value in cells)
    replay = (f"Replaying epoch {snap.epoch:,} of {trainer.epoch:,}: Play goes on from epoch {trainer.epoch:,}"
              if snap.epoch < trainer.epoch else None)
    line = " · ".join(filter(None, [replay or settings_line(trainer, ss.shown["speed"]),
                                    ss.get("note")]))
    warnings = "".join(f"<div class='nn-warning'>⚠ {html.escape(text)}</div>" for text in diagnose(snap))
    return f"<div class='nn-stats'>{numbers}<div class='nn-note'>{html.escape(line)}</div></div>{warnings}"


def set_playing(playing):
    ss.playing, ss.note, ss.replaying = playing, None, False


def step_once():
    ss.playing, ss.note = False, None
    ss.trainer.step(1)


def reset():
    trainer, note = ss.trainer, "Weights re-initialised from the seed."
    if trainer.config.dataset == OWN:  # own points are in no config: start again on them
        trainer.use_data(trainer.data, new=True)
        ss.playing, ss.note = False, note
    else:
        load(trainer.config, note=note)


def recover():
    ss.trainer.recover()
    ss.note = "Back to the last good network. Lower the learning rate before playing again."


def replay_key(trainer):
    """The Rewind slider's key: new whenever training has moved on, so a slider
    drawn at an older epoch can never hand back its stale value as a choice."""
    return f"replay_{id(trainer)}_{trainer.epoch}"


def replay_slider():
    """Scrub back through the recorded epochs while paused (core.replay keeps them)."""
    trainer = ss.trainer
    if ss.playing:  # drawn outside the live view, it could only show a stale epoch
        st.caption("Pause to rewind through the epochs trained so far.")
        return
    epochs = trainer.recording.epochs()
    if epochs[-1] != trainer.epoch:
        epochs.append(trainer.epoch)
    st.select_slider("Rewind to epoch", epochs, value=trainer.epoch, key=replay_key(trainer),
                     disabled=len(epochs) < 2, format_func=lambda e: f"epoch {e:,}",
                     on_change=lambda: ss.update(replaying=True),
                     help="Drag back through training. Every view shows the network as it was then; "
                          "memory per session is bounded, so long runs keep every n-th epoch.")


# ---------------------------------------------------------------- layout
page_setup("Playground")
start()
keep_widgets(ss, ss.trainer.config)
# No "stale" fading inside the live view, which is redrawn many times a second
# and would otherwise pulse.  (Every page's padding and presenter type: ui.layout.)
st.markdown("<style>.st-key-live [data-stale='true']{opacity:1 !important;transition:none !important}"
            ".st-key-live [data-testid='stVerticalBlock']{gap:.6rem}"
            ".st-key-live .stMarkdown:has(.nn-stats){margin-bottom:0}"
            ".nn-stats{display:flex;flex-wrap:wrap;align-items:flex-end;column-gap:2.4rem}"
            ".nn-stats .nn-note{flex:1 1 16rem;padding-bottom:.3rem}"
            ".nn-stats small{display:block;font-size:.85rem;opacity:.75}"
            ".nn-stats b{font-size:1.6rem;font-weight:400;font-variant-numeric:tabular-nums;line-height:1.2}"
            ".nn-note{font-size:.85rem;opacity:.75}"
            ".nn-warning{font-size:.9rem;color:#B45309}</style>", unsafe_allow_html=True)
with st.sidebar:
    st.markdown("## NN Playground")
    cols = st.columns(2)
    for col, name in zip(cols, PRESETS):
        col.button(PRESET_LABELS[name][0], key=f"preset-{name}", width="stretch", on_click=load,
                   help=PRESET_LABELS[name][1],
                   args=(preset(name),), kwargs={"note": f"Loaded the {name} preset: every setting as in the tutorial."})
    sidebar(on_setting, advanced=not ss.presenter,
            own_points=(upload_points, clear_points, lambda trainer=ss.trainer: points_csv(trainer.data)))
    if not ss.presenter:
        with st.expander("Edit a weight", expanded=False):
            names = parameter_names(ss.trainer)
            # Labels must not change with training: Streamlit derives a widget's identity from them.
            st.selectbox("Weight or bias", names, key="edit_name")
            if ss.get("edit_name") in names:
                st.caption(f"Now {current_value(ss.trainer, ss.edit_name):+.4f}")
            st.number_input("New value", -20.0, 20.0, step=0.1, key="edit_value", format="%.3f")
            st.button("Set it", key="edit_apply", on_click=edit_parameter, icon=":material/edit:",
                      help="Training continues from the edited network")
    with st.expander("View and share", expanded=False):
        st.caption("The address bar holds every setting: copy it to share this exact setup. "
                   "Each chart's camera button (top right, on hover) saves it as a PNG.")
        trainer = ss.trainer  # the files are made when clicked, from the network as it is then
        for label, make, name, kind in (
                ("Weights (JSON)", lambda: weights_json(trainer), "weights.json", "application/json"),
                ("Loss history (CSV)", lambda: loss_csv(trainer), "loss.csv", "text/csv"),
                ("Python script (NumPy)", lambda: numpy_script(trainer), "reproduce_run.py", "text/x-python"),
                ("Figures (interactive HTML)", lambda: figures_page(trainer), "figures.html", "text/html")):
            st.download_button(label, make, name, kind, key=f"download_{name.split('.')[0]}", width="stretch",
                               icon=":material/download:", on_click="ignore")
        st.toggle("Show test points", key="show_test")
        st.toggle("Discretize output", key="discretize", help="Show only the predicted class, not its probability")
        st.toggle("Log-scale loss", key="log_loss")

share_in_address_bar()
if ss.get("problem_text"):
    notice(ss.problem_text)
ss.ticking = training_visible(ss.playing)  # what the fragment below is defined with
# What the live view shows, as this full run's widgets set it: the fragment's
# timed runs read this copy, which does not depend on the page resending the
# state of widgets outside the fragment.
ss.shown = {key: ss.get(key) for key in ("speed", "show_test", "discretize", "log_loss", "view")}
ss.shown["replay"] = ss.get(replay_key(ss.trainer)) if ss.get("replaying") and not ss.playing else None


@st.fragment(run_every=FRAME_SECONDS if ss.ticking else None)
def live_view():
    """Numbers and charts: everything that changes while training runs.  A
    frame that costs more than this session's share of the server is held back
    a little (ui.fair_share.paced): drawing a large network is not training,
    and no training budget bounds it."""
    with paced():
        live_frame()


def live_frame():
    trainer, shown = ss.trainer, ss.shown
    if training_visible(ss.playing):
        # A bounded slice of training per frame, smaller when many sessions
        # train at once (ui.fair_share): the page stays responsive, and no one
        # user can starve the others, whatever the speed and network.
        trainer.step(shown["speed"], time_budget=frame_budget(ss.fair_share_id))
        if trainer.status != "ok":
            ss.playing = False
    snap = trainer.snapshot(GRID, epoch=None if ss.playing else shown["replay"])
    # Always drawn, empty while training is fine: the charts below keep their
    # places in the page whether or not a divergence is shown, so the browser
    # never re-mounts them into each other's slots.
    with st.container(key="divergence"):
        if snap.status != "ok":
            st.error(snap.message)
            st.button("Recover", key="recover", on_click=recover, icon=":material/undo:")
    left, right = st.columns([1, 1.08])
    with left:
        chart(boundary_figure(snap, show_test=shown["show_test"], discretize=shown["discretize"], height=300),
              key="boundary", height=300, fill=1, square=True,
              on_click=click_plane if trainer.config.dataset == OWN else None)
    with right:
        # One element for all the numbers: every element a frame redraws costs the browser time.
        st.markdown(stats_html(snap, trainer), unsafe_allow_html=True)
        if shown["view"] == "network":
            chart(network_figure(snap, height=200), key="network", height=200, fill=0.55,
                  on_click=None if shown["replay"] is not None else click_network)
        elif shown["view"] == "hidden":
            chart(hidden_space_figure(snap, discretize=shown["discretize"], height=200), key="hidden", height=200,
                  fill=0.55)
        else:
            chart(neurons_figure(snap, height=200), key="neurons", height=200, fill=0.55)
        # A replay shows the whole curve, marked where it stands.
        replaying = snap.epoch < trainer.epoch
        whole = replace(snap, train_loss=trainer.train_loss, test_loss=trainer.test_loss) if replaying else snap
        chart(loss_figure(whole, log_y=shown["log_loss"], height=160, mark_epoch=snap.epoch if replaying else None),
              key="loss", height=160, fill=1)
    if training_visible(ss.playing) != ss.ticking or ss.pop("shape_changed", False):
        # A full run re-defines this fragment with the tick rate that fits.  Only
        # now, after the whole frame is drawn: elements a fragment run leaves
        # undrawn are removed, and their charts would mount again, blank.
        st.rerun()


with st.container(key="live"):
    # The buttons stay outside the fragment: they change only with a full run.
    row = st.columns([2.1, 1, 1.05, 0.3, 3.2, 0.55], vertical_alignment="center")
    play_switch(row[0], "run", ss.playing, set_playing)
    row[1].button("Step", key="step", width="stretch", help="Train one epoch",
                  icon=":material/skip_next:", on_click=step_once)
    row[2].button("Reset", key="reset", width="stretch", help="Start again from fresh weights",
                  icon=":material/restart_alt:", on_click=reset)
    row[4].segmented_control("Right panel", list(VIEWS), key="view", format_func=VIEWS.get,
                             label_visibility="collapsed")
    row[5].toggle(":material/slideshow:", key="presenter",
                  help="Presenter mode: large type and thick lines, the sidebar folded away, for a projector")
    lecture_bar(on_setting, on_problem)
    live_view()
    replay_slider()
    st.caption(EXPLAIN[ss.view or "network"] + " Decision boundary: circles are training points, "
               "diamonds test points; the background is the network's output."
               + (" Your own points: click the plane to add one of the class chosen in the sidebar."
                  if ss.trainer.config.dataset == OWN else ""))
