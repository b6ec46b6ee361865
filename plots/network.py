"""The network as a diagram, in the spirit of TensorFlow Playground: every
neuron is a small picture of its output over the input plane, and every link
is coloured by its weight's sign and drawn as thick as its magnitude.

All tiles live in one image (a mosaic with transparent gaps) rather than one
heatmap or subplot each: with dozens of neurons, subplots cost hundreds of
milliseconds per redraw, the image about one.
"""
import numpy as np

from .raster import colorize, png_uri
from .style import ACTIVATION_SCALE, CLASS_COLORS, NOT_A_NUMBER, base_layout, magnitude

TILE = 16          # cells per tile side
GAP_X = 3.0 * TILE  # room for the links between layers
GAP_Y = 0.4 * TILE
WIDTH_BUCKETS = 4


def _signed_unit(values, kind):
    """Map a tile's values to [-1, 1] for one shared colour scale."""
    if kind == "sigmoid" or kind == "probability":
        return 2.0 * values - 1.0
    if kind == "tanh":
        return values
    return values / magnitude(values)


def _columns(snap):
    """[(heading, labels, tiles (R, R, n), colour kind)] from inputs to outputs."""
    cfg = snap.config
    columns = [("inputs", list(cfg.features), snap.grid_inputs, "scaled")]
    for l, grid in enumerate(snap.grid_hidden, start=1):
        columns.append((f"hidden {l}", [f"h{l}.{i + 1}" for i in range(grid.shape[2])], grid,
                        cfg.activation if cfg.activation in ("sigmoid", "tanh") else "scaled"))
    out = snap.grid_output
    kind = "probability" if snap.task == "classification" else "scaled"
    labels = ["P(class 1)"] if out.shape[2] == 1 else [f"P(class {k})" for k in range(out.shape[2])]
    columns.append(("output", labels if snap.task == "classification" else ["prediction"], out, kind))
    return columns


def _tile_origins(sizes):
    """Top-left (x, y) of every tile, columns centred vertically."""
    tallest = max(sizes)
    origins = []
    for c, n in enumerate(sizes):
        top = (tallest - n) * (TILE + GAP_Y) / 2
        origins.append([(c * (TILE + GAP_X), top + i * (TILE + GAP_Y)) for i in range(n)])
    return origins


def network_figure(snap, height=300):
    """One image of all neurons plus links; hover a neuron for its name, a link for its weight.
    Mosaic cell (row r, column c) covers x in [c - 0.5, c + 0.5], y likewise (y down)."""
    columns = _columns(snap)
    origins = _tile_origins([tiles.shape[2] for _, _, tiles, _ in columns])
    width = int(len(columns) * TILE + (len(columns) - 1) * GAP_X)
    tall = int(max(o[-1][1] for o in origins) + TILE)
    mosaic, gaps = np.zeros((tall, width)), np.ones((tall, width), dtype=bool)
    step = max(1, snap.grid_output.shape[0] // TILE)
    annotations, node_x, node_y, node_text = [], [], [], []
    for c, ((heading, labels, tiles, kind), tops) in enumerate(zip(columns, origins)):
        small = _signed_unit(tiles[::step, ::step][:TILE, :TILE], kind)
        bias = snap.params[f"b{c}"][0] if c else None  # column c > 0 is layer c
        for i, (x0, y0) in enumerate(tops):
            # Rows of the mosaic count downwards, so flip each tile to keep x₂ pointing up.
            mosaic[int(y0):int(y0) + TILE, int(x0):int(x0) + TILE] = small[::-1, :, i]
            gaps[int(y0):int(y0) + TILE, int(x0):int(x0) + TILE] = False
            node_x.append(x0 + TILE / 2)
            node_y.append(y0 + TILE / 2)
            low, high = float(tiles[:, :, i].min()), float(tiles[:, :, i].max())  # a diverged neuron's says "nan"
            node_text.append(f"{labels[i]}<br>output over the plane: {low:.3g} to {high:.3g}"
                             + ("" if bias is None else f"<br>bias b{c}[0, {i}] = {bias[i]:.3f}"))
        annotations.append(dict(x=tops[0][0] + TILE / 2, y=-1.5, text=heading, showarrow=False,
                                yanchor="bottom", font=dict(size=13)))
    image = dict(source=png_uri(colorize(mosaic, ACTIVATION_SCALE, -1.0, 1.0, gaps)), xref="x", yref="y",
                 x=-0.5, y=-0.5, sizex=width, sizey=tall, sizing="stretch", layer="below")
    data = _links(snap, origins)
    data.append(dict(type="scatter", mode="markers", x=node_x, y=node_y, text=node_text,
                     marker=dict(size=TILE, color="rgba(0,0,0,0)"), hovertemplate="%{text}<extra></extra>",
                     showlegend=False))
    layout = base_layout(height, "Network", showlegend=False,
                         annotations=annotations, images=[image], margin=dict(l=10, r=10, t=64, b=10),
                         xaxis=dict(visible=False, range=[-2, width + 1], constrain="domain"),
                         yaxis=dict(visible=False, range=[tall + 1, -4], scaleanchor="x", constrain="domain"))
    return {"data": data, "layout": layout}


def _links(snap, origins):
    """Line traces (one per sign and thickness bucket, one for weights that are
    not finite) and an invisible hover marker per link."""
    weights = [snap.params[f"W{l}"] for l in range(1, len(origins))]
    biggest = max(magnitude(W) for W in weights)
    buckets, not_finite = {}, ([], [])
    mid_x, mid_y, mid_text = [], [], []
    for l, W in enumerate(weights):
        for i, (sx, sy) in enumerate(origins[l]):
            for j, (tx, ty) in enumerate(origins[l + 1]):
                w = float(W[i, j])
                if np.isfinite(w):
                    bucket = min(WIDTH_BUCKETS - 1, int(abs(w) / biggest * WIDTH_BUCKETS))
                    xs, ys = buckets.setdefault((w > 0, bucket), ([], []))
                else:
                    xs, ys = not_finite
                xs += [sx + TILE, tx, None]
                ys += [sy + TILE / 2, ty + TILE / 2, None]
                mid_x.append((sx + TILE + tx) / 2)
                mid_y.append((sy + ty) / 2 + TILE / 2)
                mid_text.append(f"W{l + 1}[{i}, {j}] = {w:.3f}")
    traces = [dict(type="scatter", mode="lines", x=xs, y=ys, hoverinfo="skip", showlegend=False,
                   line=dict(color=CLASS_COLORS[1] if positive else CLASS_COLORS[0],
                             width=0.6 + 1.6 * bucket), opacity=0.75)
              for (positive, bucket), (xs, ys) in sorted(buckets.items())]
    if not_finite[0]:
        traces.append(dict(type="scatter", mode="lines", x=not_finite[0], y=not_finite[1], hoverinfo="skip",
                           showlegend=False, line=dict(color=NOT_A_NUMBER, width=0.6), opacity=0.75))
    traces.append(dict(type="scatter", mode="markers", x=mid_x, y=mid_y, text=mid_text, showlegend=False,
                       marker=dict(size=10, color="rgba(0,0,0,0)"), hovertemplate="%{text}<extra></extra>"))
    return traces
