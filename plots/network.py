"""The network as a diagram, in the spirit of TensorFlow Playground: every
neuron is a small picture of its output over the input plane, and every link
is coloured by its weight's sign and drawn as thick as its magnitude.

All tiles live in one image (a mosaic with transparent gaps) rather than one
heatmap or subplot each: with dozens of neurons, subplots cost hundreds of
milliseconds per redraw, the image about one.
"""
import functools
from dataclasses import dataclass

import numpy as np

from core.nn import ACTIVATIONS, DEFAULT_OUTPUT, OUTPUT_LOSSES

from .names import link_name, unit_names, weight_value
from .raster import palette, palette_indices, png_uri
from .style import (ACTIVATION_SCALE, CLASS_COLORS, FROZEN_COLOR, NOT_A_NUMBER, SWITCHED_OFF_COLOR, base_layout,
                    magnitude)

TILE = 16          # cells per tile side
MIN_GAP_X = 4.75 * TILE  # the least room for the links between layers: two pairs of buttons
GAP_Y = 0.12 * TILE  # tiles close: a column of eight on a projector's short panel is as tall as its tiles
# The Network panel's plot area is 2.07 (1920x1080) to 4.5 (1280x720, presenter)
# times as wide as tall: links drawn long enough to give the diagram the least
# of these shapes spread it over the width without shrinking its tiles, which
# the height sets.
PANEL_ASPECT = 2.0
SHORT_HEADINGS_FROM = 3  # hidden layers from which a column's heading is "h1", not "hidden 1"
WIDTH_BUCKETS = 4
HOVER_SPOTS = [(0.5, 0.5), (0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)]  # over a tile, as fractions
ASSUMED_WIDTH_PX = 600  # about the diagram's width on a laptop; used only to space hover points
HOVER_SPACING_PX = 20   # a pointer on a link is at most 10 px from one: inside Plotly's 20 px hover distance


def _signed_unit(values, value_range):
    """Map a tile's values to [-1, 1] for one shared colour scale: a bounded
    range (lowest, highest) end to end, anything else (None) by its magnitude."""
    if value_range is None:
        return values / magnitude(values)
    lowest, highest = value_range
    return (2.0 * values - (lowest + highest)) / (highest - lowest)


def _columns(snap):
    """[(heading, unit names, tiles (R, R, n), value range or None, what each tile shows)] from inputs to outputs."""
    cfg = snap.config
    names = unit_names(snap)
    columns = [("inputs", names[0], snap.grid_inputs, None, ["value"] * len(names[0]))]
    # Narrow columns take a heading as short as the neurons' names (h1.1, h1.2, ...).
    short = len(snap.grid_hidden) >= SHORT_HEADINGS_FROM
    for l, (grid, name) in enumerate(zip(snap.grid_hidden, cfg.hidden_activations), start=1):
        activation = ACTIVATIONS[name]
        columns.append((f"h{l}" if short else f"hidden {l}", names[l], grid,
                        activation.output_range if activation.bounded else None, ["output"] * len(names[l])))
    out = snap.grid_output
    if snap.data.task == "classification":
        shows = ["P(class 1)"] if out.shape[2] == 1 else [f"P(class {k})" for k in range(out.shape[2])]
        output_range = OUTPUT_LOSSES[cfg.output or DEFAULT_OUTPUT[snap.data.task]].output_range
        columns.append(("output", names[-1], out, output_range, shows))
    else:
        columns.append(("output", names[-1], out, None, ["prediction"]))
    return columns


def _tile_origins(sizes):
    """Top-left (x, y) of every tile, columns centred vertically; whole cells, so
    that a tile can be cut out of the mosaic exactly (ui/live_chart.py does)."""
    tallest, pitch = max(sizes), _pitch(sizes)
    origins = []
    for c, n in enumerate(sizes):
        top = (tallest - n) * (TILE + GAP_Y) / 2
        origins.append([(round(c * pitch), round(top + i * (TILE + GAP_Y))) for i in range(n)])
    return origins


def _tile_cells(tiles):
    """(R, R, n) grids -> (TILE, TILE, n), sampled evenly over the whole plane."""
    index = np.linspace(0, tiles.shape[0] - 1, TILE).round().astype(int)
    return tiles[np.ix_(index, index)]


# A diagram unit is drawn 0.6 px (1280x720, presenter, seven neurons a layer) to
# 2.8 px wide: the room around a button (24 px in presenter mode, else 17 px)
# is what it needs at 0.6 px.
BUTTON_GAP = 1.4 * TILE   # from the lowest tile down to the row of − and + buttons
PAIR = 1.4 * TILE         # from a pair's centre to each of its two buttons
BUTTON_REACH = 10.0       # a click this near a button's centre presses it
LABEL_DROP = 1.35 * TILE  # from the buttons down to the top of their labels (which hang into the margin)
LEFT = TILE / 2 - PAIR - BUTTON_REACH - 3  # the diagram's left edge: room for the inputs' − button
TOP = -2.0                # its top edge: tiles start at 0, their headings above it


def _button_row(sizes):
    return max(sizes) * (TILE + GAP_Y) - GAP_Y + BUTTON_GAP


def _bottom(sizes):
    return _button_row(sizes) + LABEL_DROP + 2


def _pitch(sizes):
    """From one column's left edge to the next one's, in diagram units: links of at
    least MIN_GAP_X, longer if that brings the diagram to about PANEL_ASPECT."""
    columns = len(sizes)
    wanted = PANEL_ASPECT * (_bottom(sizes) - TOP) + LEFT - columns * TILE
    return TILE + max(MIN_GAP_X, wanted / (columns - 1))


def shape_buttons(sizes):
    """The diagram's − and + buttons, as TensorFlow Playground has them, for a
    network whose columns have ``sizes`` units (inputs, hidden layers, outputs):
    [(x, y, symbol, change, hint)], ``change`` = ("neurons", layer, ±1) under
    each hidden layer's column, or ("layers", None, ±1) under the inputs' column
    (where no other button is: pairs a whole column apart never collide, however
    small the diagram is drawn)."""
    y, pitch = _button_row(sizes), _pitch(sizes)
    buttons = [(TILE / 2 - PAIR, y, "−", ("layers", None, -1), "Remove the last hidden layer"),
               (TILE / 2 + PAIR, y, "+", ("layers", None, +1), "Add a hidden layer")]
    for layer in range(1, len(sizes) - 1):
        centre = layer * pitch + TILE / 2
        buttons += [(centre - PAIR, y, "−", ("neurons", layer, -1), f"One neuron fewer in hidden layer {layer}"),
                    (centre + PAIR, y, "+", ("neurons", layer, +1), f"One neuron more in hidden layer {layer}")]
    return buttons


def shape_button_at(sizes, x, y):
    """The ``change`` of the button (see ``shape_buttons``) under the point (x, y) in
    diagram units, or None."""
    for bx, by, _, change, _ in shape_buttons(sizes):
        if abs(x - bx) <= BUTTON_REACH and abs(y - by) <= BUTTON_REACH:
            return change
    return None


def neuron_at(sizes, x, y):
    """(hidden layer from 1, unit from 0) of the hidden neuron whose tile holds the
    point (x, y) in diagram units, or None; ``sizes`` as in ``shape_buttons``."""
    origins = _tile_origins(sizes)
    for layer in range(1, len(sizes) - 1):
        for unit, (x0, y0) in enumerate(origins[layer]):
            # Mosaic cell c covers c - 0.5 to c + 0.5 (see network_figure).
            if x0 - 0.5 <= x <= x0 + TILE - 0.5 and y0 - 0.5 <= y <= y0 + TILE - 0.5:
                return layer, unit
    return None


SURGERY_NOTES = {"off": "switched off: its output is held at 0", "frozen": "frozen: its weights stay as they are"}


def _surgery_traces(snap, origins):
    """A cross over every switched-off neuron's tile (greyed in the mosaic) and an
    outline around every frozen one's, as two line traces (empty without surgery)."""
    low, high = -0.5, TILE - 0.5
    cross, outline = ([], []), ([], [])
    for (layer, unit) in snap.switched_off:
        x0, y0 = origins[layer][unit]
        cross[0].extend([x0 + low, x0 + high, None, x0 + low, x0 + high, None])
        cross[1].extend([y0 + low, y0 + high, None, y0 + high, y0 + low, None])
    for (layer, unit) in snap.frozen:
        x0, y0 = origins[layer][unit]
        outline[0].extend([x0 + low, x0 + high, x0 + high, x0 + low, x0 + low, None])
        outline[1].extend([y0 + low, y0 + low, y0 + high, y0 + high, y0 + low, None])
    return [dict(type="scatter", mode="lines", name=name, x=xs, y=ys, hoverinfo="skip", showlegend=False,
                 line=dict(color=color, width=width))
            for name, (xs, ys), color, width in (("switched off", cross, SWITCHED_OFF_COLOR, 2.5),
                                                 ("frozen", outline, FROZEN_COLOR, 3))]


def _shape_trace(sizes):
    buttons = shape_buttons(sizes)
    return dict(type="scatter", mode="markers+text", name="shape", showlegend=False,
                x=[b[0] for b in buttons], y=[b[1] for b in buttons], text=[b[2] for b in buttons],
                customdata=[b[4] for b in buttons], hovertemplate="%{customdata}<extra></extra>",
                textfont=dict(size=15), marker=dict(symbol="square", size=17, color="rgba(128,128,128,0.16)",
                                                   line=dict(width=1, color="rgba(128,128,128,0.6)")))


def _shape_labels(sizes):
    """Under each pair of buttons, what it changes: '2 layers', then each layer's
    neurons, as a bare number ('3 neurons' would run into its neighbour on a
    projector, where the type is larger and the diagram no wider)."""
    layers = len(sizes) - 2
    texts = [f"{layers} layer{'' if layers == 1 else 's'}"] + [str(n) for n in sizes[1:-1]]
    return [dict(x=x + PAIR, y=y + LABEL_DROP, text=text, showarrow=False, yanchor="top", font=dict(size=11))
            for (x, y, *_), text in zip(shape_buttons(sizes)[::2], texts)]


@dataclass(frozen=True)
class _Drawing:
    """What a diagram of one shape draws whatever the weights: built once per shape
    (``_drawing``) and shared by every frame and session, so never to be changed.
    Coordinates in diagram units (see ``network_figure``)."""
    origins: list      # per column, the (x, y) of each tile's top-left corner
    width: int         # the mosaic's size in cells
    tall: int
    gaps: np.ndarray   # (tall, width) bool: True between tiles
    node_x: list       # the neurons' hover points, HOVER_SPOTS per tile
    node_y: list
    tiles_at: list     # [x, y, size, name] of every tile
    links: list        # (layer, i, j, (x0, x1, None), (y0, y1, None)): every link, in the order drawn
    link_x: list       # the links' hover points, ``along`` per link
    link_y: list
    link_names: list   # the link of each of those points ("x₂ → h1.1")
    along: int
    annotations: list  # column headings, and the − and + buttons' labels
    shape: dict | None  # the − and + buttons' trace, when reshaping
    xaxis: dict
    yaxis: dict


@functools.lru_cache(maxsize=64)
def _drawing(sizes, names, headings, reshaping):
    """The ``_Drawing`` of a network with ``sizes`` units per column (inputs first),
    units ``names`` and column ``headings`` (tuples), with or without − and + buttons."""
    origins = _tile_origins(sizes)
    pitch = _pitch(sizes)
    width = int(round((len(sizes) - 1) * pitch) + TILE)
    tall = int(max(o[-1][1] for o in origins) + TILE)
    gaps = np.ones((tall, width), dtype=bool)
    node_x, node_y, tiles_at = [], [], []
    for column, tops in zip(names, origins):
        for name, (x0, y0) in zip(column, tops):
            gaps[y0:y0 + TILE, x0:x0 + TILE] = False
            # A few hover points over the whole tile: a single one would answer only near its centre.
            node_x += [x0 + fx * TILE for fx, _ in HOVER_SPOTS]
            node_y += [y0 + fy * TILE for _, fy in HOVER_SPOTS]
            tiles_at.append([x0, y0, TILE, name])
    gaps.flags.writeable = False
    # Fractions along a link: none at the middle, where the links of a 2 × 2 pair cross.
    n = _hover_points_per_link(width, pitch - TILE)
    along = (np.arange(n) + 0.5) / n
    links, link_x, link_y, link_names = [], [], [], []
    for l in range(len(sizes) - 1):
        for i, (sx, sy) in enumerate(origins[l]):
            for j, (tx, ty) in enumerate(origins[l + 1]):
                start, end = (sx + TILE, sy + TILE / 2), (tx, ty + TILE / 2)
                links.append((l, i, j, (start[0], end[0], None), (start[1], end[1], None)))
                link_names += [link_name(names[l][i], names[l + 1][j])] * n
                # Two decimals: one puts a point up to 0.07 units off its link's line.
                link_x += np.round(start[0] + along * (end[0] - start[0]), 2).tolist()
                link_y += np.round(start[1] + along * (end[1] - start[1]), 2).tolist()
    annotations = [dict(x=tops[0][0] + TILE / 2, y=-1.5, text=heading, showarrow=False, yanchor="bottom",
                        font=dict(size=13)) for heading, tops in zip(headings, origins)]
    if reshaping:
        annotations += _shape_labels(sizes)
    return _Drawing(origins, width, tall, gaps, node_x, node_y, tiles_at, links, link_x, link_y, link_names, n,
                    annotations, _shape_trace(sizes) if reshaping else None,
                    xaxis=dict(visible=False, range=[LEFT, width + 1], constrain="domain"),
                    yaxis=dict(visible=False, range=[_bottom(sizes), TOP], scaleanchor="x", constrain="domain"))


def network_figure(snap, height=300, reshaping=True):
    """One image of all neurons plus links; hover a neuron for its name, a link for its weight.
    Mosaic cell (row r, column c) covers x in [c - 0.5, c + 0.5], y likewise (y down).
    Hidden neurons under surgery (core.surgery) are marked: a switched-off one's
    tile greyed and crossed, a frozen one's outlined.  The neurons' hover trace lists each neuron's tile in the mosaic, [x, y, size, name],
    in ``meta["tiles"]`` (hover point p belongs to tile p // meta["spots"]), for the
    live chart to show a hovered neuron's tile large on the input plane.  Without
    ``reshaping``, no − and + buttons (an exercise that fixes the network's shape).
    What depends on the shape alone is built once per shape (``_drawing``): a live
    frame builds only what the weights change, and its lists are the same objects
    frame after frame (ui.live_chart encodes such a list once)."""
    columns = _columns(snap)
    sizes = tuple(tiles.shape[2] for _, _, tiles, _, _ in columns)
    drawing = _drawing(sizes, tuple(tuple(names) for _, names, _, _, _ in columns),
                       tuple(heading for heading, *_ in columns), reshaping)
    mosaic = np.zeros((drawing.tall, drawing.width))
    # A neuron's hover is its fixed heading (``text``) and what the weights change (``customdata``):
    # a frame re-sends only the second (ui.live_chart sends the fields that changed).
    headings, values = [], []
    for c, ((heading, names, tiles, value_range, shows), tops) in enumerate(zip(columns, drawing.origins)):
        small = _signed_unit(_tile_cells(tiles), value_range)
        bias = snap.params[f"b{c}"][0] if c else None  # column c > 0 is layer c
        for i, (x0, y0) in enumerate(tops):
            # Rows of the mosaic count downwards, so flip each tile to keep x₂ pointing up.
            mosaic[y0:y0 + TILE, x0:x0 + TILE] = np.nan if (c, i) in snap.switched_off else small[::-1, :, i]
            low, high = float(tiles[:, :, i].min()), float(tiles[:, :, i].max())  # a diverged neuron's says "nan"
            surgery = SURGERY_NOTES["off"] if (c, i) in snap.switched_off else (
                SURGERY_NOTES["frozen"] if (c, i) in snap.frozen else None)
            value = (f"{low:.3g} to {high:.3g}" + ("" if bias is None else f"<br>bias b{c}[0, {i}] = {bias[i]:.3f}")
                     + ("" if surgery is None else f"<br>{surgery}"))
            headings += [f"{names[i]}<br>{shows[i]} over the plane: "] * len(HOVER_SPOTS)
            values += [value] * len(HOVER_SPOTS)
    image = dict(source=png_uri(palette_indices(mosaic, -1.0, 1.0, drawing.gaps), palette(ACTIVATION_SCALE)),
                 xref="x", yref="y", x=-0.5, y=-0.5, sizex=drawing.width, sizey=drawing.tall, sizing="stretch",
                 layer="below")
    data = _links(snap, drawing)
    data.append(dict(type="scatter", mode="markers", x=drawing.node_x, y=drawing.node_y, text=headings,
                     customdata=values, name="neurons", meta=dict(tiles=drawing.tiles_at, spots=len(HOVER_SPOTS)),
                     showlegend=False, marker=dict(size=TILE / 2, color="rgba(0,0,0,0)"),
                     hovertemplate="%{text}%{customdata}<extra></extra>"))
    data += _surgery_traces(snap, drawing.origins)
    if reshaping:
        data.append(drawing.shape)
    layout = base_layout(height, "Network", showlegend=False,
                         annotations=drawing.annotations, images=[image], margin=dict(l=10, r=10, t=56, b=20),
                         xaxis=drawing.xaxis, yaxis=drawing.yaxis)
    # Another shape is another diagram: drawn afresh, not inside the old one's axes.
    layout["uirevision"] = "network " + "-".join(map(str, sizes))
    return {"data": data, "layout": layout}


def _hover_points_per_link(width, gap):
    """Enough hover points along a link that one is always near the pointer, for a
    diagram ``width`` units wide drawn about ASSUMED_WIDTH_PX pixels wide, its
    layers ``gap`` units apart; an even number, so that none is at a link's middle."""
    link_px = ASSUMED_WIDTH_PX * gap / width
    return 2 * int(np.clip(round(link_px / HOVER_SPACING_PX / 2), 2, 8))


def _links(snap, drawing):
    """Line traces (one per sign and thickness bucket, one for weights that are
    not finite: always all of them, some maybe empty, so that a live chart's frames
    patch the same traces, ui.live_chart) and invisible hover points along every
    link, each naming its own link and weight ("x₂ → h1.1 = 1.585");
    ``drawing`` is the shape's ``_Drawing``."""
    weights = [snap.params[f"W{l}"] for l in range(1, len(drawing.origins))]
    biggest = max(magnitude(W) for W in weights)
    buckets = {(positive, bucket): ([], []) for positive in (False, True) for bucket in range(WIDTH_BUCKETS)}
    not_finite = ([], [])
    values = []
    for l, i, j, xs_link, ys_link in drawing.links:
        w = float(weights[l][i, j])
        if np.isfinite(w):
            xs, ys = buckets[w > 0, min(WIDTH_BUCKETS - 1, int(abs(w) / biggest * WIDTH_BUCKETS))]
        else:
            xs, ys = not_finite
        xs += xs_link
        ys += ys_link
        values += [weight_value(w)] * drawing.along
    traces = [dict(type="scatter", mode="lines", x=xs, y=ys, hoverinfo="skip", showlegend=False,
                   line=dict(color=CLASS_COLORS[1] if positive else CLASS_COLORS[0],
                             width=0.6 + 1.6 * bucket), opacity=0.75)
              for (positive, bucket), (xs, ys) in buckets.items()]
    traces.append(dict(type="scatter", mode="lines", x=not_finite[0], y=not_finite[1], hoverinfo="skip",
                       showlegend=False, line=dict(color=NOT_A_NUMBER, width=0.6), opacity=0.75))
    # The links' names are the shape's (the same list every frame: not sent again), their weights the frame's.
    traces.append(dict(type="scatter", mode="markers", x=drawing.link_x, y=drawing.link_y, text=drawing.link_names,
                       customdata=values, name="links", showlegend=False, marker=dict(size=8, color="rgba(0,0,0,0)"),
                       hovertemplate="%{text} = %{customdata}<extra></extra>"))
    return traces
