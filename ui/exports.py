"""The playground's downloads: the network as it is when a button is clicked."""
import streamlit as st

from core.export import loss_csv, weights_json
from core.script import numpy_script
from plots import boundary_figure, hidden_space_figure, loss_figure, network_figure
from plots.export import figures_html

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
