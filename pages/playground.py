"""The playground: pick data and a network, press play, watch it learn.

Thin by design: widgets and session state only; the maths is in ``core`` and
the figures in ``plots``.  Live updates come from one fragment that re-runs
every FRAME_SECONDS while playing, trains a few epochs and redraws its charts
in place (fixed keys); the script itself never loops.
"""
import streamlit as st

from core import ACTIVATIONS, DATASETS, PRESETS, TrainingSession, preset
from plots import boundary_figure, loss_figure, neurons_figure
from ui.live_chart import live_chart

FRAME_SECONDS = 0.05
GRID = 50
LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
SPEEDS = (1, 2, 5, 10, 20, 50, 100, 200, 500)
PRESET_LABELS = {"xor-tutorial": "XOR tutorial (2-2-1 sigmoid)", "britz-moons": "Britz moons (tanh + softmax)"}
ss = st.session_state


# ----------------------------------------------------------------- state
def controls_from_config(config):
    """Widget values that show a Config."""
    return {"dataset": config.dataset, "hidden": config.hidden[0] if config.hidden else 1,
            "lr": config.lr, "activation": config.activation}


def load(config, note=None):
    ss.trainer = TrainingSession(config)
    ss.update(controls_from_config(config))
    ss.playing, ss.note, ss.problem = False, note, None


def start():
    if "trainer" not in ss:
        load(preset("britz-moons"))
        ss.speed = 20


def apply_controls():
    """on_change of every setting: push the widgets' values into the session.
    Live settings keep the network, others rebuild it, and the user is told
    which happened; an impossible combination is refused with a message."""
    trainer = ss.trainer
    wanted = {"dataset": ss.dataset, "hidden": (ss.hidden,), "lr": ss.lr, "activation": ss.activation}
    epoch = trainer.epoch
    ss.problem = None
    try:
        rebuilt = trainer.update(**wanted)
    except ValueError as error:
        ss.problem = f"That setting cannot be used here: {error}. The network is unchanged."
        ss.update(controls_from_config(trainer.config))
        return
    if rebuilt and epoch:
        ss.note = f"New data or network: training restarts from epoch 0 (was at epoch {epoch})."


def toggle_play():
    ss.playing, ss.note = not ss.playing, None


def step_once():
    ss.playing, ss.note = False, None
    ss.trainer.step(1)


def reset():
    load(ss.trainer.config, note="Weights re-initialised from the seed.")


def recover():
    ss.trainer.recover()
    ss.note = "Back to the last good network. Lower the learning rate before playing again."


# ---------------------------------------------------------------- layout
start()
# Compact top padding; and no "stale" fading inside the live view, which is
# redrawn ten times a second and would otherwise pulse.
st.markdown("<style>[data-testid='stMainBlockContainer']{padding-top:1.2rem;padding-bottom:0}"
            ".st-key-live [data-stale='true']{opacity:1 !important;transition:none !important}</style>",
            unsafe_allow_html=True)
with st.sidebar:
    st.markdown("## NN Playground")
    st.caption("Pick data and a network, press Play, and watch it learn.")
    st.subheader("Presets")
    for name in PRESETS:
        st.button(PRESET_LABELS[name], key=f"preset-{name}", width="stretch",
                  on_click=load, args=(preset(name),), kwargs={"note": f"Loaded the {name} preset."})
    st.subheader("Data")
    st.selectbox("Dataset", list(DATASETS), key="dataset", format_func=lambda d: DATASETS[d].label, on_change=apply_controls)
    st.subheader("Network")
    st.slider("Hidden neurons", 1, 8, key="hidden", on_change=apply_controls)
    st.selectbox("Activation", list(ACTIVATIONS), key="activation",
                 format_func=lambda a: ACTIVATIONS[a].label, on_change=apply_controls)
    st.subheader("Training")
    st.select_slider("Learning rate", LEARNING_RATES, key="lr", on_change=apply_controls)
    st.select_slider("Speed (epochs per frame)", SPEEDS, key="speed")

if ss.get("problem"):
    st.error(ss.problem)


ss.ticking = ss.playing  # what the fragment below is defined with


@st.fragment(run_every=FRAME_SECONDS if ss.playing else None)
def live_view():
    """Buttons, numbers and charts: everything that changes while training runs."""
    trainer = ss.trainer
    row = st.columns([1.1, 0.9, 0.9, 1, 1.2, 1.2, 1.2])
    row[0].button("Pause" if ss.playing else "Play", key="play", type="primary", width="stretch",
                  icon=":material/pause:" if ss.playing else ":material/play_arrow:",
                  on_click=toggle_play)
    row[1].button("Step", key="step", width="stretch", help="Train one epoch",
                  icon=":material/skip_next:", on_click=step_once)
    row[2].button("Reset", key="reset", width="stretch", help="Start again from fresh weights",
                  icon=":material/restart_alt:", on_click=reset)
    if ss.playing:
        trainer.step(ss.speed)
        if trainer.status != "ok":
            ss.playing = False
    if ss.playing != ss.ticking:
        st.rerun()  # a full run re-defines this fragment with the tick rate that fits
    snap = trainer.snapshot(GRID)
    row[3].metric("Epoch", f"{snap.epoch:,}")
    row[4].metric("Loss", f"{snap.train_loss[-1]:.4f}")
    row[5].metric("Test loss", "—" if snap.test_loss is None else f"{snap.test_loss[-1]:.4f}")
    row[6].metric("Accuracy", "—" if snap.train_accuracy is None else f"{snap.train_accuracy:.1%}")
    if snap.status != "ok":
        st.error(snap.message)
        st.button("Recover", key="recover", on_click=recover)
    elif ss.get("note"):
        st.caption(ss.note)
    left, right = st.columns([1.05, 1])
    with left:
        live_chart(boundary_figure(snap, height=520), key="boundary", height=520)
    with right:
        live_chart(neurons_figure(snap, height=230), key="neurons", height=230)
        live_chart(loss_figure(snap, height=280), key="loss", height=280)


with st.container(key="live"):
    live_view()
