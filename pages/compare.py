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
st.markdown("## Compare two settings in lockstep")
base, data = playground_setup()
st.caption("Both networks start from the playground's data, seed and settings; change what differs "
           "below. They train epoch for epoch, so the loss curves compare like with like.")


def settings(side, default_activation):
    """One row of widgets for one side; returns its Config."""
    prefix = f"cmp_{side}_"
    ss.setdefault(prefix + "activation", default_activation)
    ss.setdefault(prefix + "neurons", min(base.hidden[0] if base.hidden else 3, MAX_DRAWN_NEURONS))
    ss.setdefault(prefix + "lr", min(LEARNING_RATES, key=lambda r: abs(r - base.lr)))
    ss.setdefault(prefix + "optimizer", base.optimizer)
    name, activation, optimizer, neurons, lr = st.columns([0.3, 1, 1, 1, 1.4], vertical_alignment="bottom")
    name.markdown(f"### {side}")
    activation.selectbox(f"{side}: activation", list(ACTIVATIONS), key=prefix + "activation",
                         format_func=lambda n: ACTIVATIONS[n].label)
    optimizer.selectbox(f"{side}: optimizer", list(OPTIMIZERS), key=prefix + "optimizer",
                        format_func=lambda n: OPTIMIZERS[n].label)
    neurons.slider(f"{side}: neurons per hidden layer", 1, MAX_DRAWN_NEURONS, key=prefix + "neurons")
    lr.select_slider(f"{side}: learning rate", LEARNING_RATES, key=prefix + "lr")
    hidden = tuple(ss[prefix + "neurons"] for _ in (base.hidden or (1,)))
    return replace(base, activation=ss[prefix + "activation"], hidden=hidden, lr=ss[prefix + "lr"],
                   optimizer=ss[prefix + "optimizer"])


configs = [settings("A", base.activation), settings("B", "relu" if base.activation != "relu" else "tanh")]


def label(side, snap):
    c = snap.config
    return (f"{side}: {ACTIVATIONS[c.activation].label}, {'-'.join(map(str, c.hidden)) or 'no'} hidden, "
            f"lr {c.lr:g} · {score(snap)}")


def draw(group):
    a, b = group.snapshots(50)
    st.markdown(f"**Epoch {group.epoch:,}**")
    columns = st.columns(2)
    for column, side, snap in zip(columns, "AB", (a, b)):
        with column:
            chart(boundary_figure(snap, height=340, title=label(side, snap)), key=f"cmp_{side}", height=340)
    chart(losses_figure({"A": a, "B": b}, log_y=True, height=250), key="cmp_loss", height=250)


lockstep_player("compare", configs, data, draw)
