"""What keeps a Look inside view's live redraw cheap in the browser (issue 14: the page
with a view open must still show 10 frames per second, bench/app_speed.py).

A CPU profile of the page with the Gradients view open, playing, put most of the
browser's frame in Plotly measuring tick labels: every axis with ``automargin``,
and every axis whose labels may not overflow (Plotly's default), measures each
label's box on every redraw, and each measurement is a forced style recalculation
of the whole page.  These tests keep both off the views' live figures."""
import pytest

from core import Config, TrainingSession
from core.regions import linear_regions
from core.surface import loss_surface
from plots.inside import activations_figure, gradients_figure
from plots.landscape import linear_regions_figure, loss_surface_figure
from plots.style import TEMPLATES, base_layout, fixed_margins


def axes(layout):
    return {name: axis for name, axis in layout.items() if name.startswith(("xaxis", "yaxis"))}


@pytest.fixture(scope="module")
def tanh():
    session = TrainingSession(Config(dataset="moons", hidden=(6, 3), activation="tanh"))
    session.record_gradient_norms()
    session.step(40)
    return session


@pytest.fixture(scope="module")
def relu():
    session = TrainingSession(Config(dataset="moons", hidden=(6, 3), activation="relu"))
    session.step(40)
    return session


def test_the_views_live_figures_keep_their_margins(tanh, relu):
    snap = tanh.snapshot(resolution=10)
    figures = {"gradients": gradients_figure(snap), "activations": activations_figure(snap),
               "surface": loss_surface_figure(loss_surface(tanh, resolution=8)),
               "regions": linear_regions_figure(linear_regions(relu, 20), relu.snapshot(resolution=10))}
    for name, figure in figures.items():
        found = axes(figure["layout"])
        assert found, name
        assert not any(axis.get("automargin") for axis in found.values()), name


def test_fixed_margins_turns_off_every_axis_automargin_and_nothing_else():
    layout = base_layout(200, "t", xaxis2=dict(automargin=True, title=dict(text="x")))
    kept = {name: value for name, value in layout.items() if not name.startswith(("xaxis", "yaxis"))}
    fixed = fixed_margins(layout)
    assert [axis["automargin"] for axis in axes(fixed).values()] == [False, False, False]
    assert fixed["xaxis2"]["title"] == dict(text="x")
    assert {name: value for name, value in fixed.items() if name in kept} == kept


@pytest.mark.parametrize("theme", sorted(TEMPLATES))
def test_every_plane_axis_lets_its_tick_labels_overflow(theme):
    layout = TEMPLATES[theme]["layout"]
    assert layout["xaxis"]["ticklabeloverflow"] == layout["yaxis"]["ticklabeloverflow"] == "allow"
    assert "ticklabeloverflow" not in layout["scene"]["xaxis"]  # 3-D axes have no such property
