"""Plotly figures of core snapshots: pure functions, no Streamlit."""
from .figures import boundary_figure, decimate, hidden_space_figure, loss_figure, neurons_figure
from .network import network_figure
from .style import emphasize

__all__ = ["boundary_figure", "decimate", "emphasize", "hidden_space_figure", "loss_figure", "network_figure",
           "neurons_figure"]
