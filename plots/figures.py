"""Pure functions from a ``core.Snapshot`` to Plotly figures (no Streamlit).

Each returns a figure as a dict, ``{"data": [...], "layout": {...}}``, in
Plotly's figure schema: the form plotly.js draws, and ``go.Figure(d)`` makes
it a Figure object for export.  They are rebuilt every frame, so they skip
graph_objects' validation (35 ms for the three live figures; the tests
validate every figure instead) and round values, as smaller messages mean
more frames.
"""
import numpy as np

from core.nn import ACTIVATIONS

from .names import hidden_name, input_name
from .raster import colorbar_trace, hex_rgb, image_over, palette, palette_indices
from .style import (ACTIVATION_SCALE, BACKGROUND_SCALE, BACKGROUND_STRENGTH, CLASS_COLORS, DIVERGING,
                    POINT_OUTLINE, RUN_COLORS, RUN_DASHES, TEST_LINE, TRAIN_LINE, base_layout, empty_figure,
                    NOT_A_NUMBER, log_axis, magnitude, rounded, spread)

MAX_CURVE_POINTS = 600
NEURON_CELLS = 25
FEW_POINTS = 20  # so few that each is drawn large, told apart where they coincide, and described on hover
APART = 0.06     # as a share of each axis: closer points coincide on screen, and are drawn this far from their centre
PLANE_AXES = (input_name("x1"), input_name("x2"))
# The 3-D hidden space's box and camera: the right-hand panel is 2 to 4.5 times as wide
# as tall, so the box is wide and low, seen from close by and a little above; the view
# is lowered a little, as the camera looks down on it (in Plotly's normalised units).
SCENE_ASPECT = dict(x=2.0, y=2.0, z=0.6)
SCENE_CAMERA = dict(eye=dict(x=1.6, y=1.6, z=0.5), center=dict(x=0, y=0, z=-0.08))


def _figure(data, layout):
    return {"data": data, "layout": layout}


def _points(snap, X, y, name, symbol, opacity, hover=None):
    """Scatter traces of points, one per class (or one coloured by value for regression);
    ``hover``, if given, is each point's hover text.  Filled markers get a dark rim,
    open ones (test points) a thicker line in their colour."""
    hollow = symbol.endswith("-open")
    def trace(mask, marker, label):
        extra = {} if hover is None else dict(text=list(np.asarray(hover)[mask]),
                                              hovertemplate="%{text}<extra></extra>")
        rim = dict(width=2.5) if hollow else POINT_OUTLINE
        return dict(type="scatter", x=rounded(X[mask, 0]), y=rounded(X[mask, 1]), mode="markers", name=label,
                    opacity=opacity, marker=marker | dict(symbol=symbol, line=marker.get("line", {}) | rim),
                    **extra)
    if snap.data.task == "regression":
        return [trace(slice(None), dict(color=rounded(y), colorscale=DIVERGING, cmin=-1, cmax=1, size=8), name)]
    size = 18 if len(X) <= FEW_POINTS else 9  # four XOR points must read from the back row
    return [trace(y == k, dict(color=CLASS_COLORS[k], size=size) | (dict(line=dict(color=CLASS_COLORS[k]))
                                                                    if hollow else {}),
                  f"class {k}" if name == "train" else f"test {k}")
            for k in range(snap.data.n_classes)]


def _class_image(probabilities):
    """(R, R, K) class probabilities -> (R, R, 3) RGB: each class's colour,
    weighted by its probability and faded towards white where the network is unsure;
    pale (BACKGROUND_STRENGTH) even where it is sure, so that points stand out;
    NOT_A_NUMBER grey where they are not all finite."""
    colors = np.array([hex_rgb(c) for c in CLASS_COLORS[:probabilities.shape[2]]])
    finite = np.isfinite(probabilities).all(axis=2, keepdims=True)
    probabilities = np.where(finite, probabilities, 0.0)
    rgb = probabilities @ colors
    confidence = (probabilities.max(axis=2, keepdims=True) - 1 / probabilities.shape[2]) \
        / (1 - 1 / probabilities.shape[2])
    strength = 0.1 + (BACKGROUND_STRENGTH - 0.1) * confidence
    rgb = np.clip(255 - (255 - rgb) * strength, 0, 255).round()
    return np.where(finite, rgb, hex_rgb(NOT_A_NUMBER)).astype(np.uint8)


def _background(task, u, v, out, discretize):
    """The network's output over a plane, as (layout image, colour-bar traces):
    P(class 1), blended class colours, or the predicted value for regression.
    ``out`` is (R, R, K) over u × v."""
    extent = ((u[0], u[-1]), (v[0], v[-1]))
    if task == "classification" and out.shape[2] > 2:
        # NaN outputs have no most likely class: they stay NaN, drawn as such.
        probs = np.where(np.isfinite(out), np.eye(out.shape[2])[out.argmax(axis=2)], np.nan) if discretize else out
        return image_over(_class_image(probs), *extent), []
    z = out[:, :, -1] if task == "classification" else out[:, :, 0]
    if discretize:
        z = np.where(np.isfinite(z), z > (0.5 if task == "classification" else 0.0), np.nan)
    label, (zmin, zmax) = (("P(class 1)", (0, 1)) if task == "classification" else ("prediction", (-1, 1)))
    image = image_over(palette_indices(z, zmin, zmax), *extent, palette=palette(BACKGROUND_SCALE))
    return image, [colorbar_trace(BACKGROUND_SCALE, zmin, zmax, label)]


def _plane_axes(u, v, names=PLANE_AXES):
    """Axes spanning u × v.  ``uirevision`` follows the extent: zoom survives the
    frames of one plane, and a new plane (other data) starts with its own ranges."""
    return dict(uirevision=f"{u[0]:.6g} {u[-1]:.6g} {v[0]:.6g} {v[-1]:.6g}",
                xaxis=dict(title=dict(text=names[0]), range=[u[0], u[-1]], constrain="domain", showgrid=False,
                           zeroline=False),
                yaxis=dict(title=dict(text=names[1]), range=[v[0], v[-1]], scaleanchor="x", constrain="domain",
                           showgrid=False, zeroline=False))


def boundary_figure(snap, show_test=True, discretize=False, height=430, title=None, scale=True):
    """The network's output over the input plane, with the data on top.

    The background is an image: P(class 1) for two classes (discretize: 0/1 at
    0.5), blended class colours for more, the predicted value for regression;
    ``scale``: with its colour bar (a narrow chart leaves it out, for the plane's width)."""
    gx, gy = snap.grid_x, snap.grid_y
    image, data = _background(snap.data.task, gx, gy, snap.grid_output, discretize)
    data = data if scale else []
    data += _points(snap, snap.data.X_train, snap.data.y_train, "train", "circle", 1.0)
    if show_test and len(snap.data.X_test):
        data += _points(snap, snap.data.X_test, snap.data.y_test, "test", "diamond-open", 0.9)
    title = title or ("Decision boundary" if snap.data.task == "classification" else "Prediction")
    # No legend: the colour bar names the classes' colours, and the page's caption the markers.
    # meta: this is the input plane, where the live chart shows a neuron hovered in the network diagram.
    return _figure(data, base_layout(height, title, showlegend=False, images=[image], meta=dict(input_plane=True),
                                     **_plane_axes(gx, gy)))


def hidden_space_figure(snap, discretize=False, height=430, title=None):
    """The training points as the last hidden layer sees them, over the output
    layer's decision in that space (2 neurons: exactly; 3: the decision plane
    in 3-D; more: on the plane of the first two principal components)."""
    space = snap.hidden_space
    if space is None:
        return empty_figure(height, "No hidden layer: nothing to show here" if not snap.grid_hidden
                            else "No training points yet: nothing to show here" if not len(snap.data.X_train)
                            else "Not a number: the hidden layer's values are no longer finite")
    P = space.points
    axes = space.axes if space.projected else [hidden_name(len(snap.grid_hidden), i) for i in range(P.shape[1])]
    title = (title or "Data as the hidden layer sees it") + (" (PCA)" if space.projected else "")
    if P.shape[1] == 3:
        data = [dict(type="scatter3d", x=rounded(P[mask, 0]), y=rounded(P[mask, 1]), z=rounded(P[mask, 2]),
                     mode="markers", name=f"class {k}",
                     marker=dict(size=4, color=CLASS_COLORS[k], line=dict(width=0)))
                for k, mask in _groups(snap)]
        if space.plane is not None:
            u, v, w = space.plane
            data.append(dict(type="surface", x=rounded(u), y=rounded(v), z=rounded(w), opacity=0.45, showscale=False,
                             colorscale=[[0, "#888"], [1, "#888"]], name="decision plane", hoverinfo="skip"))
        # Tick labels crowd a small 3-D box; the axis names say what matters.
        scene = dict(**{f"{axis}axis": dict(title=dict(text=name), showticklabels=False)
                        for axis, name in zip("xyz", axes)},
                     aspectmode="manual", aspectratio=SCENE_ASPECT, camera=SCENE_CAMERA)
        # No margin: the title stands over the scene's top corner, which the box leaves empty.
        return _figure(data, base_layout(height, title, scene=scene, showlegend=False,
                                         margin=dict(l=0, r=0, t=0, b=0)))
    u = space.grid_u
    v = space.grid_v if space.grid_v is not None else np.linspace(-1.0, 1.0, len(u))
    # One neuron: its value on x, and the points spread on y only so they can be seen.
    coords = P if P.shape[1] == 2 else np.column_stack([P[:, 0], 1.6 * spread(len(P))])
    names = axes if P.shape[1] == 2 else (axes[0], "(spread)")
    image, data = _background(snap.data.task, u, v, space.grid_output, discretize)
    hover = None
    if len(P) <= FEW_POINTS:
        coords, together = _drawn_apart(coords, np.array([u[0], v[0]]), np.array([u[-1], v[-1]]))
        hover = [_hidden_point_text(x, p, names[:P.shape[1]], n) for x, p, n in zip(snap.data.X_train, P, together)]
    data += _points(snap, coords, snap.data.y_train, "train", "circle", 1.0, hover)
    layout = base_layout(height, title, showlegend=False, images=[image], **_plane_axes(u, v, names))
    layout["yaxis"].pop("scaleanchor")  # hidden units have their own scales
    return _figure(data, layout)


def _drawn_apart(points, low, high, apart=APART):
    """(N, 2) points -> (where to draw them (N, 2), how many coincide at each (N,)).
    Points within ``apart`` of each other (as shares of the axes' spans, ``low``
    to ``high``, both (2,)) would hide one another: each such group is drawn on a
    circle of that radius around its centre, moved inside the axes if need be."""
    spans = high - low
    with np.errstate(invalid="ignore", over="ignore"):  # a diverged network's inf, on infinite axes
        scaled = (points - low) / spans
    drawn, together = points.astype(float).copy(), np.ones(len(points), int)
    unplaced = np.isfinite(scaled).all(axis=1)  # a point that is not finite is drawn nowhere
    for i in range(len(points)):
        if not unplaced[i]:
            continue
        group = np.flatnonzero(unplaced & (np.abs(scaled - scaled[i]).max(axis=1) < apart))
        unplaced[group] = False
        if len(group) > 1:
            angles = np.pi / 4 + 2 * np.pi * np.arange(len(group)) / len(group)
            ring = apart * np.column_stack([np.cos(angles), np.sin(angles)])
            centre = np.clip(scaled[group].mean(axis=0), 2 * apart, 1 - 2 * apart)
            drawn[group] = low + (centre + ring) * spans
            together[group] = len(group)
    return drawn, together


def _hidden_point_text(x, h, names, together):
    """Hover text of one training point in hidden space: where it came from and where it is."""
    where = ", ".join(f"{name} = {value:.3f}" for name, value in zip(names, h))
    return (f"input ({x[0]:.3g}, {x[1]:.3g}) → {where}"
            + (f"<br>drawn apart: {together} points coincide here" if together > 1 else ""))


def _groups(snap):
    return [(k, snap.data.y_train == k) for k in range(max(snap.data.n_classes, 1))] if snap.data.task == "classification" \
        else [(0, np.ones(len(snap.data.y_train), bool))]


def _activation_range(values, activation):
    """The colour range of a hidden layer's tiles: the activation's own range where bounded."""
    if activation.bounded:
        return activation.output_range
    bound = magnitude(values)
    return -bound, bound


def neurons_figure(snap, layer=0, height=260, columns=None):
    """One small heatmap per neuron of a hidden layer: its output over the input plane."""
    if not snap.grid_hidden:
        return empty_figure(height, "No hidden layer: the inputs go straight to the output")
    # Tiles are small: about 25 cells a side is all they can show, at a fraction of the bytes.
    step = max(1, len(snap.grid_x) // NEURON_CELLS)
    grid, gx, gy = snap.grid_hidden[layer][::step, ::step], snap.grid_x[::step], snap.grid_y[::step]
    n = grid.shape[2]
    columns = columns or min(n, 4)
    rows = -(-n // columns)
    zmin, zmax = _activation_range(grid, ACTIVATIONS[snap.config.activation])
    gap = 0.04
    width, tall = (1 - gap * (columns - 1)) / columns, (1 - gap * (rows - 1)) / rows
    # A second row is named under its tiles, in the bottom margin: above them, its names
    # would lie over the first row's tiles (the gap between rows is a share of a short chart).
    data, layout = [], base_layout(height, f"Hidden layer {layer + 1}: each neuron's output",
                                   showlegend=False, margin=dict(l=10, r=10, t=64, b=10 if rows == 1 else 32))
    for i in range(n):
        r, c = divmod(i, columns)
        axis = "" if i == 0 else str(i + 1)
        data.append(dict(type="heatmap", x=rounded(gx), y=rounded(gy), z=rounded(grid[:, :, i]),
                         colorscale=ACTIVATION_SCALE, zmin=zmin, zmax=zmax, showscale=i == 0, zsmooth="best",
                         colorbar=dict(thickness=10, len=0.9), xaxis=f"x{axis}", yaxis=f"y{axis}",
                         hovertemplate=f"{hidden_name(layer + 1, i)}<br>{PLANE_AXES[0]} = %{{x}}<br>"
                                       f"{PLANE_AXES[1]} = %{{y}}<br>output = %{{z}}<extra></extra>"))
        x0, y1 = c * (width + gap), 1 - r * (tall + gap)
        layout[f"xaxis{axis}"] = dict(domain=[x0, x0 + width], visible=False, anchor=f"y{axis}",
                                      constrain="domain")
        layout[f"yaxis{axis}"] = dict(domain=[y1 - tall, y1], visible=False, anchor=f"x{axis}",
                                      scaleanchor=f"x{axis}", constrain="domain")
        below = r == rows - 1 > 0
        layout.setdefault("annotations", []).append(dict(
            text=hidden_name(layer + 1, i), x=x0 + width / 2, y=y1 - tall if below else y1, xref="paper",
            yref="paper", yanchor="top" if below else "bottom", showarrow=False, font=dict(size=13)))
    return _figure(data, layout)


def decimate(values, limit=MAX_CURVE_POINTS):
    """(epochs, values) with at most ``limit`` points, always keeping the first and last;
    the cost of drawing a curve stays flat however long training runs.  Every
    ``stride``-th epoch is kept, the stride a power of two: until it doubles, a
    later call keeps the same points and more (a live frame sends only those)."""
    n = len(values)
    if n <= limit:
        return np.arange(n), values
    stride = 1 << int(np.ceil(np.log2((n - 1) / (limit - 1))))
    idx = np.arange(0, n - 1, stride)
    idx = np.append(idx, n - 1)
    return idx, values[idx]


def loss_figure(snap, log_y=False, height=260, mark_epoch=None):
    """Train (and test) loss per epoch; ``mark_epoch`` draws a line at that epoch
    (where a replay stands on the whole curve)."""
    figure = losses_figure({"train": snap}, log_y, height, colors=(TRAIN_LINE,))
    if mark_epoch is not None:
        figure["layout"]["shapes"] = [dict(type="line", x0=mark_epoch, x1=mark_epoch, y0=0, y1=1, yref="paper",
                                           line=dict(width=2, dash="dash"))]  # in the theme's text colour
    return figure


def losses_figure(snaps, log_y=False, height=260, colors=RUN_COLORS):
    """Loss per epoch of one or more runs, ``snaps`` = {name: Snapshot}.  One run's
    lines are simply "train" and "test", each in its colour; with several runs each
    has its colour and its own dashes (RUN_DASHES), so that they part even in grey."""
    single = len(snaps) == 1
    data, shown = [], []
    for (name, snap), color, dashes in zip(snaps.items(), colors, RUN_DASHES):
        for part, values, dash in (("train", snap.train_loss, dashes[0]), ("test", snap.test_loss, dashes[1])):
            if values is None or len(values) == 0:
                continue
            x, y = decimate(values)
            shown.append(y)
            # One epoch is one point: a line through it would draw nothing at all.
            data.append(dict(type="scatter", mode="lines" if len(x) > 1 else "markers",
                             name=part if single else f"{name} {part}",
                             x=x.tolist(), y=rounded(y, 6),
                             line=dict(color=(TEST_LINE if part == "test" else color) if single else color,
                                       width=3 if part == "train" else 2, dash="solid" if single else dash)))
    yaxis = dict(title=dict(text="loss")) | (log_axis(np.concatenate(shown)) if log_y and shown else
                                  dict(type="log" if log_y else "linear"))
    # The legend sits above the plot, right of the title, inside the chart's width.  The title
    # names the x axis: a chart short on a projector keeps the room an axis title took.
    layout = base_layout(height, "Loss per epoch", xaxis=dict(rangemode="tozero"), yaxis=yaxis,
                         legend=dict(orientation="h", y=1.02, yanchor="bottom", x=1, xanchor="right",
                                     entrywidth=0, font=dict(size=13)),
                         margin=dict(l=60, r=20, t=48, b=30))
    return _figure(data, layout)
