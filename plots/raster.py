"""Grids of values as small PNG images.

Plotly redraws a heatmap by interpolating it cell by cell in JavaScript (about
25 ms for a 50×50 grid in a software-rendered browser); an image is decoded
once and scaled smoothly by the browser (about 1 ms).  Live views redraw many
times a second, so their backgrounds are images.
"""
import base64
import struct
import zlib

import numpy as np

from .style import NOT_A_NUMBER


def hex_rgb(color):
    """"#rrggbb" -> [r, g, b] as integers 0..255."""
    return [int(color[i:i + 2], 16) for i in (1, 3, 5)]


def colorize(values, colorscale, vmin, vmax, gaps=None):
    """(H, W) values -> (H, W, 4) RGBA bytes on a Plotly-style colorscale
    ([[position, "#rrggbb"], ...]).  Values that are not finite (NaN or ±inf,
    from a diverged network) are NOT_A_NUMBER grey; where the boolean (H, W)
    mask ``gaps`` is True, the image is transparent."""
    positions = np.array([p for p, _ in colorscale])
    colors = np.array([hex_rgb(c) for _, c in colorscale], dtype=float)
    values = np.asarray(values, dtype=float)
    finite = np.isfinite(values)
    t = np.clip((np.where(finite, values, vmin) - vmin) / (vmax - vmin), 0.0, 1.0)
    rgba = np.empty(t.shape + (4,), dtype=np.uint8)
    for channel, missing in enumerate(hex_rgb(NOT_A_NUMBER)):
        rgba[..., channel] = np.where(finite, np.interp(t, positions, colors[:, channel]).round(), missing)
    rgba[..., 3] = 255 if gaps is None else np.where(gaps, 0, 255)
    return rgba


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_COLOR_TYPES = {3: 2, 4: 6}  # channels -> PNG colour type: RGB, RGBA
_SUB_FILTER = 1  # each byte minus the one a pixel to its left (PNG's filter type 1)


def _png_chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_uri(rgba):
    """(H, W, 3 or 4) uint8 -> "data:image/png;base64,...", rows from the top.

    Written here rather than by Pillow: live frames encode several images each,
    and Pillow's encoder took twice as long (1.4 ms against 0.6 ms for a network
    diagram's mosaic).  Every row is Sub-filtered, whose differences of smooth
    colours compress as well as Pillow's own choice of filters, at zlib's level 1."""
    height, width, channels = rgba.shape
    rows = np.ascontiguousarray(rgba, dtype=np.uint8).reshape(height, width * channels)
    filtered = np.empty((height, width * channels + 1), np.uint8)
    filtered[:, 0] = _SUB_FILTER
    filtered[:, 1:channels + 1] = rows[:, :channels]
    np.subtract(rows[:, channels:], rows[:, :-channels], out=filtered[:, channels + 1:])  # wraps modulo 256, as PNG's
    header = struct.pack(">IIBBBBB", width, height, 8, _COLOR_TYPES[channels], 0, 0, 0)
    png = (_PNG_SIGNATURE + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", zlib.compress(filtered.tobytes(), 1))
           + _png_chunk(b"IEND", b""))
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def image_over(rgba_rows_up, x_range, y_range, opacity=1.0):
    """A layout image filling the data rectangle x_range × y_range; the array's
    row 0 is the lowest y (as in core's grids), so it is flipped for the PNG."""
    (x0, x1), (y0, y1) = x_range, y_range
    return dict(source=png_uri(rgba_rows_up[::-1]), xref="x", yref="y", x=x0, y=y1,
                sizex=x1 - x0, sizey=y1 - y0, sizing="stretch", layer="below", opacity=opacity)


def colorbar_trace(colorscale, vmin, vmax, title):
    """An invisible one-point trace that only draws a colour bar."""
    return dict(type="scatter", x=[None], y=[None], mode="markers", showlegend=False, hoverinfo="skip",
                marker=dict(color=[vmin], colorscale=colorscale, cmin=vmin, cmax=vmax, showscale=True,
                            colorbar=dict(title=dict(text=title, side="right", font=dict(size=13)),
                                          tickfont=dict(size=13), thickness=12, len=0.8)))
