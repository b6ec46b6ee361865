"""Two views under the live charts (ui.inside): the loss surface around the path
training took, and the linear regions of a ReLU network.

Both are drawn in the live frame.  The loss surface is 1,600 losses (about
0.1 s for the playground's networks), so it is made once per state of the
network while paused (scrubbing Rewind reuses it) and at most every
SURFACE_EVERY frames while playing; in between, the path is continued on the
same plane (core.surface.followed), which costs almost nothing.
"""
from dataclasses import replace

import streamlit as st

from core.datasets import OWN
from core.regions import PIECEWISE_LINEAR, linear_regions, region_sweep
from core.snapshot import OK
from core.surface import followed, loss_surface
from plots.landscape import linear_regions_figure, loss_surface_figure, region_sweep_figure
from plots.style import empty_figure

from .live_chart import chart

HEIGHT = 380
SURFACE_EVERY = 20   # frames while playing between two loss surfaces
REGION_GRID = 120    # grid points a side; finer grids find few more regions, at several times the cost
SWEEP_DEPTHS, SWEEP_WIDTHS, SWEEP_EPOCHS = (1, 2, 3, 4), tuple(range(2, 9)), 300
SURFACE, REGIONS, SWEEPS = "landscape_surface", "landscape_regions", "landscape_sweeps"  # session-state keys


def network_state(trainer):
    """What a figure of the present network depends on: which network (a rebuild makes a
    new recording), its epoch, and its last loss, which an edit at the same epoch changes
    (a weight by hand, a unit switched off).  As text, so that a NaN loss equals itself."""
    return id(trainer), id(trainer.recording), trainer.epoch, repr(float(trainer.train_loss[-1]))


def kept_or_made(key, state, make, wait_frames=0):
    """``make()``, kept in the session under ``key`` for ``state``; while ``wait_frames``
    > 0 a value made for the same network (``state[:2]``) at another epoch is shown
    for that many frames before it is made again."""
    kept = st.session_state.get(key)
    if kept is None or kept["state"][:2] != state[:2] or (kept["state"] != state and kept["age"] >= wait_frames):
        kept = {"state": state, "value": make(), "age": 0}
    else:
        kept["age"] += 1
    st.session_state[key] = kept
    return kept["value"]


def draw_loss_surface(snap, trainer, shown):
    """The loss over the path's plane through the present parameters, the marker at the
    snapshot's epoch.  The plane stays fixed at the present while Rewind scrubs back,
    so that only the marker moves along the path."""
    if trainer.status != OK:
        chart(empty_figure(HEIGHT, "Not a number: a diverged network has no loss surface to draw"), key="surface",
              height=HEIGHT)
        return
    playing = st.session_state.get("playing") and shown["replay"] is None
    surface = kept_or_made(SURFACE, network_state(trainer), lambda: loss_surface(trainer),
                           SURFACE_EVERY if playing else 0)
    left, right = st.columns([1.3, 1])
    with left:
        chart(loss_surface_figure(followed(surface, trainer), epoch=snap.epoch, height=HEIGHT), key="surface",
              height=HEIGHT)
    with right:  # one element: each one a frame redraws costs the browser time
        st.markdown(f"**{surface.explained:.0%} of the path** lies in this plane: the plane through the "
                    f"parameters at epoch {surface.epoch:,} along the two directions the path moved most "
                    "(principal components of the epochs Rewind keeps).\n\n"
                    ":small[Darker is lower loss (log scale). The white line is the path from epoch 0, the star "
                    "the epoch shown. Paused, the plane stays put: dragging Rewind moves only the star along the "
                    f"path. Playing, the grid is made again every {SURFACE_EVERY} frames and the path followed "
                    "in between.]")


def draw_linear_regions(snap, trainer, shown):
    """The plane coloured by linear region at the snapshot's epoch, and on request how the
    count grows with depth and width; a note instead for activations that are not piecewise linear."""
    curved = sorted({a.name for a in trainer.activations} - PIECEWISE_LINEAR)
    if curved:
        st.info(f"Linear regions exist only for piecewise-linear activations (ReLU, leaky ReLU, linear): "
                f"{', '.join(curved)} bends everywhere. Choose ReLU to see them.", icon=":material/info:")
        return
    left, right = st.columns([1, 1.3])
    with left:
        state = network_state(trainer) + (snap.epoch,)
        regions = kept_or_made(REGIONS, state, lambda: linear_regions(trainer, REGION_GRID, snap.epoch))
        chart(linear_regions_figure(regions, snap, height=HEIGHT), key="regions", height=HEIGHT)
    with right:
        if st.toggle("Count regions for depth × width", key="region_sweep",
                     help=f"ReLU networks of {SWEEP_DEPTHS[0]} to {SWEEP_DEPTHS[-1]} hidden layers of "
                          f"{SWEEP_WIDTHS[0]} to {SWEEP_WIDTHS[-1]} units on this data, at initialisation and "
                          f"after {SWEEP_EPOCHS} epochs (a second or two, once per setup)"):
            chart(region_sweep_figure(_sweeps(trainer), SWEEP_DEPTHS, SWEEP_WIDTHS, SWEEP_EPOCHS, height=HEIGHT - 60),
                  key="region_counts", height=HEIGHT - 60)
            st.caption("At initialisation every bias is 0, so every first-layer hinge passes through the origin. "
                       "Training spreads the lines apart; each layer added folds the plane again, into more "
                       "regions than lines alone can make.")


def _sweeps(trainer):
    """{label: counts (depths, widths)} at initialisation and after SWEEP_EPOCHS, for this
    setup (its data and settings, whatever its own depth and width), kept per setup."""
    config = trainer.config
    data = trainer.data if config.dataset == OWN else None
    setup = replace(config, hidden=(), activation="relu", layer_activations=()), id(data)
    sweeps = st.session_state.setdefault(SWEEPS, {})
    if setup not in sweeps:
        sweeps.clear()  # one setup at a time: the session's memory stays small
        sweeps[setup] = {label: region_sweep(config, SWEEP_DEPTHS, SWEEP_WIDTHS, epochs, REGION_GRID, data)
                         for label, epochs in (("at initialisation", 0), (f"after {SWEEP_EPOCHS} epochs",
                                                                          SWEEP_EPOCHS))}
    return sweeps[setup]
