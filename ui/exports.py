"""The playground's downloads (the network as it is when a button is clicked),
and the upload of a saved network to train on from."""
from dataclasses import fields

import streamlit as st

from core.config import LIVE_SETTINGS
from core.datasets import OWN
from core.export import MAX_WEIGHTS_CHARS, loss_csv, session_from_json, weights_json
from core.script import numpy_script
from plots import boundary_figure, hidden_space_figure, loss_figure, network_figure
from plots.export import figures_html

from .controls import fit_to_widgets, widget_values
from .stats import settings_line


def figures_page(trainer):
    """The live view's figures, at a finer grid, as one interactive HTML page."""
    snap = trainer.snapshot(100)
    figures = [boundary_figure(snap, height=560), network_figure(snap, height=420),
               hidden_space_figure(snap, height=480), loss_figure(snap, height=360)]
    return figures_html(figures, f"NN Playground at epoch {snap.epoch:,}: {settings_line(trainer)}")


def download_buttons(trainer):
    """One button per file; each file is made when its button is clicked."""
    for label, make, name, kind in (
            ("Weights (JSON)", lambda: weights_json(trainer), "weights.json", "application/json"),
            ("Loss history (CSV)", lambda: loss_csv(trainer), "loss.csv", "text/csv"),
            ("Python script (NumPy)", lambda: numpy_script(trainer), "reproduce_run.py", "text/x-python"),
            ("Figures (interactive HTML)", lambda: figures_page(trainer), "figures.html", "text/html")):
        st.download_button(label, make, name, kind, key=f"download_{name.split('.')[0]}", width="stretch",
                           icon=":material/download:", on_click="ignore")


def _fitted(session):
    """``session`` with its live settings moved to ones the widgets offer, and the notices
    saying so; ValueError when its network itself is one the playground cannot show."""
    fitted, notices = fit_to_widgets(session.config)
    changed = {f.name for f in fields(fitted) if getattr(fitted, f.name) != getattr(session.config, f.name)}
    if changed - LIVE_SETTINGS:
        raise ValueError("the playground cannot show its network as it is. " + " ".join(notices))
    session.update(**{name: getattr(fitted, name) for name in changed})
    return notices


def load_saved_network():
    """The weights file just chosen (see core.export) becomes the playground's network,
    paused at the file's epoch; a file that does not fit changes nothing."""
    ss = st.session_state
    file, trainer = ss.upload_network, ss.trainer
    if file is None:
        return
    name = " ".join(file.name.split())  # the notices are one line: a blank line would end them
    ss.problem_text = None
    try:
        loaded = session_from_json(file.getvalue(), data=trainer.data if trainer.config.dataset == OWN else None)
        notices = _fitted(loaded)
    except ValueError as error:
        ss.problem_text = f"{name} cannot be loaded: {error}. The network in the playground is unchanged."
        return
    loaded.record_gradient_norms()  # as the playground's own sessions do (app.load)
    ss.trainer, ss.playing, ss.replaying = loaded, False, False
    ss.update(widget_values(loaded.config))
    ss.note = " ".join([f"Loaded the network of {name} at epoch {loaded.epoch:,}: Play trains on from there.",
                        *notices])


def network_uploader():
    st.file_uploader("Load a saved network (weights JSON)", type=["json"], key="upload_network",
                     on_change=load_saved_network, max_upload_size=MAX_WEIGHTS_CHARS // 2**20,
                     help="A file from Weights (JSON) above, or one the core wrote in a notebook: "
                          "training goes on from its epoch, exactly as it would have")
