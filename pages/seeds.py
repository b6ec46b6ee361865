"""How often does a setup work?  Train it from many seeds and look at every result.

The seeds train in stacks, several as one computation (core.experiments.SeedSweep),
a slice per frame of a timed fragment,
within this session's fair share of the server (ui.fair_share): a sweep of any
size leaves everyone's frames live, Stop ends it, and it trains only while its
tab is open and in view (a fragment runs only for a connected session showing
this page).  Finished runs are shown as they come, by a full run of the page at
most every RESULTS_SECONDS, or less often when drawing them costs more than
this session's share of the server: redrawing fifty boundaries every frame
would cost more than the training.
"""
import time
import uuid

import streamlit as st

from core import PRESET_EPOCHS
from core.experiments import SeedSweep, solved_share
from plots.experiments import boundary_grid, final_loss_strip, seed_panels
from ui.exercise import link_setup
from ui.fair_share import active_sessions, frame_budget
from ui.layout import chart, page_setup, training_visible
from ui.lockstep import playground_setup, setup_identity
from ui.player import live_view

RESULTS_SECONDS = 2.0

page_setup("Seeds")
ss = st.session_state
st.markdown("## How often does it work? One setup, many seeds")
trainer = ss.get("trainer")
linked = trainer is None and link_setup() is not None
st.caption("Same data and settings as the playground"
           + (", " if trainer is not None else " (as in this link), " if linked else
              " (no playground yet: the XOR tutorial), ")
           + "only the seed of the initial weights changes.")
left, middle, right = st.columns(3)
left.select_slider("Seeds", (10, 20, 30, 50), value=20, key="seed_count")
middle.select_slider("Epochs per run", (500, 1000, 2000, 5000, 10_000),
                     value=2000 if trainer or linked else PRESET_EPOCHS["xor-tutorial"], key="seed_epochs")
solved_at = right.select_slider("Counts as solved at training accuracy", (0.8, 0.9, 0.95, 0.99, 1.0),
                                value=0.95, format_func=lambda a: f"{a:.0%}", key="seed_solved_at")


def wanted_sweep():
    """(identity, setup) of the sweep the page's settings ask for, as they are now."""
    config, data = playground_setup(default="xor-tutorial")
    count, epochs = ss.seed_count, ss.seed_epochs
    return (setup_identity((config,), data), count, epochs), (config, range(count), epochs, data)


def start():
    """Go on with this setup's unfinished sweep, or start a new one.  (A click
    can arrive with new settings: its callback reads them, not the last run's.)"""
    identity, setup = wanted_sweep()
    job = ss.get("seed_job")
    if job is None or job["identity"] != identity or job["sweep"].finished:
        ss.seed_job = {"identity": identity, "sweep": SeedSweep(*setup), "fair_share_id": uuid.uuid4().hex,
                       "drawn": 0, "drawn_at": 0.0, "draw_cost": 0.0}
    ss.seed_job["running"] = True


def stop():
    ss.seed_job["running"] = False


if ss.get("seed_job") and ss.seed_job["identity"] != wanted_sweep()[0]:
    ss.seed_job = None  # the settings changed: that sweep answers another question

job = ss.get("seed_job")
running = job is not None and job["running"]
buttons = st.columns([1.2, 0.8, 4], vertical_alignment="bottom")
buttons[0].button("Train every seed", type="primary", key="seed_run", icon=":material/play_arrow:",
                  on_click=start, disabled=running, width="stretch")
buttons[1].button("Stop", key="seed_stop", icon=":material/stop:", on_click=stop, disabled=not running,
                  width="stretch", help="Stop training; the runs finished so far stay")


def progress_text(sweep, running):
    state = "" if sweep.finished or running else " · stopped: *Train every seed* goes on"
    return f"{len(sweep.runs)} of {len(sweep.seeds)} seeds trained · {sweep.progress:.0%}{state}"


def sweeping():
    job = ss.get("seed_job")
    return training_visible(job is not None and job["running"])


def train_and_show_progress():
    """One frame of the live view (ui.player.live_view); returns whether the page
    must run again to show finished runs."""
    job = ss.get("seed_job")
    if job is None:
        return False
    sweep = job["sweep"]
    if training_visible(job["running"]):
        sweep.step(frame_budget(job["fair_share_id"]))
        job["running"] = not sweep.finished
    st.progress(sweep.progress, text=progress_text(sweep, job["running"]))
    every = max(RESULTS_SECONDS, active_sessions() * job["draw_cost"])  # its share, as in paced
    due = sweep.finished or time.monotonic() - job["drawn_at"] >= every
    return len(sweep.runs) > job["drawn"] and due


if job is not None:  # this full run shows every run finished up to now (the fragment's frame included)
    job["drawn"], job["drawn_at"] = len(job["sweep"].runs), time.monotonic()
live_view(sweeping, train_and_show_progress)
job = ss.get("seed_job")
if job is not None and job["sweep"].runs:
    runs, started = job["sweep"].runs, time.thread_time()
    share = solved_share(runs, solved_at)
    a, b = st.columns(2)
    a.metric("Solved", f"{round(share * len(runs))} of {len(runs)} seeds ({share:.0%})")
    b.metric("Median final loss", f"{sorted(r.final_loss for r in runs)[len(runs) // 2]:.4g}")
    for key, figure in (("seed_losses", final_loss_strip(runs)),
                        ("seed_grid", boundary_grid(seed_panels(runs, solved_at), "Boundaries, one run per seed"))):
        chart(figure, key=key, height=figure["layout"]["height"])
    job["draw_cost"] = time.thread_time() - started  # CPU seconds
elif job is None:
    st.info("Choose how many seeds, then press *Train every seed*.")
