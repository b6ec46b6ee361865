"""Pages that train several networks side by side (``core.experiments.Lockstep``),
with the playground's player (``ui.player``)."""
import hashlib
import uuid

import streamlit as st

from core import FIRST_RUN, preset
from core.datasets import OWN
from core.experiments import Lockstep

from .exercise import link_setup
from .fair_share import frame_budget
from .layout import training_visible
from .player import live_view, player_buttons

SPEEDS = (1, 5, 10, 20, 50, 100, 200)


def playground_setup(default=None):
    """(Config, own points or None): what the playground holds; else (no
    playground yet) the setup in the page's link; else (none in it, or own points
    the playground cannot train on yet) the preset ``default``, else what the
    playground opens on."""
    trainer = st.session_state.get("trainer")
    linked = link_setup() if trainer is None else None
    if linked is not None:
        return linked, None
    if trainer is None or trainer.waiting:
        return (preset(default) if default else FIRST_RUN), None
    return trainer.config, trainer.data if trainer.config.dataset == OWN else None


def setup_identity(configs, data):
    """A comparable value that changes when the configs or the points do."""
    points = b"" if data is None else data.X_train.tobytes() + data.y_train.tobytes()
    return configs, hashlib.sha256(points).hexdigest()


def lockstep_player(name, configs, data, draw):
    """Buttons, a speed slider and a live view for ``Lockstep(configs, data)``,
    kept in session state under ``name`` and rebuilt when the configs change.
    Each frame trains the chosen epochs (within its fair share of time) while playing and
    calls ``draw(group)``; a hidden browser tab pauses it.  Pause or Step can leave
    a network up to one epoch behind the others; frames go on until it has caught up."""
    ss = st.session_state
    state = ss.setdefault(name, {"playing": False, "fair_share_id": uuid.uuid4().hex})
    identity = setup_identity(tuple(configs), data)
    if state.get("identity") != identity:
        state.update(identity=identity, group=Lockstep(configs, data), playing=False)

    def set_playing(playing):
        state["playing"] = playing
        if not playing:
            state["group"].hold()

    def step():
        state["playing"] = False
        state["group"].step(1, time_budget=frame_budget(state["fair_share_id"]))

    def reset():
        state.update(group=Lockstep(configs, data), playing=False)

    row = st.columns([2, 1, 1, 0.4, 3.6], vertical_alignment="bottom")
    player_buttons(row, f"{name}_", state["playing"], set_playing, step, reset,
                   step_help="Train every network one epoch",
                   reset_help="Start every network again from its initial weights")
    speed = row[4].select_slider("Epochs per frame", SPEEDS, value=20, key=f"{name}_speed")

    def moving():
        return training_visible(state["playing"] or not state["group"].settled)

    def frame():
        group = state["group"]
        if moving():
            group.step(speed if state["playing"] else 0, time_budget=frame_budget(state["fair_share_id"]))
            state["playing"] = state["playing"] and bool(group.live)  # stops once every network diverged
        draw(group)
        return False

    with st.container(key=f"{name}_live"):
        live_view(moving, frame)
