"""Colours, sizes and number formatting shared by every figure: large type for
the back row, an orange/blue palette that survives colour blindness and projectors."""
import numpy as np

CLASS_COLORS = ("#E8710A", "#1A73C8", "#7B3294", "#1B9E77")  # class 0, 1, 2, 3
DIVERGING = [[0.0, CLASS_COLORS[0]], [0.5, "#F4F4F4"], [1.0, CLASS_COLORS[1]]]
ACTIVATION_SCALE = [[0.0, "#C2410C"], [0.5, "#F4F4F4"], [1.0, "#1D4ED8"]]
TRAIN_LINE, TEST_LINE = "#1A73C8", "#E8710A"
# What a diverged network's NaN and ±inf are drawn in: on no scale, and like no class.
NOT_A_NUMBER = "#9E9E9E"
FONT = dict(family="Source Sans Pro, Source Sans 3, Arial, sans-serif", size=15, color="#31333F")
TITLE_FONT = dict(size=18)
# Keeps zoom, pan and legend state across live updates of the same chart.
UIREVISION = "keep"


def base_layout(height, title, **extra):
    layout = dict(height=height, margin=dict(l=60, r=20, t=48, b=50), font=FONT,
                  template="plotly_white", uirevision=UIREVISION,
                  title=dict(text=title, x=0.01, xanchor="left", y=0.98, yanchor="top", font=TITLE_FONT),
                  paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)")
    layout.update(extra)
    for axis in ("xaxis", "yaxis"):
        layout.setdefault(axis, {})["automargin"] = True
    return layout


def spread(n):
    """n offsets in [-0.5, 0.5), evenly scattered (golden-ratio steps), to lay out
    points along an axis that carries no data, so they do not hide each other."""
    return (np.arange(n) * 0.618) % 1 - 0.5


def empty_figure(height, message):
    """A figure with no axes, only a title saying why it is empty."""
    return {"data": [], "layout": base_layout(height, message, xaxis=dict(visible=False),
                                              yaxis=dict(visible=False))}


def rounded(values, decimals=3):
    """Nested lists for JSON: rounded (smaller messages), NaN and inf as None (null),
    which is how Plotly leaves a gap and what JSON allows."""
    array = np.asarray(values, dtype=float)
    # Beyond 1e15, rounding to a few decimals changes nothing a chart shows, and
    # for a diverged network's 1e300 it would overflow: such values stay as they are.
    with np.errstate(over="ignore"):
        array = np.where(np.abs(array) < 1e15, np.round(array, decimals), array)
    return np.where(np.isfinite(array), array, None).tolist()


def magnitude(values):
    """The largest finite |value| of an array, or 1 when there is none (or it is 0):
    the half-width of a symmetric colour range, whatever NaN or inf the array holds."""
    return float(np.abs(values[np.isfinite(values)]).max(initial=0.0)) or 1.0


def emphasize(figure, factor=1.4):
    """The same figure for a projector: type, lines and markers ``factor`` times
    larger.  Returns a new figure dict; works on any figure from this package."""
    def grow(node):
        if isinstance(node, dict):
            return {key: (value * factor if key in ("size", "width") and isinstance(value, (int, float))
                          and not isinstance(value, bool) else grow(value))
                    for key, value in node.items()}
        if isinstance(node, list) and node and isinstance(node[0], dict):
            return [grow(item) for item in node]
        return node
    layout = dict(figure["layout"])
    layout["font"] = dict(FONT, size=FONT["size"] * factor)
    return {"data": grow(figure["data"]), "layout": grow(layout) | {"font": layout["font"]}}
