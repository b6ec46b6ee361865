"""Colours, sizes, the chart templates and number formatting shared by every
figure: large type for the back row, an orange/blue palette that survives
colour blindness and projectors, and one template per page theme.

Every figure is built with the light template; a page in dark mode swaps in
the dark one (``themed``, or ui/live_chart.py in the browser).  Text colours
come from the template only, so that swap changes every label at once.
Titles are always ``{"text": ...}``: plotly.js 3 and later ignore a bare string.
"""
import numpy as np

CLASS_COLORS = ("#E8710A", "#1A73C8", "#7B3294", "#1B9E77")  # class 0, 1, 2, 3
DIVERGING = [[0.0, CLASS_COLORS[0]], [0.5, "#F4F4F4"], [1.0, CLASS_COLORS[1]]]
# Backgrounds under data points are pale, as in TensorFlow Playground, so that
# points in the full class colours stand out on the region of their own class.
BACKGROUND_STRENGTH = 0.45  # share of the class colour at full confidence; the rest is white


def pale(color, strength=BACKGROUND_STRENGTH):
    """"#rrggbb" mixed with white: ``strength`` of the colour, the rest white."""
    rgb = [int(color[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * strength):02X}" for c in rgb)


BACKGROUND_SCALE = [[0.0, pale(CLASS_COLORS[0])], [0.5, "#F7F7F7"], [1.0, pale(CLASS_COLORS[1])]]
ACTIVATION_SCALE = [[0.0, "#C2410C"], [0.5, "#F4F4F4"], [1.0, "#1D4ED8"]]
TRAIN_LINE, TEST_LINE = "#1A73C8", "#E8710A"
# Runs compared on one chart: Okabe and Ito's blue and vermillion (apart for
# every common colour blindness), and each run its own dashes as well.
RUN_COLORS = ("#1A73C8", "#D55E00")
RUN_DASHES = (("solid", "dot"), ("dash", "dashdot"))  # (train, test) per run
# Points sit on pale backgrounds in either theme: a dark rim keeps every one visible.
POINT_OUTLINE = dict(width=1.2, color="#1F1F1F")
# Neuron surgery on the diagram: a frozen neuron's outline (amber, plain on a light
# and a dark page) and the cross on a switched-off one's tile (dark on its grey).
FROZEN_COLOR, SWITCHED_OFF_COLOR = "#F9AB00", "#3C4043"
# Streamlit's own typeface.  Quoted: unquoted, "Source Sans 3" (a name with a
# digit) is invalid CSS, the browser drops the whole font-family, and Plotly's
# text falls back to Open Sans, wider than Plotly measured it (a clipped legend).
# What a diverged network's NaN and ±inf are drawn in: on no scale, and like no class.
NOT_A_NUMBER = "#9E9E9E"
FONT = dict(family='"Source Sans", "Source Sans Pro", "Source Sans 3", Arial, sans-serif', size=15)
TITLE_FONT = dict(size=18)
# Keeps zoom, pan and legend state across live updates of the same chart.
UIREVISION = "keep"

# Streamlit 1.67's own page colours, so that a chart reads as part of the page.
THEME_COLORS = {
    "light": dict(background="rgb(255, 255, 255)", text="rgb(47, 45, 43)", hover="rgb(255, 255, 255)"),
    "dark": dict(background="rgb(23, 22, 20)", text="rgb(237, 235, 232)", hover="rgb(45, 43, 40)"),
}


def _faint(rgb, alpha):
    return rgb.replace("rgb(", "rgba(").replace(")", f", {alpha})")


def _template(background, text, hover):
    """A Plotly template (``layout.template``) in these colours."""
    axis = dict(gridcolor=_faint(text, 0.14), zerolinecolor=_faint(text, 0.3), linecolor=_faint(text, 0.3),
                tickcolor=_faint(text, 0.3))
    scene_axis = axis | dict(backgroundcolor=background, showbackground=False)
    return {"layout": dict(
        font=dict(color=text), paper_bgcolor=background, plot_bgcolor=background,
        xaxis=axis, yaxis=axis, scene=dict(xaxis=scene_axis, yaxis=scene_axis, zaxis=scene_axis),
        legend=dict(bgcolor="rgba(0,0,0,0)", font=dict(color=text)),
        hoverlabel=dict(bgcolor=hover, bordercolor=text, font=dict(color=text)),
        shapedefaults=dict(line=dict(color=text)))}


TEMPLATES = {theme: _template(**colors) for theme, colors in THEME_COLORS.items()}


def themed(figure, theme):
    """``figure`` in the template of ``theme`` ("light" or "dark"), as a new dict."""
    layout = dict(figure["layout"], template=TEMPLATES[theme])
    return {"data": figure["data"], "layout": layout}


def base_layout(height, title, **extra):
    layout = dict(height=height, margin=dict(l=60, r=20, t=48, b=50), font=FONT,
                  template=TEMPLATES["light"], uirevision=UIREVISION,
                  title=dict(text=title, x=0.01, xanchor="left", y=0.98, yanchor="top", font=TITLE_FONT))
    layout.update(extra)
    for axis in ("xaxis", "yaxis"):
        layout.setdefault(axis, {})["automargin"] = True
    return layout


def log_axis(values):
    """A log axis over ``values`` labelled only where a reader expects: at 1, 2
    and 5 times each power of ten, or at powers of ten alone when the values
    span more than two decades (Plotly's own minor labels crowd a small chart)."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values) & (values > 0)]
    if not len(values):
        return dict(type="log")
    low, high = np.floor(np.log10(values.min())), np.ceil(np.log10(values.max()))
    steps = (1,) if np.log10(values.max()) - np.log10(values.min()) > 2 else (1, 2, 5)
    with np.errstate(over="ignore"):  # 5e308 is past a float: such ticks are left out
        ticks = [t for t in (m * 10.0 ** e for e in np.arange(low, high + 1) for m in steps) if np.isfinite(t)]
    # One tick on each side of the data, so that its ends are labelled too.
    inside = [t for t in ticks if values.min() <= t <= values.max()]
    below = [t for t in ticks if t < values.min()][-1:]
    above = [t for t in ticks if t > values.max()][:1]
    ticks = below + inside + above
    return dict(type="log", tickmode="array", tickvals=ticks, ticktext=[f"{t:g}" for t in ticks])


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
