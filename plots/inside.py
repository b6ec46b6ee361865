"""Figures of what happens inside a network (core.inside, core.metrics): each
layer's gradient size by epoch, each hidden layer's activations, and the
metrics beyond the loss.  Pure functions of a Snapshot, like plots.figures."""
import numpy as np

from .figures import decimate
from .names import hidden_name
from .raster import hex_rgb
from .style import CLASS_COLORS, NOT_A_NUMBER, base_layout, empty_figure, log_axis, rounded

# Layers coloured from the input (violet) through green to the output (orange),
# so that the legend's order reads along the network; all mid-dark, for both themes.
LAYER_RAMP = ("#6A3D9A", "#1F78B4", "#1B9E77", "#B8A000", "#E8710A")
# The activation histograms' three kinds of unit: working, saturated, dead.
UNIT_KINDS = (("working", "#4C78A8"), ("saturated", "#E6A700"), ("dead", NOT_A_NUMBER))
# Points per gradient line: one per 2-3 pixels of the chart, and half a loss
# curve's, as seven lines of them are sent and redrawn every frame.
MAX_GRADIENT_POINTS = 300
MAX_SCATTER_POINTS = 1000  # predicted-vs-true points drawn: enough to see the fit, few enough to send each frame


def layer_colors(n):
    """n colours "#rrggbb" evenly along LAYER_RAMP, the first for the input side."""
    ramp = np.array([hex_rgb(c) for c in LAYER_RAMP], dtype=float)
    at = np.linspace(0, len(ramp) - 1, n) if n > 1 else np.zeros(1)
    low = np.minimum(at.astype(int), len(ramp) - 2)
    rgb = ramp[low] + (at - low)[:, None] * (ramp[low + 1] - ramp[low])
    return ["#" + "".join(f"{round(c):02X}" for c in color) for color in rgb]


def significant(values, digits=3):
    """Nested lists for JSON, each value to ``digits`` significant figures (a
    gradient of 3.7e-05 must not round to 0), NaN, ±inf and 0 as None: gaps on a log axis."""
    array = np.asarray(values, dtype=float)
    shown = np.isfinite(array) & (array > 0)
    kept = np.where(shown, array, 1.0)
    # Scaled by an exact power of ten and back, so that JSON writes 4.55e-05, not 4.5499999999999995e-05.
    decimals = digits - 1 - np.floor(np.log10(kept))
    with np.errstate(over="ignore", invalid="ignore"):  # past 1e±308 a value stays as it is
        up, down = 10.0 ** np.maximum(decimals, 0), 10.0 ** np.maximum(-decimals, 0)
        near = np.round(kept * up / down) * down / up
    return np.where(shown, np.where(np.isfinite(near) & (near > 0), near, kept), None).tolist()


def _last_recorded(norms):
    """(epoch, row) of the last recorded row of ``norms`` (epochs, layers): one not
    all NaN; (None, None) when there is none."""
    recorded = np.flatnonzero(~np.isnan(norms).all(axis=1))
    return (None, None) if not len(recorded) else (int(recorded[-1]), norms[recorded[-1]])


def _norm_label(value):
    if not np.isfinite(value):
        return "not finite"
    return "0" if value == 0 else f"{value:.2g}"


def gradients_figure(snap, height=260, mark_epoch=None):
    """Each layer's weight-gradient norm ‖∂J/∂W_l‖ by epoch (log scale, one line
    per layer, W1 on the input side), over the loss chart's epoch axis (0 to
    the snapshot's last epoch); the legend beside it names each line with its
    latest norm ("W1 4.5e-05").  ``mark_epoch`` (a replay on the whole history)
    draws a line there and reads the latest norms at the epoch before it.
    Epochs not recorded, norms that are not finite (divergence) and norms of 0
    (no gradient at all) are gaps in the lines, and the legend says which."""
    norms = np.asarray(snap.gradient_norms, dtype=float)
    at, current = _last_recorded(norms[:mark_epoch])
    if at is None:
        return empty_figure(height, "Gradient size per layer: none recorded yet (press Step or Play)")
    layers = norms.shape[1]
    epochs, rows = decimate(norms, MAX_GRADIENT_POINTS)
    data = []
    for l, color in enumerate(layer_colors(layers)):
        name = f"W{l + 1}"
        data.append(dict(type="scatter", mode="lines" if len(epochs) > 1 else "markers",
                         name=f"{name} {_norm_label(current[l])}", x=epochs.tolist(), y=significant(rows[:, l]),
                         line=dict(color=color, width=2.5), marker=dict(color=color, size=7),
                         hovertemplate=f"{name}<br>epoch %{{x}}<br>‖∂J/∂{name}‖ = %{{y:.3g}}<extra></extra>"))
    # The latest values sit in the legend, not in bars of their own: a second
    # pair of axes doubled the chart's redraw in the browser, every frame.
    layout = base_layout(
        height, "Gradient size per layer, ‖∂J/∂W‖", showlegend=True,
        legend=dict(orientation="v", x=1.01, xanchor="left", y=1, yanchor="top", font=dict(size=13),
                    title=dict(text=f"at epoch {at}", font=dict(size=13))),
        xaxis=dict(title=dict(text="epoch"), range=[0, max(len(snap.train_loss) - 1, 1)]),
        yaxis=dict(title=dict(text="norm")) | log_axis(norms), margin=dict(l=60, r=20, t=48, b=50))
    if mark_epoch is not None:
        layout["shapes"] = [dict(type="line", x0=mark_epoch, x1=mark_epoch, y0=0, y1=1, xref="x", yref="paper",
                                 line=dict(width=2, dash="dash"))]
    return {"data": data, "layout": layout}


def _layer_title(activity):
    """"layer 2 · 3 of 8 dead · 1 saturated", or "layer 2 · 8 units" when every unit works."""
    units = len(activity.dead)
    marks = [f"{int(flags.sum())} {kind}" for kind, flags in (("dead", activity.dead),
                                                                ("saturated", activity.saturated)) if flags.any()]
    if not marks:
        return f"layer {activity.layer} · {units} units"
    return f"layer {activity.layer} · " + marks[0].replace(" ", f" of {units} ", 1) + "".join(
        f" · {m}" for m in marks[1:])


def _unit_kinds(activity):
    """Per kind of UNIT_KINDS, the (units,) flags of the layer's units of that kind
    (a dead unit counts as dead only, even when its constant output is at an end of the range)."""
    return {"working": ~activity.dead & ~activity.saturated, "saturated": activity.saturated & ~activity.dead,
            "dead": activity.dead}


# The activations' small multiples, in pixels: each panel's height, the gap
# between rows (a panel's title and the x ticks of the one above), the margins.
PANEL_HEIGHT, PANEL_GAP, TOP, BOTTOM = 120, 56, 84, 30


def activations_figure(snap, columns=3):
    """Small multiples, one per hidden layer (up to core.limits.MAX_HIDDEN_LAYERS,
    ``columns`` a row), PANEL_HEIGHT pixels each: a histogram of the layer's
    units' activations on the training points (counts of unit × point), stacked
    by kind of unit: working, saturated (core.inside: near an end of a bounded
    range on nearly every point) or dead (zero slope on every point); each
    panel's title counts its marked units."""
    activity = snap.activity
    columns = max(1, min(columns, len(activity)))
    rows = -(-len(activity) // columns) if activity else 1
    plot_height = rows * PANEL_HEIGHT + (rows - 1) * PANEL_GAP
    height = TOP + BOTTOM + plot_height
    if not activity:
        why = "no hidden layer" if not snap.grid_hidden else "no training points"
        return empty_figure(height, f"Activations per hidden layer: {why}")
    gap_x, gap_y, tall = 0.06, PANEL_GAP / plot_height, PANEL_HEIGHT / plot_height
    width = (1 - gap_x * (columns - 1)) / columns
    data, annotations = [], []
    layout = base_layout(height, "Activations on the training points, per hidden layer", barmode="stack",
                         bargap=0.05, margin=dict(l=50, r=20, t=TOP, b=BOTTOM),
                         legend=dict(orientation="h", y=1 + 26 / plot_height, yanchor="bottom", x=1,
                                     xanchor="right", font=dict(size=13), traceorder="normal"))
    colors = dict(UNIT_KINDS)
    for i, layer in enumerate(activity):
        row, column = divmod(i, columns)
        axis = "" if i == 0 else str(i + 1)
        x0, y1 = column * (width + gap_x), 1 - row * (tall + gap_y)
        edges = layer.edges
        centres = rounded((edges[:-1] + edges[1:]) / 2, 4)
        for kind, flags in _unit_kinds(layer).items():
            names = ", ".join(hidden_name(layer.layer, u) for u in np.flatnonzero(flags)) or "none"
            data.append(dict(type="bar", x=centres, y=layer.counts[flags].sum(axis=0).tolist(),
                             width=float(edges[1] - edges[0]), name=kind, legendgroup=kind, showlegend=i == 0,
                             marker=dict(color=colors[kind]), xaxis=f"x{axis}", yaxis=f"y{axis}",
                             hovertemplate=f"{kind}: {names}<br>activation %{{x}}<br>%{{y}} unit-points"
                                           "<extra></extra>"))
        layout[f"xaxis{axis}"] = dict(domain=[x0, x0 + width], anchor=f"y{axis}", tickfont=dict(size=12),
                                      range=[float(edges[0]), float(edges[-1])])
        layout[f"yaxis{axis}"] = dict(domain=[max(y1 - tall, 0.0), y1], anchor=f"x{axis}", tickfont=dict(size=11),
                                      rangemode="tozero")
        annotations.append(dict(text=_layer_title(layer), x=x0, y=y1, xref="paper", yref="paper", xanchor="left",
                                yanchor="bottom", showarrow=False, font=dict(size=14)))
    layout["annotations"] = annotations
    return {"data": data, "layout": layout}


def per_class_accuracy(confusion, y, n_classes):
    """(n_classes,) share of each true class's points predicted as that class:
    the confusion matrix's diagonal over the class's points in y (a point with no
    prediction, see core.metrics.confusion_matrix, counts as wrong); NaN for a class with no points."""
    points = np.bincount(np.asarray(y, dtype=int), minlength=n_classes)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(points > 0, np.diag(confusion) / points, np.nan)


def _banded_scale(colors):
    """A colorscale of one band per class: band k runs from near white to class k's
    colour, over [k/K, (k+1)/K]."""
    n = len(colors)
    scale = []
    for k, color in enumerate(colors):
        scale += [[k / n, "#FBFBFB"], [(k + 1) / n, color]]
    return scale


def _confusion_trace(confusion, y, name, axis):
    """A heatmap of one confusion matrix (K, K): each row in its true class's colour,
    as deep as the share of that class's points in the cell, and the counts written in."""
    n = len(confusion)
    points = np.maximum(np.bincount(np.asarray(y, dtype=int), minlength=n), 1)[:, None]
    share = confusion / points
    # Inside band k, never on its edges: there two colours meet and Plotly takes the band below's.
    z = (np.arange(n)[:, None] + 0.001 + 0.998 * share) / n
    hover = [[f"true class {i}, predicted class {j}: {confusion[i, j]} points ({share[i, j]:.0%} of class {i})"
              for j in range(n)] for i in range(n)]
    return dict(type="heatmap", z=rounded(z, 4), x=list(range(n)), y=list(range(n)), text=confusion.tolist(),
                customdata=hover, texttemplate="%{text}", textfont=dict(size=15),
                colorscale=_banded_scale(CLASS_COLORS[:n]), zmin=0, zmax=1, showscale=False, xgap=2, ygap=2,
                xaxis=f"x{axis}", yaxis=f"y{axis}", name=name,
                hovertemplate=f"{name}: %{{customdata}}<extra></extra>")


def metrics_figure(snap, height=300):
    """How right the network is, beyond the loss (core.metrics): for classification
    the confusion matrices of the training and the test points side by side
    (rows the true class, columns the predicted one; each axis label gives the
    class's accuracy); for regression the predictions against the targets on the
    training points, with R² and RMSE of both sets."""
    if snap.train_metrics is None:
        return empty_figure(height, "Metrics: no training points yet")
    if snap.data.task == "regression":
        return _regression_figure(snap, height)
    data, annotations = [], []
    layout = base_layout(height, "Confusion matrix · rows: true class, columns: predicted",
                         margin=dict(l=20, r=20, t=76, b=50))
    parts = (("train", snap.train_metrics, snap.data.y_train, snap.train_accuracy),
             ("test", snap.test_metrics, snap.data.y_test, snap.test_accuracy))
    for i, (name, found, y, accuracy) in enumerate(parts):
        # Each panel leaves room on its left for its rows' labels ("class 1 · 100%").
        axis, (x0, x1) = ("" if i == 0 else "2"), ((0.14, 0.47), (0.67, 1.0))[i]
        if found is None:
            annotations.append(dict(text="No test points:<br>give some a share in the sidebar (Test share)",
                                    x=(x0 + x1) / 2, y=0.5, xref="paper", yref="paper", showarrow=False))
            continue
        n = len(found.confusion)
        data.append(_confusion_trace(found.confusion, y, name, axis))
        accuracies = per_class_accuracy(found.confusion, y, n)
        ticks = dict(tickmode="array", tickvals=list(range(n)), tickfont=dict(size=13), automargin=True)
        layout[f"xaxis{axis}"] = ticks | dict(domain=[x0, x1], anchor=f"y{axis}", title=dict(text="predicted"),
                                              ticktext=[f"class {k}" for k in range(n)])
        layout[f"yaxis{axis}"] = ticks | dict(anchor=f"x{axis}", autorange="reversed", title=dict(text="true"),
                                              ticktext=[f"class {k} · {a:.0%}" if np.isfinite(a) else f"class {k} · —"
                                                        for k, a in enumerate(accuracies)])
        annotations.append(dict(text=f"{name} · accuracy {accuracy:.1%}", x=x0, y=1, xref="paper", yref="paper",
                                xanchor="left", yanchor="bottom", showarrow=False, font=dict(size=15)))
    for axis in ("xaxis", "yaxis"):  # a missing test panel still has its axes: invisible
        layout.setdefault(f"{axis}2", dict(visible=False))
    layout["annotations"] = annotations
    return {"data": data, "layout": layout}


def _regression_figure(snap, height):
    y, predicted = snap.data.y_train, snap.train_output[:, 0]
    step = max(1, -(-len(y) // MAX_SCATTER_POINTS))
    y, predicted = y[::step], predicted[::step]
    finite = predicted[np.isfinite(predicted)]
    low, high = float(min(y.min(), finite.min(initial=y.min()))), float(max(y.max(), finite.max(initial=y.max())))
    data = [dict(type="scatter", mode="lines", x=[low, high], y=[low, high], name="predicted = true",
                 line=dict(color=NOT_A_NUMBER, width=2, dash="dash"), hoverinfo="skip"),
            dict(type="scatter", mode="markers", x=rounded(y), y=rounded(predicted), name="training points",
                 marker=dict(color=CLASS_COLORS[1], size=7, opacity=0.7),
                 hovertemplate="true %{x}<br>predicted %{y}<extra></extra>")]
    lines = [f"<b>{name}</b>  R² {found.r2:.3f} · RMSE {found.rmse:.3f}"
             for name, found in (("train", snap.train_metrics), ("test", snap.test_metrics)) if found is not None]
    if snap.test_metrics is None:
        lines.append("no test points (Test share)")
    layout = base_layout(height, "Predicted against true, training points", showlegend=False,
                         xaxis=dict(domain=[0, 0.5], title=dict(text="true"), range=[low, high]),
                         yaxis=dict(title=dict(text="predicted"), range=[low, high]),
                         annotations=[dict(text="<br>".join(lines), x=0.58, y=0.5, xref="paper", yref="paper",
                                           xanchor="left", showarrow=False, align="left", font=dict(size=17))])
    return {"data": data, "layout": layout}
