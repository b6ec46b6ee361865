"""Figures of the shape of what a network computes: the loss surface around the
path training took (``core.surface``) and the linear regions of a ReLU network
(``core.regions``).  Pure functions to figure dicts, as in plots.figures."""
import numpy as np

from .figures import PLANE_AXES, _figure, _plane_axes, _points
from .names import hidden_name
from .raster import colorbar_trace, colorize, hex_rgb, image_over
from .style import CLASS_COLORS, POINT_OUTLINE, base_layout, log_axis, pale, rounded

# Dark is low: the valley floor reads as the deepest colour (viridis' ends, evenly spaced).
LOSS_SCALE = [[0.0, "#440154"], [0.25, "#3B528B"], [0.5, "#21908C"], [0.75, "#5DC963"], [1.0, "#FDE725"]]
PATH_LINE = "#FFFFFF"
MARKER_COLOR = CLASS_COLORS[0]
# Regions are told apart, not ranked: a qualitative palette (Paul Tol's "light"), pale
# enough under the data points; region numbers are spread over it so that regions
# numbered one apart (often neighbours: their on/off patterns differ in one unit) differ in colour.
REGION_COLORS = ("#77AADD", "#EE8866", "#EEDD88", "#FFAABB", "#99DDFF", "#44BB99", "#BBCC33", "#DDDDDD")
REGION_STRENGTH = 0.7  # share of each colour, the rest white
COLOR_STRIDE = 3  # coprime with the palette's length: every colour is used before one repeats
HINGE_LINE = dict(color="#1F1F1F", width=1.5, dash="dash")


def loss_surface_figure(surface, epoch=None, height=340):
    """The training loss over the plane of ``surface`` (a core.surface.LossSurface) as
    an image coloured on a log scale, with the path on it and a marker at ``epoch``
    (default: the path's last point).  Axes α, β in parameter units, equal in scale; the
    title gives the share of the path the plane holds (``surface.explained``).  An image,
    not a heatmap: the marker moves every frame, and Plotly would redraw a heatmap each time."""
    epochs, path = surface.path_epochs, surface.path
    at = int(np.flatnonzero(epochs <= (epochs[-1] if epoch is None else epoch))[-1])
    low, high = loss_range(surface.loss)
    with np.errstate(divide="ignore", invalid="ignore"):
        image = colorize(np.log10(surface.loss), LOSS_SCALE, low, high)
    extent = ((surface.alpha[0], surface.alpha[-1]), (surface.beta[0], surface.beta[-1]))
    colorbar = colorbar_trace(LOSS_SCALE, low, high, "loss")
    ticks = log_axis(10 ** np.array([low, high]))
    colorbar["marker"]["colorbar"].update(tickvals=np.log10(ticks["tickvals"]).tolist(), ticktext=ticks["ticktext"])
    data = [colorbar,
            dict(type="scatter", name="path", mode="lines", x=rounded(path[:, 0], 4),
                 y=rounded(path[:, 1], 4), text=[f"{e:,}" for e in epochs], line=dict(color=PATH_LINE, width=2),
                 hovertemplate="epoch %{text}<extra>path</extra>"),
            dict(type="scatter", name="marker", mode="markers", x=rounded(path[at:at + 1, 0], 4),
                 y=rounded(path[at:at + 1, 1], 4), text=[f"{epochs[at]:,}"],
                 marker=dict(symbol="star", size=18, color=MARKER_COLOR, line=POINT_OUTLINE),
                 hovertemplate="epoch %{text}<extra>shown</extra>")]
    title = f"Loss surface, epoch {epochs[at]:,} ({surface.explained:.0%} of the path in the plane)"
    layout = base_layout(height, title, showlegend=False, images=[image_over(image, *extent)],
                         annotations=[_start_label(path[0], f"epoch {epochs[0]:,}")],
                         **_plane_axes(surface.alpha, surface.beta, ("direction 1 (α)", "direction 2 (β)")))
    return _figure(data, layout)


def loss_range(loss):
    """(low, high) log10 of the finite positive losses of a grid: its colour scale's ends."""
    finite = loss[np.isfinite(loss) & (loss > 0)]
    if not len(finite):
        return 0.0, 1.0
    low, high = np.log10(finite.min()), np.log10(finite.max())
    return float(low), float(max(high, low + 1e-6))  # a flat grid still has a scale


def _start_label(start, text):
    """An annotation naming the path's first point (α, β), set off towards the plane's
    centre so that it stays inside the plot (pixels: y grows downwards)."""
    return dict(x=float(start[0]), y=float(start[1]), text=text, showarrow=True, arrowcolor=PATH_LINE,
                ax=-30 if start[0] > 0 else 30, ay=22 if start[1] > 0 else -22, font=dict(color=PATH_LINE, size=13))


def region_colors(region):
    """(R, R) region numbers -> (R, R, 3) RGB bytes from REGION_COLORS, paled (as the
    boundary's background is) so that points of the classes' own colours stand out."""
    palette = np.array([hex_rgb(pale(c, REGION_STRENGTH)) for c in REGION_COLORS], dtype=np.uint8)
    return palette[(region * COLOR_STRIDE) % len(palette)]


def hinge_segment(hinge, bounds):
    """The two ends ((x, x'), (y, y')) of the hinge line w1·x1 + w2·x2 + b = 0 (``hinge`` =
    (w1, w2, b)) across the box ``bounds`` = ((x0, x1), (y0, y1)), or None when the unit
    never switches (w1 = w2 = 0).  Solved along the axis the line crosses more steeply."""
    w1, w2, b = hinge
    (x0, x1), (y0, y1) = bounds
    if w1 == w2 == 0:
        return None
    if abs(w2) >= abs(w1):
        return (x0, x1), (-(w1 * x0 + b) / w2, -(w1 * x1 + b) / w2)
    return (-(w2 * y0 + b) / w1, -(w2 * y1 + b) / w1), (y0, y1)


def linear_regions_figure(regions, snap, height=340):
    """The input plane coloured by linear region (``regions``: a core.regions.Regions),
    each first-layer unit's hinge line dashed, the training points of ``snap`` on top;
    the title counts the regions."""
    gx, gy = regions.grid_x, regions.grid_y
    bounds = ((gx[0], gx[-1]), (gy[0], gy[-1]))
    data = []
    for unit, hinge in enumerate(() if regions.hinges is None else regions.hinges):
        ends = hinge_segment(hinge, bounds)
        if ends is not None:
            data.append(dict(type="scatter", mode="lines", name=hidden_name(1, unit), x=rounded(ends[0], 4),
                             y=rounded(ends[1], 4), line=HINGE_LINE,
                             hovertemplate=f"{hidden_name(1, unit)} switches here<extra></extra>"))
    data += _points(snap, snap.data.X_train, snap.data.y_train, "train", "circle", 1.0)
    lines = "" if regions.hinges is not None else " (hinge lines only on the raw inputs x₁, x₂)"
    title = f"{regions.count:,} linear region{'s' if regions.count != 1 else ''}{lines}"
    layout = base_layout(height, title, showlegend=False, images=[image_over(region_colors(regions.region), *bounds)],
                         **_plane_axes(gx, gy, PLANE_AXES))
    return _figure(data, layout)


def region_sweep_figure(counts, depths, widths, epochs, height=260):
    """Region counts by depth × width, ``counts`` = {label: (len(depths), len(widths))
    array} (e.g. at initialisation and after ``epochs``), one heatmap each, side by
    side on one colour scale, each cell printed."""
    top = max(int(c.max()) for c in counts.values())
    gap, n = 0.1, len(counts)
    width = (1 - gap * (n - 1)) / n
    data, layout = [], base_layout(height, f"Regions by depth × width (ReLU; training: {epochs:,} epochs)",
                                   margin=dict(l=60, r=20, t=70, b=50))
    for i, (label, grid) in enumerate(counts.items()):
        axis = "" if i == 0 else str(i + 1)
        data.append(dict(type="heatmap", x=list(widths), y=list(depths), z=grid.tolist(), zmin=1, zmax=top,
                         colorscale=LOSS_SCALE, showscale=False, texttemplate="%{z}", xaxis=f"x{axis}",
                         yaxis=f"y{axis}", name=label,
                         hovertemplate="depth %{y}, width %{x}: %{z} regions<extra>" + label + "</extra>"))
        x0 = i * (width + gap)
        layout[f"xaxis{axis}"] = dict(domain=[x0, x0 + width], title=dict(text=f"width ({label})"), dtick=1,
                                      anchor=f"y{axis}")
        layout[f"yaxis{axis}"] = dict(dtick=1, anchor=f"x{axis}", **({"title": dict(text="depth")} if i == 0 else {}))
    return _figure(data, layout)
