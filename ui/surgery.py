"""Neuron surgery from the network diagram: a click on a hidden neuron switches
it off or freezes it (the tool chosen in the sidebar), a click on a neuron
under surgery restores it, and "Undo surgery" restores them all.  The core
does the surgery (core/surgery.py); this module maps clicks and buttons to it.

A tool rather than a cycle (on → off → frozen → on): each click then does the
one thing the sidebar names, and a second click undoes it.  A cycle would pass
through "off" on the way to "frozen", and while training plays the rest of the
network would train around a dead unit for a frame or more before the freeze.
"""
import streamlit as st

from plots.names import hidden_name

from .controls import add_preference

KEY = "surgery_tool"
# Tool -> (its label, what it does to a hidden unit of a TrainingSession).
SURGERY_TOOLS = {"off": ("Switch off", lambda trainer, layer, unit: trainer.switch_off(layer, unit)),
                 "freeze": ("Freeze", lambda trainer, layer, unit: trainer.freeze(layer, unit))}
add_preference(KEY, "off", tuple(SURGERY_TOOLS))


def under_surgery(trainer):
    """The (layer, unit) pairs switched off or frozen in ``trainer`` (a TrainingSession)."""
    return {*trainer.surgery.switched_off, *trainer.surgery.frozen}


def restore(trainer, layer, unit):
    """The unit works and trains again."""
    trainer.switch_off(layer, unit, off=False)
    trainer.freeze(layer, unit, frozen=False)


def operate(trainer, layer, unit, tool):
    """A click on hidden unit ``unit`` (from 0) of hidden layer ``layer`` (from 1):
    a unit under surgery is restored, any other one gets ``tool`` (a SURGERY_TOOLS key)."""
    if (layer, unit) in under_surgery(trainer):
        restore(trainer, layer, unit)
    else:
        SURGERY_TOOLS[tool][1](trainer, layer, unit)


def undo_surgery():
    """Every unit of the playground's network works and trains again."""
    ss = st.session_state
    for layer, unit in under_surgery(ss.trainer):
        restore(ss.trainer, layer, unit)
    ss.note = "Surgery undone: every neuron works and trains again."


def surgery_lost(trainer):
    """A note for a rebuild of ``trainer``'s network (or a new one) that ends its surgery, or ""."""
    return " The new network has every neuron working: the surgery is undone." if under_surgery(trainer) else ""


def surgery_text(snap):
    """The units under surgery in the snapshot ``snap``, as a line: "h1.2 switched off · h2.1 frozen", or ""."""
    return " · ".join([f"{hidden_name(*unit)} switched off" for unit in snap.switched_off]
                      + [f"{hidden_name(*unit)} frozen" for unit in snap.frozen])


def surgery_controls():
    """The sidebar's tool for a click on a neuron of the diagram, and Undo."""
    with st.expander("Neuron surgery", expanded=False):
        st.segmented_control("A click on a hidden neuron of the diagram", list(SURGERY_TOOLS), key=KEY,
                             format_func=lambda tool: SURGERY_TOOLS[tool][0],
                             help="Switch off: its output is held at 0. Freeze: its incoming weights and bias "
                                  "stop training. A click on a neuron under surgery restores it.")
        st.button("Undo surgery", key="undo_surgery", width="stretch", icon=":material/healing:",
                  on_click=undo_surgery, help="Every neuron works and trains again")
