"""Figures as one self-contained, interactive HTML page (plotly.js inside: it
opens offline, e.g. on a lecture-hall PC)."""
import html

import plotly.graph_objects as go


def figures_html(figures, title):
    """HTML text showing each of ``figures`` (Plotly figure dicts, in order) under ``title``."""
    parts = [go.Figure(figure).to_html(full_html=False, include_plotlyjs=i == 0, config={"displaylogo": False})
             for i, figure in enumerate(figures)]
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head>"
            f"<body style='font-family:sans-serif;max-width:900px;margin:auto'><h1>{html.escape(title)}</h1>"
            + "".join(parts) + "</body></html>")
