"""A lecturer's walk through the app on a 1280x720 projector: what every earlier
test let through.  Each test measures the rendered element on the page (its
box, or for the 3-D scene the box its camera projects) and waits for the state
it measures; screenshots go to tests/screenshots/."""
import pytest

from tests.conftest import SCREENSHOTS, browser_page
from tests.test_browser_layout import SIZES, overlap, presenter, wait_for_charts

pytestmark = pytest.mark.browser

MODES = {"plain": False, "presenter": True}


def right_chart_at_rest(page, predicate):
    """Until the right-hand chart's figure meets ``predicate`` (JS, of the chart's
    element), is drawn at the height it fits to, and keeps its size for 300 ms."""
    page.wait_for_function(f"""() => {{ const p = document.querySelectorAll('.live-plot')[1];
        return p && p._fullLayout && !p.__drawing && !p.__next && ({predicate})(p)
            && Math.abs(p._fullLayout.height - parseFloat(p.style.height)) < 2
            && p.__fit() === parseFloat(p.style.height); }}""", timeout=60_000)
    page.wait_for_function("""() => new Promise(done => {
        const size = () => { const r = document.querySelectorAll('.live-plot')[1].getBoundingClientRect();
                             return r.width + 'x' + r.height; };
        const before = size();
        setTimeout(() => done(size() === before), 300);
    })""")


def show_view(page, label, predicate):
    page.get_by_text(label, exact=True).click()
    right_chart_at_rest(page, predicate)


def open_on_view(page, url, mode, label, predicate):
    """Open ``url``, switch presenter mode on if ``mode`` asks for it, and show the right-hand view ``label``."""
    page.goto(url)
    wait_for_charts(page)
    if MODES[mode]:
        presenter(page)
    show_view(page, label, predicate)


# Each neuron tile of the network diagram as drawn (its mosaic cells through the chart's axes), and the loss chart.
TILES = """() => {
  const net = document.querySelectorAll('.live-plot')[1], L = net._fullLayout;
  const tiles = net.data.find(d => d.name === 'neurons').meta.tiles.map(([x, y, size]) =>
    ({width: L.xaxis.d2p(x + size - 0.5) - L.xaxis.d2p(x - 0.5), height: L.yaxis.d2p(y + size - 0.5) - L.yaxis.d2p(y - 0.5)}));
  return {tiles, loss: document.querySelectorAll('.live-plot')[2].getBoundingClientRect().bottom};
}"""


@pytest.mark.parametrize("mode, smallest", [("plain", 18), ("presenter", 15.5)])
def test_an_8_8_networks_tiles_are_readable_at_1280x720_and_the_loss_stays_on_screen(browser, app_url, mode, smallest):
    """Two hidden layers of eight: each tile once 10.2 px in presenter mode (12.8 px without); now
    about its own 16 cells (the diagram's title and the loss under it share the 720 px)."""
    with browser_page(browser, app_url, 1280, 720) as page:
        page.goto(f"{app_url}/?hidden=8,8")
        wait_for_charts(page)
        if MODES[mode]:
            presenter(page)
        found = page.evaluate(TILES)
        page.screenshot(path=SCREENSHOTS / f"74-diagram-8-8-1280x720-{mode}.png")
        assert len(found["tiles"]) >= 2 + 8 + 8, found
        assert min(min(t["width"], t["height"]) for t in found["tiles"]) >= smallest, found
        assert found["loss"] <= 720, found
        assert page.js_errors == []


# The box the 3-D scene's camera projects the data's box to, on the page: its
# eight corners through the scene's own model, view and projection matrices.
SCENE_BOX = """() => {
  const p = document.querySelectorAll('.live-plot')[1], plot = p._fullLayout.scene._scene.glplot;
  const {view, projection, model} = plot.cameraParams, [low, high] = plot.bounds;
  const times = (m, v) => [0, 1, 2, 3].map(r => m[r] * v[0] + m[4 + r] * v[1] + m[8 + r] * v[2] + m[12 + r] * v[3]);
  const canvas = plot.canvas.getBoundingClientRect(), xs = [], ys = [];
  for (const x of [low[0], high[0]]) for (const y of [low[1], high[1]]) for (const z of [low[2], high[2]]) {
    const c = times(projection, times(view, times(model, [x, y, z, 1])));
    xs.push(canvas.left + (c[0] / c[3] + 1) / 2 * canvas.width);
    ys.push(canvas.top + (1 - c[1] / c[3]) / 2 * canvas.height);
  }
  const panel = p.getBoundingClientRect();
  return {width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys),
          panel: {width: panel.width, height: panel.height}};
}"""


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("size", ["1280x720", "1920x1080"])
def test_the_3d_hidden_space_fills_its_panel(browser, app_url, size, mode):
    """The first run's 5-3 network: its last hidden layer has three units (once ~120 px in a 602x210 panel)."""
    with browser_page(browser, app_url, *SIZES[size]) as page:
        open_on_view(page, app_url, mode, "Hidden space",
                     "p => p._fullLayout.scene && p._fullLayout.scene._scene.glplot.cameraParams")
        box = page.evaluate(SCENE_BOX)
        page.screenshot(path=SCREENSHOTS / f"70-hidden-3d-{size}-{mode}.png")
        assert box["height"] >= 0.6 * box["panel"]["height"], box
        assert box["width"] >= 0.5 * box["panel"]["width"], box
        assert page.js_errors == []


# The Neurons view's texts (its title and each neuron's name) and its tiles (each heatmap's image).
NEURON_BOXES = """() => {
  const p = document.querySelectorAll('.live-plot')[1];
  const box = e => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  return {texts: [...p.querySelectorAll('.gtitle, .annotation text')].map(t => ({text: t.textContent, box: box(t),
                                                                                 font: parseFloat(getComputedStyle(t).fontSize)})),
          tiles: [...p.querySelectorAll('.heatmaplayer image')].map(box)};
}"""


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("size", ["1280x720", "1920x1080"])
def test_the_neurons_names_keep_off_each_other_and_off_the_tiles(browser, app_url, size, mode):
    """Eight units in two rows: the second row's names once lay over the first row's tiles."""
    with browser_page(browser, app_url, *SIZES[size]) as page:
        open_on_view(page, f"{app_url}/?hidden=8", mode, "Neurons", "p => p.querySelectorAll('.heatmaplayer image').length === 8")
        found = page.evaluate(NEURON_BOXES)
        page.screenshot(path=SCREENSHOTS / f"71-neurons-{size}-{mode}.png")
        texts = found["texts"]
        assert len(texts) == 9 and len(found["tiles"]) == 8, found
        for i, a in enumerate(texts):
            assert a["font"] >= 11, a
            assert not any(overlap(a["box"], b["box"]) for b in texts[i + 1:]), (a, texts)
            assert not any(overlap(a["box"], tile) for tile in found["tiles"]), (a, found["tiles"])


def test_the_compare_pages_boundaries_are_large_at_1280x720(browser, app_url):
    """Once 139 px each, beside the loss, under two rows of settings."""
    with browser_page(browser, app_url, 1280, 720) as page:
        page.goto(f"{app_url}/compare")
        wait_for_charts(page)  # its three charts, as the playground's, each fitted to the window
        areas = page.evaluate("() => [...document.querySelectorAll('.live-plot')].map(p => {"
                              " const r = p.querySelector('.nsewdrag').getBoundingClientRect();"
                              " return {width: r.width, height: r.height, bottom: r.bottom}; })")
        page.screenshot(path=SCREENSHOTS / "72-compare-1280x720.png")
        assert all(min(a["width"], a["height"]) >= 250 for a in areas[:2]), areas
        assert all(a["bottom"] <= 720 for a in areas), areas  # the loss too, on screen
        assert page.js_errors == []


# What stands in the live view with a lesson open: the loss chart, the lesson's step and the warnings.
LESSON_BOXES = """() => {
  const box = e => { const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, height: r.height}; };
  return {loss: box(document.querySelectorAll('.live-plot')[2]), step: box(document.querySelector('.nn-lesson, .st-key-lesson .nn-goal')),  // (where it stood before)
          row: box(document.querySelector('.st-key-lesson')), scroll: document.scrollingElement.scrollTop,
          warnings: [...document.querySelectorAll('.nn-warning')].map(w => ({...box(w),
              line: parseFloat(getComputedStyle(w).lineHeight) || 1.6 * parseFloat(getComputedStyle(w).fontSize)})),
          diverged: document.querySelectorAll('[data-testid="stAlertContentError"]').length};
}"""
LESSON = "lesson=learning-rate&step=3"
WARNED = {"a-warning": f"?hidden=7,3,4,4&activation=relu&{LESSON}",  # dead ReLUs at epoch 0 (and a deep diagram)
          "diverged": f"?dataset=plane&hidden=4&lr=10&{LESSON}"}        # diverges at epoch 2


@pytest.mark.parametrize("case", WARNED)
def test_with_a_lesson_and_a_warning_the_loss_stays_on_a_1280x720_screen_in_presenter_mode(browser, app_url, case):
    """The lesson's row, its step and a warning (or the divergence notice) once pushed the loss 230 px below."""
    from tests.test_browser import press, settled
    with browser_page(browser, app_url, 1280, 720) as page:
        page.goto(app_url + "/" + WARNED[case])
        wait_for_charts(page)
        presenter(page)
        if case == "diverged":
            press(page, "Play")  # divergence pauses training and says so
            page.wait_for_selector('[data-testid="stAlertContentError"]', timeout=60_000)
        else:
            page.wait_for_selector(".nn-warning")
        settled(page, allowed=("Next", "Back", "Pause"))
        wait_for_charts(page)
        found = page.evaluate(LESSON_BOXES)
        page.screenshot(path=SCREENSHOTS / f"73-lesson-{case}-presenter-1280x720.png")
        assert found["warnings"] or found["diverged"], found
        assert found["scroll"] == 0 and found["step"]["bottom"] <= 720, found
        assert found["loss"]["bottom"] <= 720, found
        assert all(w["height"] <= 1.5 * w["line"] for w in found["warnings"]), found  # one line each
        assert page.js_errors == []
