"""AppTest runs of the loss-surface and linear-regions views (ui/landscape_views.py)."""
import pytest
from streamlit.testing.v1 import AppTest

from core.regions import linear_regions
from tests.test_apptest import charts, press, texts, trainer
from ui import landscape_views
from ui.landscape_views import REGION_GRID, SURFACE_EVERY


def open_view(at, name):
    at.segmented_control(key="inside").set_value(name).run()
    assert not at.exception, at.exception


def trace(figure, name):
    return next(t for t in figure["data"] if t.get("name") == name)


def grid(figure):
    """The loss surface's grid as drawn: its image."""
    return figure["layout"]["images"][0]["source"]


def rewind_to(at, epoch):
    slider = next(s for s in at.select_slider if s.label == "Rewind to epoch")  # its key changes with the epoch
    slider.set_value(epoch).run()
    assert not at.exception, at.exception


@pytest.fixture
def app():
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params.update(lr="3")  # moons at a rate that bounces across the valley
    at.run()
    assert not at.exception, at.exception
    return at


def test_rewind_moves_the_marker_along_a_fixed_path(app):
    for _ in range(30):
        app.button(key="step").click().run()
    open_view(app, "surface")
    present = charts(app)["surface"]
    path = trace(present, "path")
    assert trace(present, "marker")["text"] == ["30"] and path["text"][-1] == "30"
    rewind_to(app, 10)
    rewound = charts(app)["surface"]
    marker, at = trace(rewound, "marker"), path["text"].index("10")
    assert marker["text"] == ["10"] and (marker["x"][0], marker["y"][0]) == (path["x"][at], path["y"][at])
    # The plane stays the present's while scrubbing: only the marker moved.
    assert trace(rewound, "path") == path and grid(rewound) == grid(present)
    assert rewound["layout"]["title"]["text"].startswith("Loss surface, epoch 10 (")
    assert any("the parameters at epoch 30 " in text for text in texts(app))


def test_while_playing_the_grid_waits_and_the_path_follows_live(app):
    open_view(app, "surface")
    press(app, "play")
    first = charts(app)["surface"]
    app.run()  # one more frame: trained on, the grid kept
    second = charts(app)["surface"]
    epoch = trainer(app).epoch
    assert grid(second) == grid(first)
    assert trace(second, "marker")["text"] == [f"{epoch:,}"] == trace(second, "path")["text"][-1:]
    for _ in range(SURFACE_EVERY):
        app.run()
    assert grid(charts(app)["surface"]) != grid(first)  # made again for the present
    press(app, "pause")
    assert not app.exception


def test_linear_regions_need_a_piecewise_linear_network_and_count_as_the_core(app):
    open_view(app, "regions")
    assert "regions" not in charts(app) and "bends everywhere" in app.info[0].value  # moons' first run is tanh
    app.selectbox(key="activation").set_value("relu").run()
    for _ in range(5):
        app.button(key="step").click().run()
    title = charts(app)["regions"]["layout"]["title"]["text"]
    assert title == f"{linear_regions(trainer(app), REGION_GRID).count} linear regions"
    rewind_to(app, 2)
    assert charts(app)["regions"]["layout"]["title"]["text"] == \
        f"{linear_regions(trainer(app), REGION_GRID, epoch=2).count} linear regions"


def test_the_depth_by_width_sweep_is_counted_once_per_setup(app, monkeypatch):
    app.selectbox(key="activation").set_value("relu").run()
    open_view(app, "regions")
    app.toggle(key="region_sweep").set_value(True).run()
    sweep = charts(app)["region_counts"]
    assert [t["name"] for t in sweep["data"]] == ["at initialisation", "after 300 epochs"]

    def counted_again(*args, **kwargs):
        raise AssertionError("the sweep was counted again for the same setup")
    monkeypatch.setattr(landscape_views, "region_sweep", counted_again)
    app.button(key="step").click().run()
    assert not app.exception and charts(app)["region_counts"] == sweep
