"""Legible, consistent charts: text contrast in both themes, points that stand
out from their background, hover along every link naming its own link, one
naming scheme in every figure, coinciding points drawn apart, compared runs
that part for colour-blind readers too."""
import base64
import io
import re

import numpy as np
import plotly.graph_objects as go
import pytest
from PIL import Image

from core import PRESET_EPOCHS, Config, TrainingSession, preset
from plots import boundary_figure, hidden_space_figure, loss_figure, network_figure, neurons_figure
from plots.experiments import boundary_grid, final_loss_strip, seed_panels, sweep_panels
from plots.figures import losses_figure
from plots.names import input_name, unit_names
from plots.raster import colorize
from plots.style import (ACTIVATION_SCALE, BACKGROUND_SCALE, CLASS_COLORS, POINT_OUTLINE, RUN_COLORS, TEMPLATES,
                         empty_figure, log_axis, themed)
from tests.test_plots import decoded_png, hover_labels


# ------------------------------------------------------------- colour maths
def rgba(color):
    """"#rrggbb", "rgb(r, g, b)" or "rgba(r, g, b, a)" -> (r, g, b, a) with r, g, b in 0..255."""
    if color.startswith("#"):
        return tuple(int(color[i:i + 2], 16) for i in (1, 3, 5)) + (1.0,)
    parts = [float(p) for p in re.findall(r"[\d.]+", color)]
    return tuple(parts[:3]) + (parts[3] if len(parts) == 4 else 1.0,)


def over(color, background):
    """``color`` composited over an opaque ``background``, as "rgb(...)"."""
    *top, alpha = rgba(color)
    under = rgba(background)[:3]
    return "rgb({}, {}, {})".format(*(alpha * t + (1 - alpha) * u for t, u in zip(top, under)))


def luminance(color):
    """WCAG 2 relative luminance of an opaque colour."""
    channels = np.array(rgba(color)[:3]) / 255
    linear = np.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)
    return float(linear @ [0.2126, 0.7152, 0.0722])


def contrast(a, b):
    """WCAG 2 contrast ratio, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# ------------------------------------------------------------- snapshots
def trained(steps=200, resolution=30, **config):
    session = TrainingSession(Config(**config))
    session.step(steps)
    return session.snapshot(resolution)


@pytest.fixture(scope="module")
def xor_stuck():
    """The XOR tutorial as written: seed 42, 10,000 epochs, stuck."""
    session = TrainingSession(preset("xor-tutorial"))
    session.step(PRESET_EPOCHS["xor-tutorial"])
    return session.snapshot(resolution=60)


def every_figure():
    """One of each figure this package makes, on a few networks."""
    from core.experiments import seed_sweep
    moons = trained(test_fraction=0.25, hidden=(3,))
    deep = trained(dataset="three-classes", hidden=(4, 3), features=("x1", "x2", "x1*x2"))
    regression = trained(dataset="plane", hidden=(2,))
    runs = seed_sweep(preset("xor-tutorial"), [3, 42], 300, resolution=10)
    figures = [boundary_grid(seed_panels(runs), "Seeds", columns=2), final_loss_strip(runs),
               boundary_grid(sweep_panels([moons, regression]), "Sweep", columns=2),
               losses_figure({"A": moons, "B": moons}, log_y=True), loss_figure(moons, mark_epoch=100),
               empty_figure(200, "Nothing")]
    for snap in (moons, deep, regression):
        figures += [boundary_figure(snap), network_figure(snap), hidden_space_figure(snap), neurons_figure(snap)]
    return figures


def text_colours(node, background, path=""):
    """(where, text colour, what it sits on) for every font colour given in a figure's layout."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            yield from text_colours(item, background, f"{path}[{i}]")
    elif isinstance(node, dict):
        under = over(node["bgcolor"], background) if "bgcolor" in node else background
        font = node.get("font")
        if isinstance(font, dict) and "color" in font:
            yield path, font["color"], under
        for key, value in node.items():
            if key != "template":
                yield from text_colours(value, under, f"{path}.{key}")


# ------------------------------------------------------------- 11. templates
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_text_colour_of_the_template_reads_on_its_background(theme):
    layout = TEMPLATES[theme]["layout"]
    background = layout["paper_bgcolor"]
    assert layout["plot_bgcolor"] == background
    for text in (layout["font"]["color"], layout["legend"]["font"]["color"]):
        assert contrast(text, background) >= 4.5
    hover = layout["hoverlabel"]
    assert contrast(hover["font"]["color"], hover["bgcolor"]) >= 4.5


def test_the_two_templates_differ_where_the_theme_does():
    light, dark = TEMPLATES["light"]["layout"], TEMPLATES["dark"]["layout"]
    assert luminance(light["paper_bgcolor"]) > 0.9 > 0.1 > luminance(dark["paper_bgcolor"])
    assert light.keys() == dark.keys()


def test_every_figure_uses_the_template_and_its_own_text_colours_read_in_both_themes():
    for figure in every_figure():
        go.Figure(figure)  # valid Plotly, template included
        assert figure["layout"]["template"] is TEMPLATES["light"]
        for theme in ("light", "dark"):
            dark_figure = themed(figure, theme)
            assert dark_figure["layout"]["template"] is TEMPLATES[theme]
            background = TEMPLATES[theme]["layout"]["paper_bgcolor"]
            for where, text, under in text_colours(dark_figure["layout"], background):
                assert contrast(text, under) >= 4.5, (figure["layout"]["title"]["text"], where, theme)


def test_every_title_is_given_as_text_which_plotly_js_draws():
    """plotly.js 3 and later ignore a title given as a bare string (plotly.py still accepts one)."""
    def titles(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "title":
                    yield value
                elif key != "template":
                    yield from titles(value)
        elif isinstance(node, list):
            for item in node:
                yield from titles(item)
    found = [title for figure in every_figure() for title in titles(figure)]
    assert len(found) > 30 and all(isinstance(title, dict) and "text" in title for title in found)


def test_marks_on_charts_take_the_themes_text_colour():
    """Lines such as the replay's epoch and the median have no colour of their own."""
    snap = trained(steps=20)
    assert "color" not in loss_figure(snap, mark_epoch=5)["layout"]["shapes"][0]["line"]
    assert all("shapedefaults" in t["layout"] for t in TEMPLATES.values())


def test_log_axes_label_one_two_five_or_decades_only():
    short = log_axis([0.07, 0.3, 1.3])
    assert short["tickvals"] == pytest.approx([0.05, 0.1, 0.2, 0.5, 1, 2])
    assert short["ticktext"] == ["0.05", "0.1", "0.2", "0.5", "1", "2"]
    long = log_axis(np.geomspace(1e-5, 0.7, 50))
    assert long["tickvals"] == pytest.approx([1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1])
    snap = trained(steps=50)
    yaxis = loss_figure(snap, log_y=True)["layout"]["yaxis"]
    assert yaxis["type"] == "log" and yaxis["tickmode"] == "array"


def test_compared_runs_have_their_own_dashes_and_colours_that_part_for_deuteranopes():
    a, b = trained(steps=30, test_fraction=0.2), trained(steps=30, test_fraction=0.2, lr=1.0)
    lines = [t["line"] for t in losses_figure({"A": a, "B": b})["data"]]
    assert len({line["dash"] for line in lines}) == 4  # A train, A test, B train, B test
    assert lines[0]["color"] == lines[1]["color"] != lines[2]["color"] == lines[3]["color"]
    # Machado et al. (2009), deuteranopia at full severity, on linear RGB.
    deuteranope = np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                            [-0.011820, 0.042940, 0.968881]])

    def seen(color):
        c = np.array(rgba(color)[:3]) / 255
        linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
        out = np.clip(deuteranope @ linear, 0, 1)
        return 255 * np.where(out <= 0.0031308, 12.92 * out, 1.055 * out ** (1 / 2.4) - 0.055)
    assert np.linalg.norm(seen(RUN_COLORS[0]) - seen(RUN_COLORS[1])) > 150  # the old blue/purple: 58
    for color in RUN_COLORS:  # lines read on either theme's background (WCAG: 3:1 for graphics)
        assert all(contrast(color, t["layout"]["paper_bgcolor"]) >= 3 for t in TEMPLATES.values())


# ------------------------------------------------------------- 9. points
def background_pixels(figure):
    source = figure["layout"]["images"][0]["source"]
    image = np.array(Image.open(io.BytesIO(base64.b64decode(source.split(",", 1)[1]))).convert("RGB"))
    return np.unique(image.reshape(-1, 3), axis=0)


@pytest.mark.parametrize("config", [dict(hidden=(3,)), dict(dataset="three-classes", hidden=(5,))])
def test_points_stand_out_from_every_background_colour(config):
    snap = trained(steps=600, **config)
    pixels = background_pixels(boundary_figure(snap))
    rim = POINT_OUTLINE["color"]
    assert min(contrast(rim, "rgb({}, {}, {})".format(*p)) for p in pixels) >= 3
    points = [t for t in boundary_figure(snap)["data"] if t.get("name", "").startswith("class")]
    assert all(t["marker"]["line"]["color"] == rim for t in points)


def test_a_point_is_darker_than_the_background_of_its_own_class():
    """Where the network is sure, the background is a pale version of the class's colour."""
    for k, end in ((0, BACKGROUND_SCALE[0][1]), (1, BACKGROUND_SCALE[-1][1])):
        assert contrast(CLASS_COLORS[k], end) >= 1.8


def test_coinciding_points_of_the_stuck_xor_are_drawn_apart(xor_stuck):
    P = xor_stuck.hidden_space.points
    assert np.abs(P[1] - P[3]).max() < 0.01  # inputs (0, 1) and (1, 1) land on one spot
    figure = hidden_space_figure(xor_stuck)
    x, y = (np.array([v for t in figure["data"] if t.get("name", "").startswith("class") for v in t[axis]])
            for axis in "xy")
    span_x, span_y = (np.diff(figure["layout"][a]["range"])[0] for a in ("xaxis", "yaxis"))
    drawn = np.column_stack([x / span_x, y / span_y])
    gaps = [np.linalg.norm(drawn[i] - drawn[j]) for i in range(4) for j in range(i)]
    assert min(gaps) >= 0.1  # of the axes: 28 px on a 280 px chart, more than an 18 px marker
    for axis, (low, high) in ((x, figure["layout"]["xaxis"]["range"]), (y, figure["layout"]["yaxis"]["range"])):
        assert low < axis.min() and axis.max() < high  # none pushed off the chart
    text = [s for t in figure["data"] if "text" in t for s in t["text"]]
    assert sum("2 points coincide" in s for s in text) == 2
    assert any(s.startswith("input (0, 0) → h1.1 = ") for s in text)


def test_points_apart_from_others_stay_where_they_are(xor_stuck):
    figure = hidden_space_figure(xor_stuck)
    drawn = {(round(x, 3), round(y, 3)) for t in figure["data"] if t.get("name", "").startswith("class")
             for x, y in zip(t["x"], t["y"])}
    P = xor_stuck.hidden_space.points
    assert (round(P[0, 0], 3), round(P[0, 1], 3)) in drawn and (round(P[2, 0], 3), round(P[2, 1], 3)) in drawn


# ------------------------------------------------------------- 10. names and hover
def test_inputs_are_named_as_printed():
    assert [input_name(f) for f in ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)")] == \
        ["x₁", "x₂", "x₁²", "x₂²", "x₁x₂", "sin(x₁)", "sin(x₂)"]


def links(figure):
    """{link name: (N, 2) hover points} of a network figure."""
    trace = next(t for t in figure["data"] if t.get("name") == "links")
    found = {}
    for x, y, text in zip(trace["x"], trace["y"], trace["text"]):
        found.setdefault(text.split(" = ")[0], []).append((x, y))
    return {name: np.array(points) for name, points in found.items()}


@pytest.mark.parametrize("config", [dict(hidden=(3,)), dict(dataset="xor", hidden=(2,)),
                                    dict(hidden=(8, 8, 8, 8, 8, 8), features=("x1", "x2", "x1^2", "x2^2",
                                                                               "x1*x2", "sin(x1)", "sin(x2)"))])
def test_hover_points_run_along_every_link_each_naming_its_own(config):
    snap = trained(steps=5, **config)
    figure = network_figure(snap)
    names = unit_names(snap)
    found = links(figure)
    expected = {f"{a} → {b}" for left, right in zip(names, names[1:]) for a in left for b in right}
    assert set(found) == expected
    lines = [t for t in figure["data"] if t.get("mode") == "lines"]
    segments = [(np.array([x0, y0]), np.array([x1, y1])) for t in lines
                for x0, y0, x1, y1 in zip(t["x"][::3], t["y"][::3], t["x"][1::3], t["y"][1::3])]
    assert len(segments) == len(found)

    def off_line(points, a, b):
        d, p = b - a, points - a
        return np.abs(d[0] * p[:, 1] - d[1] * p[:, 0]) / np.linalg.norm(d)
    for name, points in found.items():
        assert len(points) >= 4
        # All on one link's straight segment, from near one end to near the other.
        a, b = next((a, b) for a, b in segments
                    if off_line(points, a, b).max() < 0.05 and np.all((points[:, 0] > a[0]) & (points[:, 0] < b[0])))
        length = np.linalg.norm(b - a)
        assert np.linalg.norm(points[0] - a) < 0.2 * length and np.linalg.norm(points[-1] - b) < 0.2 * length
        assert np.max(np.linalg.norm(np.diff(points, axis=0), axis=1)) < 0.3 * length


def test_crossing_links_do_not_share_a_hover_point():
    """In a 2 × 2 layer x₁ → h1.2 and x₂ → h1.1 cross at their middles: no hover point sits there."""
    figure = network_figure(trained(steps=5, dataset="xor", hidden=(2,)))
    found = links(figure)
    a, b = found["x₁ → h1.2"], found["x₂ → h1.1"]
    assert np.linalg.norm(a[:, None, :] - b[None, :, :], axis=2).min() > 1.0  # data units; a tile is 16


def test_a_weight_is_named_by_its_link_with_its_value():
    snap = trained(steps=5, hidden=(3,))
    text = set(hover_labels(next(t for t in network_figure(snap)["data"] if t.get("name") == "links")))
    assert f"x₂ → h1.1 = {snap.params['W1'][1, 0]:.3f}" in text
    assert f"h1.3 → output 1 = {snap.params['W2'][2, 1]:.3f}" in text


def test_one_name_for_each_unit_in_every_figure():
    snap = trained(steps=5, hidden=(3, 2), features=("x1", "x2", "x1*x2"))
    names = unit_names(snap)
    assert names == [["x₁", "x₂", "x₁x₂"], ["h1.1", "h1.2", "h1.3"], ["h2.1", "h2.2"], ["output 0", "output 1"]]
    nodes = next(t for t in network_figure(snap)["data"] if t.get("name") == "neurons")
    assert [tile[3] for tile in nodes["meta"]["tiles"]] == [n for layer in names for n in layer]
    assert list(dict.fromkeys(t.split("<br>")[0] for t in nodes["text"])) == [n for layer in names for n in layer]
    tiles = neurons_figure(snap)
    assert [a["text"] for a in tiles["layout"]["annotations"]] == names[1]
    assert all(t["hovertemplate"].startswith(n + "<br>x₁ = ") for t, n in zip(tiles["data"], names[1]))
    hidden = hidden_space_figure(snap)["layout"]  # two units in the last hidden layer: its plane
    assert (hidden["xaxis"]["title"]["text"], hidden["yaxis"]["title"]["text"]) == tuple(names[2])
    plane = boundary_figure(snap)["layout"]
    assert (plane["xaxis"]["title"]["text"], plane["yaxis"]["title"]["text"]) == ("x₁", "x₂")
    three = hidden_space_figure(trained(steps=5, hidden=(3,)))["layout"]["scene"]
    assert [three[f"{a}axis"]["title"]["text"] for a in "xyz"] == ["h1.1", "h1.2", "h1.3"]


def test_the_core_warnings_name_units_as_the_figures_do():
    from core.diagnostics import diagnose
    session = TrainingSession(Config(hidden=(3,), activation="relu"))
    for parameter, index, value in (("W1", (0, 1), 0.0), ("W1", (1, 1), 0.0), ("b1", (0, 1), -1.0)):
        session.set_parameter(parameter, index, value)  # the second unit outputs 0 everywhere
    snap = session.snapshot(5)
    assert f"Dead ReLU: {unit_names(snap)[1][1]} " in diagnose(snap)[0]


def test_each_neurons_hover_names_where_its_tile_lies_in_the_mosaic():
    """The live chart cuts a hovered neuron's tile out of the diagram's image by its meta["tiles"]."""
    snap = trained(steps=50, hidden=(3,), activation="tanh", resolution=48)
    figure = network_figure(snap)
    source = figure["layout"]["images"][0]["source"]
    mosaic = decoded_png(source)
    nodes = next(t for t in figure["data"] if t.get("name") == "neurons")
    spots = nodes["meta"]["spots"]
    assert len(nodes["x"]) == spots * len(nodes["meta"]["tiles"])
    x, y, size, name = nodes["meta"]["tiles"][2 + 1]  # inputs first
    assert name == "h1.2" and nodes["text"][(2 + 1) * spots].startswith("h1.2<br>")
    tile = mosaic[y:y + size, x:x + size]
    index = np.linspace(0, 47, size).round().astype(int)
    expected = colorize(snap.grid_hidden[0][np.ix_(index, index)][::-1, :, 1], ACTIVATION_SCALE, -1, 1)
    assert np.abs(tile.astype(int) - expected.astype(int)).max() <= 1
    assert boundary_figure(snap)["layout"]["meta"] == {"input_plane": True}
