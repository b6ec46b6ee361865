"""The loss-surface and linear-regions views in headless Chromium, driven as a
lecturer does: train, pause, open the view, drag Rewind with the keyboard."""
from urllib.parse import parse_qsl, urlparse

import pytest

from core import TrainingSession
from core.regions import linear_regions
from core.sharing import config_from_params
from harness.browser import press
from tests.conftest import SCREENSHOTS
from tests.test_browser import settled, wait_epoch_above
from ui.landscape_views import REGION_GRID

pytestmark = pytest.mark.browser

# The chart of the open view, found by its traces' names; None until drawn.
VIEW_TRACES = """(names) => {
  const plot = [...document.querySelectorAll('.live-plot')]
    .find(p => names.every(n => (p.data || []).some(t => t.name === n)));
  if (!plot) return null;
  const trace = (n) => plot.data.find(t => t.name === n);
  return {title: plot.layout.title.text, traces: Object.fromEntries(names.map(n => [n, trace(n)]))};
}"""

# The surface as drawn, once the page is at rest and the marker stands at the
# epoch the Rewind slider and the numbers both show.
SURFACE_AT_REST = """(wanted) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const slider = document.querySelector('input[aria-label="Rewind to epoch"]');
  const stat = document.querySelector('[data-stat="epoch"]')?.innerText;
  const plot = [...document.querySelectorAll('.live-plot')]
    .find(p => (p.data || []).some(t => t.name === 'marker'));
  if (!plot || !slider || app?.dataset.testScriptState !== 'notRunning') return null;
  const marker = plot.data.find(t => t.name === 'marker'), path = plot.data.find(t => t.name === 'path');
  const epoch = slider.getAttribute('aria-valuetext')?.replace('epoch ', '');  // none while it is drawn anew
  if (!epoch || marker.text[0] !== epoch || stat !== epoch || (wanted !== null && epoch !== wanted)) return null;
  return {epoch, marker: [marker.x[0], marker.y[0]], path: {x: path.x, y: path.y, text: path.text}};
}"""


def open_link(page, query):
    """The playground opened by a link with the settings ``query``, once its three charts are drawn."""
    page.goto(page.app_url + "/?" + query)
    page.wait_for_function("() => [...document.querySelectorAll('.live-plot')]"
                           ".filter(p => Number(p.dataset.frames || 0) > 0).length === 3", timeout=60_000)


def open_view(page, label):
    page.locator(".st-key-inside button").filter(has_text=label).click()
    page.locator(".st-key-inside-view").scroll_into_view_if_needed()


def surface_at_rest(page, wanted=None):
    return page.wait_for_function(SURFACE_AT_REST, arg=wanted, timeout=90_000).json_value()


def test_rewind_moves_the_surface_marker_along_the_path(page):
    open_link(page, "lr=3&hidden=5,3")  # moons at a rate that bounces across the valley
    press(page, "Play")
    wait_epoch_above(page, 200)
    press(page, "Pause")
    present = settled(page)["epoch"]
    open_view(page, "Loss surface")
    now = surface_at_rest(page, f"{present:,}")
    assert now["marker"] == [now["path"]["x"][-1], now["path"]["y"][-1]] == [0, 0]
    slider = page.get_by_role("slider", name="Rewind to epoch")
    slider.focus()
    slider.press("Home")
    start = surface_at_rest(page, "0")
    assert start["marker"] == [now["path"]["x"][0], now["path"]["y"][0]]
    for _ in range(10):
        slider.press("ArrowRight")
    # Whichever epoch the slider came to rest at (a key press answered while a run was
    # still drawing may be taken back), the marker stands on the path point of that epoch.
    rewound = page.wait_for_function(f"() => {{ const s = ({SURFACE_AT_REST})(null);"
                                     " return s && s.epoch !== '0' && s; }", timeout=90_000).json_value()
    at = now["path"]["text"].index(rewound["epoch"])
    assert 0 < at < len(now["path"]["text"]) - 1
    assert rewound["marker"] == [now["path"]["x"][at], now["path"]["y"][at]]
    assert rewound["path"] == now["path"]  # the plane stays the present's: only the marker moved
    page.locator(".st-key-inside-view").scroll_into_view_if_needed()
    page.wait_for_timeout(300)  # the heatmap's smoothing is painted after Plotly reports the draw
    page.screenshot(path=SCREENSHOTS / "40-loss-surface-rewound.png")
    assert page.js_errors == []


def test_linear_regions_count_is_the_cores(page):
    open_link(page, "dataset=spiral&activation=relu&hidden=6,4&init=he&lr=0.03")
    press(page, "Play")
    wait_epoch_above(page, 100)
    press(page, "Pause")
    epoch = settled(page)["epoch"]
    open_view(page, "Linear regions")
    shown = page.wait_for_function(VIEW_TRACES, arg=[f"h1.{unit}" for unit in range(1, 7)], timeout=60_000).json_value()
    config, notices = config_from_params(dict(parse_qsl(urlparse(page.url).query)))
    assert not notices and config.hidden == (6, 4) and config.activation == "relu"
    session = TrainingSession(config)
    session.step(epoch)
    assert shown["title"] == f"{linear_regions(session, REGION_GRID).count} linear regions"
    W, b = session.W[0], session.b[0]
    for unit in range(6):  # the hinge lines are the trained network's first layer
        line = shown["traces"][f"h1.{unit + 1}"]
        for x, y in zip(line["x"], line["y"]):
            assert W[0, unit] * x + W[1, unit] * y + b[0, unit] == pytest.approx(0.0, abs=2e-3)
    page.locator(".st-key-inside-view").scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOTS / "41-linear-regions.png")
    assert page.js_errors == []
