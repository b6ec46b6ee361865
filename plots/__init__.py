"""Plotly figures of core snapshots: pure functions, no Streamlit."""
from .figures import boundary_figure, decimate, hidden_space_figure, loss_figure, neurons_figure
from .network import network_figure

__all__ = ["boundary_figure", "decimate", "hidden_space_figure", "loss_figure", "network_figure",
           "neurons_figure"]
