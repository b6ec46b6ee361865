"""The class board's pictures: a run's boundary as a thumbnail, and the class's
runs as a scatter of network size against test accuracy (no Streamlit)."""
import html

import numpy as np

from .figures import _background
from .style import CLASS_COLORS, base_layout

THUMBNAIL_CELLS = 25  # a thumbnail's grid: every other cell of the playground's 50 × 50


def boundary_thumbnail(snap, cells=THUMBNAIL_CELLS):
    """A small PNG of the network's output over the input plane, as a data URI
    (about 1-2 kB): the snapshot's grid, sampled down to at most ``cells`` ×
    ``cells`` and coloured as the boundary chart colours it."""
    out = snap.grid_output
    every = max(1, int(np.ceil(out.shape[0] / cells)))
    gx, gy = snap.grid_x[::every], snap.grid_y[::every]
    image, _ = _background(snap.data.task, gx, gy, out[::every, ::every], discretize=False)
    return image["source"]


def board_scatter(runs, height=360):
    """Each run (objects with ``nickname``, ``parameters``, ``test_accuracy`` and
    ``train_accuracy``) as a point: its network's weights and biases against its
    test accuracy, or, hollow, its training accuracy when it has no test points.
    Runs with neither (regression) are left out."""
    def trace(name, accuracy_of, symbol):
        shown = [run for run in runs if accuracy_of(run) is not None]
        return dict(type="scatter", mode="markers", name=name, x=[run.parameters for run in shown],
                    y=[round(100 * accuracy_of(run), 2) for run in shown],
                    text=[html.escape(run.nickname) for run in shown],
                    hovertemplate="%{text}: %{x} parameters, %{y:.1f} % " + name + "<extra></extra>",
                    marker=dict(size=12, symbol=symbol, color=CLASS_COLORS[1], opacity=0.85,
                                line=dict(width=1.5, color=CLASS_COLORS[1] if symbol.endswith("open") else "#1F1F1F")))
    data = [trace("test accuracy", lambda run: run.test_accuracy, "circle"),
            trace("training accuracy (no test points)",
                  lambda run: run.train_accuracy if run.test_accuracy is None else None, "circle-open")]
    return {"data": [t for t in data if t["x"]] or data[:1],
            "layout": base_layout(height, "Network size against accuracy", showlegend=False,
                                  xaxis=dict(title=dict(text="weights and biases"), rangemode="tozero"),
                                  yaxis=dict(title=dict(text="accuracy (%)"), range=[0, 102]))}
