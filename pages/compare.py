"""Two settings, same data and seed, trained step for step."""
from dataclasses import replace

import streamlit as st

from core import ACTIVATIONS, OPTIMIZERS
from core.limits import MAX_DRAWN_NEURONS
from plots import boundary_figure
from plots.experiments import score
from plots.figures import losses_figure
from ui.controls import LEARNING_RATES
from ui.layout import chart, page_setup
from ui.lockstep import lockstep_player, playground_setup

ss = st.session_state

page_setup("Compare two")
# The heading and what the page does in one row, so that at 1280×720 the boundaries have the height.
heading, intro = st.columns([0.42, 0.58], vertical_alignment="center")
heading.markdown("## Compare two settings")
intro.caption("Both start from the playground's data, seed and settings, and train epoch for epoch; "
              "the background is each network's output, as in the playground.")
base, data = playground_setup()


def network_shapes(playground):
    """The hidden-layer sizes a side can take: the playground's own first, then as many
    layers (at least one) of 1 to MAX_DRAWN_NEURONS neurons each."""
    layers = max(len(playground), 1)
    return [playground] + [(n,) * layers for n in range(1, MAX_DRAWN_NEURONS + 1) if (n,) * layers != playground]


def shape_name(hidden):
    return "-".join(map(str, hidden)) + " hidden" if hidden else "no hidden layer"


def settings(side, default_activation):
    """One row of widgets for one side; returns its Config."""
    prefix = f"cmp_{side}_"
    ss.setdefault(prefix + "activation", default_activation)
    shapes = network_shapes(base.hidden)
    if ss.get(prefix + "hidden") not in shapes:  # first visit, or the playground's network changed
        ss[prefix + "hidden"] = shapes[0]
    ss.setdefault(prefix + "lr", min(LEARNING_RATES, key=lambda r: abs(r - base.lr)))
    ss.setdefault(prefix + "optimizer", base.optimizer)
    name, activation, optimizer, neurons, lr = st.columns([0.3, 1, 1, 1, 1.4], vertical_alignment="bottom")
    name.markdown(f"### {side}")
    activation.selectbox(f"{side}: activation", list(ACTIVATIONS), key=prefix + "activation",
                         format_func=lambda n: ACTIVATIONS[n].label)
    optimizer.selectbox(f"{side}: optimizer", list(OPTIMIZERS), key=prefix + "optimizer",
                        format_func=lambda n: OPTIMIZERS[n].label)
    neurons.selectbox(f"{side}: hidden layers", shapes, key=prefix + "hidden",
                      format_func=lambda h: ("-".join(map(str, h)) or "none") + (" (playground)" if h == base.hidden else ""))
    lr.select_slider(f"{side}: learning rate", LEARNING_RATES, key=prefix + "lr")
    return replace(base, activation=ss[prefix + "activation"], hidden=ss[prefix + "hidden"], lr=ss[prefix + "lr"],
                   optimizer=ss[prefix + "optimizer"])


with st.container(gap="xsmall"):  # the two sides' rows close together: the planes below need the height
    configs = [settings("A", base.activation), settings("B", "relu" if base.activation != "relu" else "tanh")]


def label(side, snap):
    c = snap.config
    return (f"{side}: {ACTIVATIONS[c.activation].label}, {shape_name(c.hidden)}, "
            f"lr {c.lr:g} · {score(snap)}")


def draw(group):
    a, b = group.snapshots(50)
    # Side by side, the loss too, so that a projector's 1280×720 shows all three without scrolling;
    # the boundaries without colour bars, and the epoch over the loss alone, to give the planes room.
    columns = st.columns([1, 1, 0.55])
    for column, side, snap in zip(columns, "AB", (a, b)):
        with column:
            chart(boundary_figure(snap, height=250, title=label(side, snap), scale=False), key=f"cmp_{side}",
                  height=250, fill=1, square=True)
    with columns[2]:
        st.markdown(f"**Epoch {group.epoch:,}**")
        chart(losses_figure({"A": a, "B": b}, log_y=True, height=220), key="cmp_loss", height=220, fill=1)


lockstep_player("compare", configs, data, draw)
