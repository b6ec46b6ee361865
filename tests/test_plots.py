"""The plotting package: figures are valid Plotly figures that show the snapshot."""
import base64
import io

import numpy as np
import plotly.graph_objects as go
import pytest
from PIL import Image

from core import Config, TrainingSession
from plots.network import shape_button_at
from plots import (boundary_figure, decimate, hidden_space_figure, loss_figure, network_figure,
                   neurons_figure)


def background(figure):
    """The figure's background image as an (H, W, channels) array (a palette image's as RGBA)."""
    return decoded_png(figure["layout"]["images"][0]["source"])


def decoded_png(source):
    """A "data:image/png;base64,..." URI's pixels, (H, W, channels); a palette image's as RGBA."""
    image = Image.open(io.BytesIO(base64.b64decode(source.split(",", 1)[1])))
    return np.array(image.convert("RGBA") if image.mode == "P" else image)


def hover_labels(trace):
    """What Plotly shows on hovering each point of ``trace``: its hovertemplate with
    each point's ``text`` and ``customdata`` put in (the only fields the diagram's use)."""
    template = trace["hovertemplate"].removesuffix("<extra></extra>")
    return [template.replace("%{text}", text).replace("%{customdata}", str(value))
            for text, value in zip(trace["text"], trace.get("customdata", trace["text"]))]


def points_shown(figure):
    return sum(len(t["x"]) for t in figure["data"] if t.get("mode") == "markers" and t["x"] != [None])


@pytest.fixture(params=[
    dict(dataset="moons", hidden=(3,), test_fraction=0.25),
    dict(dataset="three-classes", hidden=(4, 2)),
    dict(dataset="multi-gaussian", hidden=(5,)),
    dict(dataset="circles", hidden=(), features=("x1^2", "x2^2")),
    dict(dataset="xor", hidden=(2,), activation="sigmoid", output="sigmoid-mse"),
])
def snap(request):
    session = TrainingSession(Config(**request.param))
    session.step(3)
    return session.snapshot(resolution=30)


@pytest.mark.parametrize("make", [boundary_figure, neurons_figure, loss_figure])
def test_every_figure_is_valid_plotly(snap, make):
    figure = go.Figure(make(snap))  # raises on anything outside Plotly's schema
    assert figure.layout.height and figure.layout.title.text


def test_boundary_shows_output_over_the_plane_and_every_point(snap):
    figure = boundary_figure(snap, discretize=False)
    assert background(figure).shape[:2] == (30, 30)
    image = figure["layout"]["images"][0]
    assert image["x"] == snap.grid_x[0] and image["sizex"] == pytest.approx(snap.grid_x[-1] - snap.grid_x[0])
    assert points_shown(figure) == len(snap.data.X_train) + len(snap.data.X_test)


def test_boundary_colours_follow_the_probability():
    session = TrainingSession(Config(dataset="moons", hidden=(3,)))
    session.step(300)
    snap = session.snapshot(20)
    pixels = background(boundary_figure(snap))[::-1]  # PNG rows run downwards; grids upwards
    p1 = snap.grid_output[:, :, 1]
    blue, orange = pixels[p1 > 0.9], pixels[p1 < 0.1]
    assert blue[:, 2].mean() > blue[:, 0].mean() and orange[:, 0].mean() > orange[:, 2].mean()


def test_discretized_boundary_has_only_two_colours():
    session = TrainingSession(Config(dataset="moons", hidden=(3,)))
    pixels = background(boundary_figure(session.snapshot(20), discretize=True))
    assert len(np.unique(pixels.reshape(-1, pixels.shape[2]), axis=0)) == 2


def test_one_neuron_tile_per_hidden_neuron(snap):
    heatmaps = [t for t in neurons_figure(snap)["data"] if t["type"] == "heatmap"]
    assert len(heatmaps) == (snap.grid_hidden[0].shape[2] if snap.grid_hidden else 0)


def test_loss_curve_is_decimated_but_keeps_both_ends():
    values = np.linspace(1.0, 0.0, 100_001)
    epochs, kept = decimate(values, limit=600)
    assert len(kept) <= 600 and epochs[0] == 0 and epochs[-1] == 100_000
    assert kept[-1] == values[-1]


def test_loss_figure_has_train_and_test_curves():
    session = TrainingSession(Config(dataset="moons", test_fraction=0.3))
    session.step(10)
    names = [t["name"] for t in loss_figure(session.snapshot(5))["data"]]
    assert names == ["train", "test"]
    assert go.Figure(loss_figure(session.snapshot(5), log_y=True)).layout.yaxis.type == "log"


@pytest.mark.parametrize("make", [hidden_space_figure, network_figure])
def test_hidden_views_are_valid_plotly(snap, make):
    figure = go.Figure(make(snap))
    assert figure.layout.title.text


def test_network_diagram_has_a_tile_per_neuron_and_a_link_per_weight():
    session = TrainingSession(Config(dataset="moons", hidden=(4, 3), features=("x1", "x2", "x1*x2")))
    snap = session.snapshot(32)
    figure = network_figure(snap)
    tiles = 3 + 4 + 3 + 2  # inputs, hidden 1, hidden 2, softmax outputs
    assert (background(figure)[:, :, 3] > 0).sum() == tiles * 16 * 16  # the rest is transparent
    hover = set(hover_labels(next(t for t in figure["data"] if t.get("name") == "links")))  # each names its link
    assert len(hover) == 3 * 4 + 4 * 3 + 3 * 2
    w = snap.params["W2"][1, 2]
    assert f"h1.2 → h2.3 = {w:.3f}" in hover


def test_hidden_space_figure_for_two_neurons_is_a_plane_with_points():
    session = TrainingSession(Config(dataset="xor", hidden=(2,), activation="sigmoid", output="sigmoid-mse"))
    figure = hidden_space_figure(session.snapshot(10))
    assert background(figure).shape[:2] == (40, 40)
    assert figure["layout"]["xaxis"]["title"]["text"] == "h1.1" and figure["layout"]["yaxis"]["title"]["text"] == "h1.2"
    assert points_shown(figure) == 4


def test_hovering_a_neuron_gives_its_bias_and_output_range():
    session = TrainingSession(Config(dataset="moons", hidden=(3,)))
    snap = session.snapshot(20)
    neurons = next(t for t in network_figure(snap)["data"] if t.get("name") == "neurons")
    text = list(dict.fromkeys(hover_labels(neurons)))  # one per neuron, inputs first
    hidden_2 = text[2 + 1]
    assert hidden_2.startswith("h1.2") and f"b1[0, 1] = {snap.params['b1'][0, 1]:.3f}" in hidden_2
    low, high = snap.grid_hidden[0][:, :, 1].min(), snap.grid_hidden[0][:, :, 1].max()
    assert f"{low:.3g} to {high:.3g}" in hidden_2


def test_seed_sweep_figures_are_valid_and_mark_failures():
    from core import preset
    from core.experiments import seed_sweep
    from plots.experiments import boundary_grid, final_loss_strip, seed_panels
    runs = seed_sweep(preset("xor-tutorial"), [3, 42, 7], 2000, resolution=10)
    grid = go.Figure(boundary_grid(seed_panels(runs), "Seeds", columns=2))
    assert len(grid.layout.images) == 3
    marks = [a.text for a in grid.layout.annotations]
    assert marks == [f"{r.seed}" + ("" if r.accuracy == 1.0 else " ✗") for r in runs]
    strip = go.Figure(final_loss_strip(runs))
    assert list(strip.data[0].x) == [round(r.final_loss, 6) for r in runs]


def test_sweep_panels_label_size_and_accuracy_and_regression_data_plots():
    from core.experiments import Lockstep
    from plots.experiments import boundary_grid, sweep_panels
    group = Lockstep([Config(dataset="moons", hidden=(h,), lr=0.5) for h in (1, 5)]
                     + [Config(dataset="plane", hidden=(2,))])
    group.step(100)
    snaps = group.snapshots(10)
    panels = sweep_panels(snaps)
    assert [p[0] for p in panels[:2]] == [f"{h} hidden<br>{s.train_accuracy:.0%}" for h, s in zip((1, 5), snaps)]
    assert panels[2][0].startswith("2 hidden<br>loss ")
    figure = go.Figure(boundary_grid(panels, "Sweep", columns=3))
    assert len(figure.layout.images) == 3


def test_losses_figure_draws_each_run_in_its_colour():
    from plots.figures import losses_figure
    a, b = TrainingSession(Config(test_fraction=0.2)), TrainingSession(Config(test_fraction=0.2, lr=1.0))
    a.step(5), b.step(5)
    figure = go.Figure(losses_figure({"A": a.snapshot(5), "B": b.snapshot(5)}))
    assert [t.name for t in figure.data] == ["A train", "A test", "B train", "B test"]
    assert figure.data[0].line.color == figure.data[1].line.color != figure.data[2].line.color
    assert list(figure.data[3].y) == [round(v, 6) for v in b.test_loss]


def test_figures_html_is_one_offline_page_with_every_figure():
    from plots.export import figures_html
    snap = TrainingSession(Config(hidden=(3,))).snapshot(10)
    text = figures_html([boundary_figure(snap), loss_figure(snap)], "Run <1>")
    assert text.count("Plotly.newPlot") == 2 and "<h1>Run &lt;1&gt;</h1>" in text
    assert "src=\"https://cdn.plot.ly" not in text and len(text) > 1_000_000  # plotly.js inside, once


def test_the_loss_at_epoch_zero_is_drawn_as_a_point_not_an_invisible_line():
    session = TrainingSession(Config())
    first = loss_figure(session.snapshot(5))["data"][0]
    assert first["mode"] == "markers" and len(first["y"]) == 1
    session.step(1)
    assert loss_figure(session.snapshot(5))["data"][0]["mode"] == "lines"


def test_the_diagrams_minus_and_plus_buttons_sit_where_a_click_finds_them():
    snap = TrainingSession(Config(dataset="moons", hidden=(4, 3))).snapshot(16)
    figure = network_figure(snap)
    shape = next(t for t in figure["data"] if t.get("name") == "shape")
    sizes = [2, 4, 3, 2]
    assert len(shape["x"]) == 2 * 2 + 2 and set(shape["text"]) == {"−", "+"}
    changes = [shape_button_at(sizes, x, y) for x, y in zip(shape["x"], shape["y"])]
    assert changes == [("layers", None, -1), ("layers", None, +1), ("neurons", 1, -1), ("neurons", 1, +1),
                       ("neurons", 2, -1), ("neurons", 2, +1)]
    labels = [a["text"] for a in figure["layout"]["annotations"] if a["y"] > shape["y"][0]]
    assert labels == ["2 layers", "4", "3"]
    low, high = figure["layout"]["yaxis"]["range"]
    assert all(high < y < low for y in shape["y"])  # inside the drawn area (y points down)
    assert shape_button_at(sizes, 0.0, 0.0) is None  # a click on a tile presses nothing
