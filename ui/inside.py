"""Look inside: the views under the live charts that show *why* a network learns
or stalls: how large each layer's gradient is, what its units do, how right it
is (metrics), the loss surface it walks on, the linear regions of a ReLU network.

Each view is an INSIDE_VIEWS entry: a label, one sentence on what it teaches,
and a function that draws it from the live frame's snapshot.  The user picks at
most one (``inside_chooser``); only that one is drawn, so a closed view costs
the server nothing.
"""
from dataclasses import dataclass
from typing import Callable

import streamlit as st

from .controls import add_preference
from .inside_views import draw_activations, draw_gradients, draw_metrics
from .landscape_views import draw_linear_regions, draw_loss_surface

KEY = "inside"


@dataclass(frozen=True)
class InsideView:
    """``draw(snap, trainer, shown)`` draws the view in the live frame: ``snap`` the
    frame's core Snapshot, ``trainer`` the TrainingSession, ``shown`` the live
    view's settings (ui.player); it must draw the same elements on every frame."""
    label: str
    teaches: str
    draw: Callable


INSIDE_VIEWS = {  # name -> InsideView, in the chooser's order
    "gradients": InsideView(
        "Gradients", "How large each layer's weight gradient is, epoch by epoch: in a deep sigmoid network the "
        "first layers' gradients are orders of magnitude smaller than the last's, so they learn slowest "
        "(vanishing gradients).", draw_gradients),
    "activations": InsideView(
        "Activations", "What each hidden layer's units output on the training points: a saturated unit, stuck "
        "at an end of its range, passes almost no gradient back, and a dead ReLU, zero on every point, "
        "never learns again.", draw_activations),
    "metrics": InsideView(
        "Metrics", "How right the network is beyond the loss: which classes it confuses with which, on the "
        "training and on the test points; for regression R² (the share of the targets' spread it explains) "
        "and RMSE (its typical error, in the targets' units).", draw_metrics),
    # The shape of the loss and of the function (ui/landscape_views.py).
    "surface": InsideView("Loss surface", "Training walks downhill on this surface: a good learning rate rolls "
                          "down a valley's floor, one too large bounces from wall to wall across it (a zig-zag path).",
                          draw_loss_surface),
    "regions": InsideView("Linear regions", "A ReLU network is one linear function on each coloured patch: k units "
                          "in one layer cut the plane along k lines into at most 1 + k + k(k−1)/2 patches, and "
                          "every layer added can fold them into many more.", draw_linear_regions),
}

add_preference(KEY, None, (*INSIDE_VIEWS, None))


def inside_chooser():
    """The row of views to open (none chosen: none drawn).  A widget of the whole
    page, as every setting is, not of the live frame: drawn in the frame, it lost
    its choice now and then over a Play and a Pause."""
    st.segmented_control("Look inside", list(INSIDE_VIEWS), key=KEY, format_func=lambda n: INSIDE_VIEWS[n].label,
                         help="Open a view of what happens inside the network while it trains; it opens "
                              "under the charts")


def inside_view(snap, trainer, shown):
    """The chosen view (``shown[KEY]``, the choice as this page's run saw it) with its
    sentence; drawn in the live frame, so that it follows training live."""
    view = INSIDE_VIEWS.get(shown.get(KEY))
    if view is None:
        return  # no element at all: every element a live frame draws costs the server (issue 16)
    with st.container(key="inside-view"):
        view.draw(snap, trainer, shown)
        st.caption(view.teaches)
