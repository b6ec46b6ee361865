"""Grids of values as small PNG images.

Plotly redraws a heatmap by interpolating it cell by cell in JavaScript (about
25 ms for a 50×50 grid in a software-rendered browser); an image is decoded
once and scaled smoothly by the browser (about 1 ms).  Live views redraw many
times a second, so their backgrounds are images.
"""
import base64
import functools
import struct
import zlib

import numpy as np

from .style import NOT_A_NUMBER


def hex_rgb(color):
    """"#rrggbb" -> [r, g, b] as integers 0..255."""
    return [int(color[i:i + 2], 16) for i in (1, 3, 5)]


# A colour scale's palette: a transparent entry first (the PNG then lists only
# that one's opacity), the colour of values that are not finite, then
# SCALE_STEPS + 1 colours along the scale.
GAP_INDEX = 0
NOT_A_NUMBER_INDEX = 1
FIRST_STEP = 2
SCALE_STEPS = 253


@functools.lru_cache(maxsize=32)
def _palette(stops):
    positions, colors = np.array([p for p, _ in stops]), np.array([hex_rgb(c) for _, c in stops], dtype=float)
    steps = np.linspace(0.0, 1.0, SCALE_STEPS + 1)
    palette = np.zeros((256, 4), dtype=np.uint8)
    palette[FIRST_STEP:, :3] = np.stack([np.interp(steps, positions, colors[:, c]) for c in range(3)], 1).round()
    palette[FIRST_STEP:, 3] = 255
    palette[NOT_A_NUMBER_INDEX] = hex_rgb(NOT_A_NUMBER) + [255]
    palette.flags.writeable = False
    return palette


def palette(colorscale):
    """(256, 4) RGBA bytes of a Plotly-style colorscale ([[position, "#rrggbb"], ...]):
    transparent, NOT_A_NUMBER grey, then SCALE_STEPS + 1 colours evenly along the scale."""
    return _palette(tuple((float(p), c) for p, c in colorscale))


def palette_indices(values, vmin, vmax, gaps=None):
    """(H, W) values -> (H, W) uint8 indices into a ``palette``: vmin to vmax along the
    scale (clipped), NOT_A_NUMBER_INDEX where a value is not finite (NaN or ±inf, from a
    diverged network), GAP_INDEX where the boolean (H, W) mask ``gaps`` is True.  The
    scale's 254 steps are finer than anyone sees, and a frame's image is then one byte a pixel."""
    values = np.asarray(values, dtype=float)
    finite = np.isfinite(values)
    t = np.clip((np.where(finite, values, vmin) - vmin) / (vmax - vmin), 0.0, 1.0)
    index = np.where(finite, np.rint(t * SCALE_STEPS) + FIRST_STEP, NOT_A_NUMBER_INDEX).astype(np.uint8)
    if gaps is not None:
        index[gaps] = GAP_INDEX
    return index


def colorize(values, colorscale, vmin, vmax, gaps=None):
    """(H, W) values -> (H, W, 4) RGBA bytes on ``colorscale``, as ``palette_indices``
    places them (not-finite values grey, gaps transparent)."""
    return palette(colorscale)[palette_indices(values, vmin, vmax, gaps)]


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_COLOR_TYPES = {3: 2, 4: 6}  # channels -> PNG colour type: RGB, RGBA
_INDEXED = 3                # PNG's colour type of a palette image
_SUB_FILTER = 1  # each byte minus the one a pixel to its left (PNG's filter type 1)


def _png_chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_uri(pixels, palette=None):
    """(H, W, 3 or 4) uint8 -> "data:image/png;base64,...", rows from the top; or, with
    a (256, 4) RGBA ``palette``, (H, W) uint8 indices into it (see ``palette_indices``).

    Written here rather than by Pillow: live frames encode several images each,
    and Pillow's encoder took twice as long (1.4 ms against 0.6 ms for a network
    diagram's mosaic).  Every row is Sub-filtered, whose differences of smooth
    colours compress as well as Pillow's own choice of filters, at zlib's level 1."""
    height, width = pixels.shape[:2]
    channels = 1 if palette is not None else pixels.shape[2]
    rows = np.ascontiguousarray(pixels, dtype=np.uint8).reshape(height, width * channels)
    filtered = np.empty((height, width * channels + 1), np.uint8)
    filtered[:, 0] = _SUB_FILTER
    filtered[:, 1:channels + 1] = rows[:, :channels]
    np.subtract(rows[:, channels:], rows[:, :-channels], out=filtered[:, channels + 1:])  # wraps modulo 256, as PNG's
    kind = _INDEXED if palette is not None else _COLOR_TYPES[channels]
    chunks = [_png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, kind, 0, 0, 0))]
    if palette is not None:
        # tRNS lists the opacities up to the last entry that is not opaque (the others are).
        seen_through = int(np.flatnonzero(palette[:, 3] < 255).max(initial=-1)) + 1
        chunks.append(_png_chunk(b"PLTE", palette[:, :3].tobytes()))
        if seen_through:
            chunks.append(_png_chunk(b"tRNS", palette[:seen_through, 3].tobytes()))
    chunks += [_png_chunk(b"IDAT", zlib.compress(filtered.tobytes(), 1)), _png_chunk(b"IEND", b"")]
    return "data:image/png;base64," + base64.b64encode(_PNG_SIGNATURE + b"".join(chunks)).decode("ascii")


def image_over(rows_up, x_range, y_range, opacity=1.0, palette=None):
    """A layout image filling the data rectangle x_range × y_range, of pixels as
    ``png_uri`` takes them; the array's row 0 is the lowest y (as in core's grids),
    so it is flipped for the PNG."""
    (x0, x1), (y0, y1) = x_range, y_range
    return dict(source=png_uri(rows_up[::-1], palette), xref="x", yref="y", x=x0, y=y1,
                sizex=x1 - x0, sizey=y1 - y0, sizing="stretch", layer="below", opacity=opacity)


def colorbar_trace(colorscale, vmin, vmax, title):
    """An invisible one-point trace that only draws a colour bar."""
    return dict(type="scatter", x=[None], y=[None], mode="markers", showlegend=False, hoverinfo="skip",
                marker=dict(color=[vmin], colorscale=colorscale, cmin=vmin, cmax=vmax, showscale=True,
                            colorbar=dict(title=dict(text=title, side="right", font=dict(size=13)),
                                          tickfont=dict(size=13), thickness=12, len=0.8)))
