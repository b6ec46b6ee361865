"""Plotly figures of core snapshots: pure functions, no Streamlit."""
from .figures import boundary_figure, decimate, loss_figure, neurons_figure

__all__ = ["boundary_figure", "decimate", "loss_figure", "neurons_figure"]
