"""Figures of many runs at once (core.experiments)."""
import numpy as np

from .figures import _background
from .style import CLASS_COLORS, base_layout, rounded, spread


def boundary_grid(runs, columns=10, solved_at=1.0, height=None):
    """Small multiples: every run's decision boundary with the data, titled by seed;
    a run that missed ``solved_at`` training accuracy is marked with ✗."""
    rows = -(-len(runs) // columns)
    gap = 0.012
    width, tall = (1 - gap * (columns - 1)) / columns, (1 - gap * (rows - 1)) / rows
    layout = base_layout(height or 120 * rows + 60, "Boundaries, one run per seed", showlegend=False,
                         margin=dict(l=10, r=10, t=48, b=10), images=[], annotations=[])
    data = []
    for i, run in enumerate(runs):
        snap = run.snapshot
        r, c = divmod(i, columns)
        suffix = "" if i == 0 else str(i + 1)
        x0, y1 = c * (width + gap), 1 - r * (tall + gap)
        image, _ = _background(snap.task, snap.grid_x, snap.grid_y, snap.grid_output, False)
        layout["images"].append(image | {"xref": f"x{suffix}", "yref": f"y{suffix}"})
        extent = dict(visible=False, constrain="domain")
        layout[f"xaxis{suffix}"] = extent | dict(domain=[x0, x0 + width], anchor=f"y{suffix}",
                                                 range=[snap.grid_x[0], snap.grid_x[-1]])
        layout[f"yaxis{suffix}"] = extent | dict(domain=[y1 - tall, y1], anchor=f"x{suffix}",
                                                 range=[snap.grid_y[0], snap.grid_y[-1]],
                                                 scaleanchor=f"x{suffix}")
        ok = run.accuracy is not None and run.accuracy >= solved_at
        layout["annotations"].append(dict(text=f"{run.seed}{'' if ok else ' ✗'}", x=x0 + width / 2, y=y1,
                                          xref="paper", yref="paper", yanchor="top", showarrow=False,
                                          font=dict(size=12, color="#222" if ok else "#B00020"),
                                          bgcolor="rgba(255,255,255,0.7)"))
        for k in range(max(snap.n_classes, 1)):
            mask = snap.y_train == k
            data.append(dict(type="scatter", mode="markers", x=rounded(snap.X_train[mask, 0]),
                             y=rounded(snap.X_train[mask, 1]), xaxis=f"x{suffix}",
                             yaxis=f"y{suffix}", hoverinfo="skip",
                             marker=dict(size=6, color=CLASS_COLORS[k], line=dict(width=1, color="white"))))
    return {"data": data, "layout": layout}


def final_loss_strip(runs, height=260):
    """Each run's final loss as a point (one row), with the median marked."""
    losses = np.array([r.final_loss for r in runs])
    data = [dict(type="scatter", mode="markers", x=rounded(losses, 6), y=rounded(0.6 * spread(len(runs))),
                 text=[f"seed {r.seed}: loss {r.final_loss:.4g}, accuracy {r.accuracy}" for r in runs],
                 hovertemplate="%{text}<extra></extra>", marker=dict(size=11, color=CLASS_COLORS[1], opacity=0.75))]
    layout = base_layout(height, "Final training loss of each run", showlegend=False,
                         xaxis=dict(title="loss", type="log" if losses.min() > 0 else "linear"),
                         yaxis=dict(visible=False, range=[-1, 1]),
                         shapes=[dict(type="line", x0=float(np.median(losses)), x1=float(np.median(losses)),
                                      y0=-0.8, y1=0.8, line=dict(color="#444", dash="dash"))])
    return {"data": data, "layout": layout}
