"""Grids of values as small PNG images.

Plotly redraws a heatmap by interpolating it cell by cell in JavaScript (about
25 ms for a 50×50 grid in a software-rendered browser); an image is decoded
once and scaled smoothly by the browser (about 1 ms).  Live views redraw many
times a second, so their backgrounds are images.
"""
import base64
import io

import numpy as np
from PIL import Image

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


def png_uri(rgba):
    """(H, W, 3 or 4) uint8 -> "data:image/png;base64,...", rows from the top."""
    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgba)).save(buffer, format="PNG", compress_level=1)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


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
