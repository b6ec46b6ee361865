"""The loss-surface and linear-regions figures (plots/landscape.py) show what the core computed."""
import base64
import io

import numpy as np
import plotly.graph_objects as go
import pytest
from PIL import Image

from core import Config, TrainingSession
from core.regions import linear_regions, region_sweep
from core.surface import followed, loss_surface
from plots.landscape import (LOSS_SCALE, REGION_COLORS, hinge_segment, linear_regions_figure, loss_range,
                             loss_surface_figure, region_colors, region_sweep_figure)
from plots.raster import colorize, hex_rgb
from plots.style import NOT_A_NUMBER


def trace(figure, name):
    return next(t for t in figure["data"] if t.get("name") == name)


@pytest.fixture(scope="module")
def trained():
    session = TrainingSession(Config(dataset="moons", hidden=(5, 3), lr=3.0))
    session.step(120)
    return session


@pytest.fixture(scope="module")
def relu():
    session = TrainingSession(Config(dataset="spiral", hidden=(6, 4), activation="relu", init="he", lr=0.03))
    session.step(80)
    return session


def test_the_grid_centre_shows_the_current_loss_and_the_marker_ends_the_path(trained):
    surface = loss_surface(trained, resolution=41)  # odd: the centre is a grid point
    assert surface.loss[20, 20] == trained.train_loss[-1]
    figure = loss_surface_figure(surface)
    image = decoded(figure)[::-1]  # rows from the lowest β up, as the grid's
    low, high = loss_range(surface.loss)
    current = colorize(np.log10([[trained.train_loss[-1]]]), LOSS_SCALE, low, high)[0, 0]
    assert tuple(image[20, 20]) == tuple(current)  # colours on a log scale, the centre at today's loss
    assert tuple(image[0, 0]) == tuple(colorize(np.log10(surface.loss[:1, :1]), LOSS_SCALE, low, high)[0, 0])
    ticks = figure["data"][0]["marker"]["colorbar"]
    assert [10 ** v for v in ticks["tickvals"]] == pytest.approx([float(t) for t in ticks["ticktext"]])
    path, marker = trace(figure, "path"), trace(figure, "marker")
    assert len(path["x"]) == len(surface.path_epochs) == trained.epoch + 1
    assert (marker["x"][0], marker["y"][0]) == (path["x"][-1], path["y"][-1]) == (0.0, 0.0)
    assert path["text"][-1] == marker["text"][0] == f"{trained.epoch:,}"
    assert figure["layout"]["title"]["text"] == f"Loss surface, epoch 120 ({surface.explained:.0%} of the path in the plane)"
    go.Figure(figure)  # valid Plotly


def test_the_marker_stands_on_the_path_point_of_the_epoch_asked_for(trained):
    figure = loss_surface_figure(loss_surface(trained), epoch=40)
    path, marker = trace(figure, "path"), trace(figure, "marker")
    at = path["text"].index("40")
    assert (marker["x"][0], marker["y"][0]) == (path["x"][at], path["y"][at]) and marker["text"] == ["40"]
    assert figure["layout"]["title"]["text"].startswith("Loss surface, epoch 40 (")


def test_a_diverging_loss_is_drawn_not_a_number_grey(trained):
    surface = loss_surface(trained)
    surface.loss[3, 4], surface.loss[5, 6] = np.inf, np.nan
    image = decoded(loss_surface_figure(surface))[::-1]
    assert tuple(image[3, 4, :3]) == tuple(image[5, 6, :3]) == tuple(hex_rgb(NOT_A_NUMBER))


def test_hinge_lines_are_the_first_layers_weights(relu):
    regions = linear_regions(relu, resolution=120)
    figure = linear_regions_figure(regions, relu.snapshot(resolution=10))
    W, b = relu.W[0], relu.b[0]
    for unit in range(W.shape[1]):
        line = trace(figure, f"h1.{unit + 1}")
        for x, y in zip(line["x"], line["y"]):
            assert W[0, unit] * x + W[1, unit] * y + b[0, unit] == pytest.approx(0.0, abs=2e-3)
    assert figure["layout"]["title"]["text"] == f"{regions.count} linear regions"
    go.Figure(figure)


def test_a_hinge_is_drawn_across_the_whole_plane_along_its_steeper_axis():
    bounds = ((-1.0, 1.0), (-2.0, 2.0))
    assert hinge_segment((0.0, 1.0, -0.5), bounds) == ((-1.0, 1.0), (0.5, 0.5))  # y = 0.5
    assert hinge_segment((2.0, 0.0, 1.0), bounds) == ((-0.5, -0.5), (-2.0, 2.0))  # x = -0.5
    assert hinge_segment((0.0, 0.0, 1.0), bounds) is None  # never switches


def test_the_plane_is_coloured_by_region(relu):
    regions = linear_regions(relu, resolution=60)
    image = decoded(linear_regions_figure(regions, relu.snapshot(resolution=10)))
    colours = {tuple(pixel) for pixel in image.reshape(-1, image.shape[-1])[:, :3]}
    palette = {tuple(c) for c in region_colors(np.arange(len(REGION_COLORS)))}
    assert colours <= palette and len(palette) == len(REGION_COLORS)  # numbers one apart never share a colour
    assert len(colours) == min(regions.count, len(REGION_COLORS))


def decoded(figure):
    """The figure's background image as an array, rows from the top."""
    source = figure["layout"]["images"][0]["source"]
    return np.array(Image.open(io.BytesIO(base64.b64decode(source.split(",", 1)[1]))))


def test_the_sweep_figure_prints_every_count():
    config = Config(dataset="moons", seed=2)
    counts = {"at initialisation": region_sweep(config, (1, 2), (2, 3), resolution=40),
              "after 20 epochs": region_sweep(config, (1, 2), (2, 3), epochs=20, resolution=40)}
    figure = region_sweep_figure(counts, (1, 2), (2, 3), 20)
    assert [t["z"] for t in figure["data"]] == [c.tolist() for c in counts.values()]
    assert all(t["texttemplate"] == "%{z}" for t in figure["data"])
    go.Figure(figure)


def test_a_path_followed_past_its_surface_keeps_the_plane(trained):
    session = TrainingSession(Config(dataset="moons", hidden=(5, 3), lr=3.0))
    session.step(60)
    surface = loss_surface(session)
    session.step(7)
    figure = loss_surface_figure(followed(surface, session))
    assert figure["layout"]["images"] == loss_surface_figure(surface)["layout"]["images"]  # the same grid
    assert trace(figure, "marker")["text"] == ["67"] and trace(figure, "path")["text"][-8:] == \
        [f"{e}" for e in range(60, 68)]
