"""Figures of many runs at once (core.experiments)."""
import numpy as np

from core.snapshot import OK

from .figures import _background
from .style import CLASS_COLORS, POINT_OUTLINE, base_layout, log_axis, rounded, spread

# Panel labels sit on a box of their own over the (pale) panel, the same in either theme.
LABEL_COLOR, FAILED_COLOR, LABEL_BACKGROUND = "#222222", "#B00020", "rgba(255,255,255,0.85)"


def seed_panels(runs, solved_at=1.0):
    """Panels for ``boundary_grid``, one per SeedRun, titled by seed; a run that
    missed ``solved_at`` training accuracy is marked ✗."""
    panels = []
    for run in runs:
        ok = run.accuracy is not None and run.accuracy >= solved_at
        panels.append((f"{run.seed}{'' if ok else ' ✗'}", run.snapshot, ok))
    return panels


def score(snap):
    """How a run is doing, in a few characters: training accuracy, the loss for
    regression, or "diverged"."""
    if snap.status != OK:
        return "diverged"
    return f"{snap.train_accuracy:.0%}" if snap.train_accuracy is not None else f"loss {snap.train_loss[-1]:.3f}"


def sweep_panels(snaps):
    """Panels for ``boundary_grid``, one per snapshot of a hidden-size sweep:
    the size and its ``score``."""
    return [(f"{snap.config.hidden[0]} hidden<br>{score(snap)}", snap, snap.status == OK) for snap in snaps]


LABEL_PX = 34  # room above each panel for its label's two lines, so that it covers no point


def boundary_grid(panels, title, columns=10, panel_height=120, marker_size=6):
    """Small multiples: each panel (label, Snapshot, good) shows that run's decision
    boundary with the training data, labelled above it (in red when not good)."""
    rows = -(-len(panels) // columns)
    gap = 0.012
    width, tall = (1 - gap * (columns - 1)) / columns, (1 - gap * (rows - 1)) / rows
    label_band = LABEL_PX / ((panel_height + LABEL_PX) * rows)  # as a share of the plotting area's height
    layout = base_layout((panel_height + LABEL_PX) * rows + 60, title, showlegend=False,
                         margin=dict(l=10, r=10, t=48, b=10), images=[], annotations=[])
    data = []
    for i, (label, snap, good) in enumerate(panels):
        r, c = divmod(i, columns)
        suffix = "" if i == 0 else str(i + 1)
        x0, y1 = c * (width + gap), 1 - r * (tall + gap)
        image, _ = _background(snap.data.task, snap.grid_x, snap.grid_y, snap.grid_output, False)
        layout["images"].append(image | {"xref": f"x{suffix}", "yref": f"y{suffix}"})
        extent = dict(visible=False, constrain="domain")
        layout[f"xaxis{suffix}"] = extent | dict(domain=[x0, x0 + width], anchor=f"y{suffix}",
                                                 range=[snap.grid_x[0], snap.grid_x[-1]])
        layout[f"yaxis{suffix}"] = extent | dict(domain=[y1 - tall, y1 - label_band], anchor=f"x{suffix}",
                                                 range=[snap.grid_y[0], snap.grid_y[-1]],
                                                 scaleanchor=f"x{suffix}")
        layout["annotations"].append(dict(text=label, x=x0 + width / 2, y=y1,
                                          xref="paper", yref="paper", yanchor="top", showarrow=False,
                                          font=dict(size=12, color=LABEL_COLOR if good else FAILED_COLOR),
                                          bgcolor=LABEL_BACKGROUND))
        for k in range(max(snap.data.n_classes, 1)):
            mask = snap.data.y_train == k if snap.data.task == "classification" else slice(None)
            data.append(dict(type="scatter", mode="markers", x=rounded(snap.data.X_train[mask, 0]),
                             y=rounded(snap.data.X_train[mask, 1]), xaxis=f"x{suffix}",
                             yaxis=f"y{suffix}", hoverinfo="skip",
                             marker=dict(size=marker_size, color=CLASS_COLORS[k], line=POINT_OUTLINE)))
    return {"data": data, "layout": layout}


def final_loss_strip(runs, height=260):
    """Each run's final loss as a point (one row), with the median marked."""
    losses = np.array([r.final_loss for r in runs])
    finite = losses[np.isfinite(losses)]  # a diverged run's loss has no place on the axis
    data = [dict(type="scatter", mode="markers", x=rounded(losses, 6), y=rounded(0.6 * spread(len(runs))),
                 text=[f"seed {r.seed}: loss {r.final_loss:.4g}, accuracy {r.accuracy}" for r in runs],
                 hovertemplate="%{text}<extra></extra>", marker=dict(size=11, color=CLASS_COLORS[1], opacity=0.75))]
    layout = base_layout(height, "Final training loss of each run", showlegend=False,
                         xaxis=dict(title=dict(text="loss")) | (log_axis(finite) if len(finite) and finite.min() > 0
                                                                else {}),
                         yaxis=dict(visible=False, range=[-1, 1]),
                         shapes=[dict(type="line", x0=float(np.median(finite)), x1=float(np.median(finite)),
                                      y0=-0.8, y1=0.8, line=dict(dash="dash"))] if len(finite) else [])
    # (the median's line is in the theme's text colour)
    return {"data": data, "layout": layout}
