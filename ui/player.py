"""One player for every live page: Play/Pause, Step and Reset, and the live
view, a fragment that draws one frame every FRAME_SECONDS while training runs.
The script itself never loops.  A frame that costs more than its session's
share of the server is held back a little (``ui.fair_share.paced``): drawing
is not training, and no training budget bounds it."""
import streamlit as st

from .controls import rerun_the_page, widget_values_may_be_echoes
from .fair_share import FRAME_SECONDS, paced

RUN_LABELS = {"play": ":material/play_arrow: Play", "pause": ":material/pause: Pause"}


def play_switch(column, key, playing, on_play):
    """Play/Pause in ``column``, as a two-way switch rather than a button: the
    browser resends a switch's value with every request, timed frames included,
    so a click cannot be lost in their traffic (a button's one-off trigger
    sometimes was).  ``on_play(True or False)`` runs when the user changes it."""
    state = st.session_state

    def changed():
        # A click on the option already chosen keeps it, and an echo of an older page changes nothing.
        if state[key] is None or widget_values_may_be_echoes():
            state[key] = "play" if playing else "pause"
        else:
            on_play(state[key] == "play")
    state[key] = "play" if playing else "pause"
    column.segmented_control("Run", list(RUN_LABELS), key=key, format_func=RUN_LABELS.get, on_change=changed,
                             label_visibility="collapsed", width="stretch")


def player_buttons(row, prefix, playing, on_play, on_step, on_reset, step_help, reset_help):
    """Play/Pause, Step and Reset in the first three columns of ``row``, keyed
    ``{prefix}run``, ``{prefix}step`` and ``{prefix}reset``."""
    play_switch(row[0], f"{prefix}run", playing, on_play)
    row[1].button("Step", key=f"{prefix}step", width="stretch", help=step_help, icon=":material/skip_next:",
                  on_click=on_step)
    row[2].button("Reset", key=f"{prefix}reset", width="stretch", help=reset_help,
                  icon=":material/restart_alt:", on_click=on_reset)


def live_view(moving, frame):
    """Draw ``frame()`` now, and again every FRAME_SECONDS while ``moving()``.
    ``frame`` trains (if it should) and draws; it returns whether the whole page
    must run again.  So does a change of ``moving()``: a full run re-defines the
    fragment with the tick rate that fits.  Only after the whole frame is
    drawn: elements a fragment run leaves undrawn are removed, and their
    charts would mount again, blank."""
    ticking = moving()

    @st.fragment(run_every=FRAME_SECONDS if ticking else None)
    def live():
        with paced():
            again = frame()
        if again or moving() != ticking:
            rerun_the_page()

    live()
