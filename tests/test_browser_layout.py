"""The playground on one projector screen (issue 11): what a lecture needs is
on screen at 1280x720 without scrolling, the sidebar can fold away without
hiding Play, presenter mode is large, and text is readable in both themes.
Geometry is read from the page; screenshots at every size go to tests/screenshots/."""
import contextlib

import pytest

from tests.conftest import SCREENSHOTS, browser_page
from tests.test_browser import press, wait_epoch_above

pytestmark = pytest.mark.browser

SIZES = {"1280x720": (1280, 720), "1366x768": (1366, 768), "1920x1080": (1920, 1080)}
LECTURE_CONTROLS = ("Problem", "Data set", "Learning rate", "Activation", "Regularisation", "Reg. rate")

# Boxes of what a lecture uses: buttons by their text, select boxes by their label,
# each chart's plot area, and the network diagram's − / + buttons.
BOXES = """(labels) => {
  const box = e => { const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left,
                                                                  right: r.right, width: r.width, height: r.height}; };
  const main = document.querySelector('[data-testid="stMain"]');
  const buttons = {};
  for (const b of main.querySelectorAll('button')) {
    const text = b.innerText.trim();  // the icon's name may stand before the label
    for (const label of ['Play', 'Pause', 'Step', 'Reset'])
      if (b.offsetParent && text.endsWith(label)) buttons[label] = box(b);
  }
  const selects = {};
  for (const label of labels) {
    const input = [...main.querySelectorAll('[data-testid="stSelectbox"]')]
      .find(s => s.querySelector('label')?.innerText.trim() === label);
    if (input) selects[label] = box(input);
  }
  const plots = [...document.querySelectorAll('.live-plot')].map(p => box(p.querySelector('.nsewdrag')));
  const net = document.querySelectorAll('.live-plot')[1];
  // Each drawn trace by the trace it draws (an empty one, as the surgery marks' without surgery, draws none).
  const shape = [...net.querySelectorAll('.scatterlayer .trace')].find(t => t.__data__?.[0]?.trace?.name === 'shape');
  return {buttons, selects, plots, shape: shape ? box(shape) : null, presenter: box(document.querySelector('.st-key-presenter')),
          scroll: document.scrollingElement.scrollTop, width: innerWidth, height: innerHeight,
          sidebar: document.querySelector('[data-testid="stSidebar"]').getAttribute('data-collapsed')};
}"""


@contextlib.contextmanager
def opened(browser, app_url, size, dark=False):
    """The playground in a page of its own at ``size``, its charts drawn and in place."""
    with browser_page(browser, app_url, *SIZES[size], dark=dark) as page:
        page.goto(app_url)
        wait_for_charts(page)
        yield page


def wait_for_charts(page):
    """Until the buttons are drawn, and the three charts too, in their places:
    each at the height it fits to the window from where it now stands (a chart
    refits once those above it have their heights: ui/live_chart.py's __fit),
    and drawn at that height and its width."""
    page.wait_for_function("""() => { const plots = [...document.querySelectorAll('.live-plot')];
        return plots.filter(p => Number(p.dataset.frames || 0) > 0 && p.querySelector('.nsewdrag')).length === 3
            && [...document.querySelectorAll('[data-testid="stMain"] button')]
                   .filter(b => b.offsetParent && /(Play|Pause|Step|Reset)$/.test(b.innerText.trim())).length === 4
            && plots.every(p => p.__fit() === parseFloat(p.style.height) && !p.__drawing && !p.__next
                                && Math.abs(p.getBoundingClientRect().height - parseFloat(p.style.height)) < 2
                                && p._fullLayout && Math.abs(p._fullLayout.height - parseFloat(p.style.height)) < 2
                                && Math.abs(p._fullLayout.width - p.clientWidth) < 2); }""",
                           timeout=60_000)
    # And at rest: the same sizes twice, 300 ms apart (the page can still be laying out
    # what stands above the charts, and a chart refits after it: once 237 px for 290).
    page.wait_for_function("""() => new Promise(done => {
        const sizes = () => [...document.querySelectorAll('.live-plot')].map(p => p.style.height + p.offsetWidth).join();
        const before = sizes();
        setTimeout(() => done(sizes() === before), 300);
    })""")


def on_screen(box, page_size):
    return box["top"] >= 0 and box["left"] >= 0 and box["bottom"] <= page_size["height"] + 1 \
        and box["right"] <= page_size["width"] + 1 and box["width"] > 0


def presenter(page, on=True):
    """Switch presenter mode, then wait until the sidebar has folded (or opened)
    and the charts have refitted to the new room."""
    page.locator(".st-key-presenter label").click()
    page.wait_for_function("(on) => document.querySelector('[data-testid=\"stSidebar\"]')"
                           ".getAttribute('data-collapsed') === String(on)", arg=on)
    wait_for_charts(page)


@pytest.mark.parametrize("size", SIZES)
def test_everything_a_lecture_uses_is_on_one_screen_without_scrolling(browser, app_url, size):
    with opened(browser, app_url, size) as page:
        boxes = page.evaluate(BOXES, list(LECTURE_CONTROLS))
        page.screenshot(path=SCREENSHOTS / f"30-layout-{size}.png")
        assert boxes["scroll"] == 0
        assert set(boxes["buttons"]) == {"Play", "Pause", "Step", "Reset"} and set(boxes["selects"]) == set(LECTURE_CONTROLS)
        for name, box in {**boxes["buttons"], **boxes["selects"], "presenter": boxes["presenter"],
                          "network − / +": boxes["shape"]}.items():
            assert on_screen(box, boxes), (name, box)
        assert len(boxes["plots"]) == 3 and all(on_screen(b, boxes) for b in boxes["plots"]), boxes["plots"]
        assert min(boxes["plots"][0]["width"], boxes["plots"][0]["height"]) >= 250  # the boundary, its plot area
        assert page.js_errors == []


def test_with_the_sidebar_folded_play_is_clickable_and_the_charts_take_the_room(browser, app_url):
    with opened(browser, app_url, "1280x720") as page:
        before = page.evaluate(BOXES, [])
        page.locator('[data-testid="stSidebar"]').hover()
        page.locator('[data-testid="stSidebarCollapseButton"] button').click()
        page.wait_for_function("() => document.querySelector('[data-testid=\"stSidebar\"]').getAttribute('data-collapsed') === 'true'")
        page.wait_for_function("(w) => document.querySelectorAll('.live-plot')[2].querySelector('.nsewdrag')"
                               ".getBoundingClientRect().width > w + 100", arg=before["plots"][2]["width"])
        after = page.evaluate(BOXES, [])
        play = after["buttons"]["Play"]
        hit = page.evaluate("([x, y]) => document.elementFromPoint(x, y)?.closest('button')?.innerText",
                            [play["left"] + play["width"] / 2, play["top"] + play["height"] / 2])
        assert hit and "Play" in hit  # nothing (Streamlit's header) lies over it
        press(page, "Play")
        wait_epoch_above(page, 40)
        press(page, "Pause")
        page.screenshot(path=SCREENSHOTS / "31-sidebar-folded.png")
        assert after["plots"][0]["width"] >= before["plots"][0]["width"] and page.js_errors == []


# Pairs of y tick labels of one chart that overlap on the page: [chart index, label, label].
OVERLAPPING_TICKS = """() => [...document.querySelectorAll('.live-plot')].flatMap((plot, i) => {
  const boxes = [...plot.querySelectorAll('.ytick text')].map(t => [t.getBoundingClientRect(), t.textContent])
    .filter(([r]) => r.height > 0).sort(([a], [b]) => a.top - b.top);
  return boxes.slice(1).filter(([r], k) => r.top < boxes[k][0].bottom - 1).map(([, t], k) => [i, boxes[k][1], t]);
})"""


@pytest.mark.parametrize("size, smallest", [("1280x720", 300), ("1920x1080", 450)])
def test_presenter_mode_folds_the_sidebar_enlarges_every_text_and_gives_the_boundary_room(
        browser, app_url, size, smallest):
    with opened(browser, app_url, size) as page:
        fonts = "() => [...document.querySelectorAll('[data-testid=\"stWidgetLabel\"] p, .nn-note, [data-testid=\"stMain\"] button p," \
                " .live-plot .xtick text')].map(e => parseFloat(getComputedStyle(e).fontSize))"
        normal = page.evaluate(fonts)
        presenter(page)
        boxes = page.evaluate(BOXES, list(LECTURE_CONTROLS))
        large = page.evaluate(fonts)
        page.screenshot(path=SCREENSHOTS / f"32-presenter-{size}.png")
        assert boxes["sidebar"] == "true"
        assert min(large) > min(normal) and sorted(large)[len(large) // 2] > sorted(normal)[len(normal) // 2]
        assert min(boxes["plots"][0]["width"], boxes["plots"][0]["height"]) >= smallest, boxes["plots"][0]
        assert all(on_screen(b, boxes) for b in boxes["plots"]) and boxes["scroll"] == 0
        assert page.evaluate(OVERLAPPING_TICKS) == []  # the loss curve, short under large type, too
        presenter(page, on=False)
        assert page.js_errors == []


CONTRAST = """() => {
  const rgb = c => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = e => { for (; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
    if (rgb(c).length < 4 || rgb(c)[3] > 0.5) { if (rgb(c).length === 3 || rgb(c)[3] > 0.5) return rgb(c).slice(0, 3); } }
    return rgb(getComputedStyle(document.querySelector('.stApp')).backgroundColor).slice(0, 3); };
  const worst = [];
  for (const e of document.querySelectorAll('[data-testid="stMain"] :is(p, small, b, label, span, div.nn-note, div.nn-warning)')) {
    if (!e.offsetParent || !e.innerText?.trim() || e.children.length > 1) continue;
    // A disabled control may be faint (WCAG exempts inactive components): the Rewind slider at epoch 0.
    const widget = e.closest('[data-testid="stElementContainer"]');
    if (widget && widget.querySelector('input[disabled], [aria-disabled="true"]')) continue;
    const style = getComputedStyle(e), color = rgb(style.color), alpha = color[3] ?? 1;
    const back = background(e), fore = color.slice(0, 3).map((v, i) => v * alpha * Number(style.opacity)
      + back[i] * (1 - alpha * Number(style.opacity)));
    const [a, b] = [lum(fore), lum(back)].sort((x, y) => y - x);
    worst.push([(a + 0.05) / (b + 0.05), e.innerText.slice(0, 30)]);
  }
  return worst.sort((x, y) => x[0] - y[0]).slice(0, 5);
}"""


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_text_on_the_page_is_readable(browser, app_url, dark):
    with opened(browser, app_url, "1366x768", dark=dark) as page:
        worst = page.evaluate(CONTRAST)
        page.screenshot(path=SCREENSHOTS / f"33-{'dark' if dark else 'light'}-1366x768.png")
        assert worst and worst[0][0] >= 4.5, worst


def first_plot_area(page, path):
    page.goto(f"{page.app_url}/{path}")
    page.wait_for_function("() => { const p = document.querySelector('.live-plot'); return p && Number(p.dataset.frames || 0) > 0"
                           " && p.querySelector('.nsewdrag') && p._fullLayout"
                           " && Math.abs(p._fullLayout.height - parseFloat(p.style.height)) < 2; }", timeout=60_000)
    box = page.locator(".live-plot").first.locator(".nsewdrag").first.bounding_box()
    return min(box["width"], box["height"])


def test_sweep_panels_grow_with_the_window_and_the_tutorials_boundary_is_large(browser, app_url):
    sizes = {}
    for size in ("1280x720", "1920x1080"):
        with opened(browser, app_url, size) as page:
            sizes[size] = first_plot_area(page, "sweep"), first_plot_area(page, "tutorials")
            page.screenshot(path=SCREENSHOTS / f"34-tutorials-{size}.png")
    (sweep_small, xor_small), (sweep_large, _) = sizes["1280x720"], sizes["1920x1080"]
    assert sweep_small >= 120 and sweep_large > 1.3 * sweep_small, sizes
    assert xor_small >= 180, sizes  # the XOR tutorial's boundary at 1280x720 (115 px once)


BUTTON = """(i) => { const p = document.querySelectorAll('.live-plot')[1], t = p.data.find(d => d.name === 'shape');
  const area = p.querySelector('.nsewdrag').getBoundingClientRect(), L = p._fullLayout;
  return [area.left + L.xaxis.d2p(t.x[i]), area.top + L.yaxis.d2p(t.y[i])]; }"""


def test_the_diagrams_plus_and_minus_change_the_network_and_its_link(browser, app_url):
    drawn = ("(labels) => { const p = document.querySelectorAll('.live-plot')[1];"
             " return !p.__drawing && JSON.stringify((p.layout.annotations || []).map(a => a.text)"
             ".filter(t => /^[0-9]+( layers?)?$/.test(t))) === JSON.stringify(labels); }")
    # The link is set early in that run, the stale marks cleared when it has ended.
    link = ("(hidden) => new URLSearchParams(location.search).get('hidden') === hidden"
            " && !document.querySelector('[data-stale=\"true\"]')")
    with opened(browser, app_url, "1280x720") as page:  # opens on hidden layers 5, 3
        page.wait_for_function(drawn, arg=["2 layers", "5", "3"])
        # Each click is answered by a whole run of the page (the link changes last): wait for it.
        page.mouse.click(*page.evaluate(BUTTON, 3))  # + under hidden layer 1
        page.wait_for_function(link, arg="6,3")
        page.wait_for_function(drawn, arg=["2 layers", "6", "3"])
        page.mouse.click(*page.evaluate(BUTTON, 1))  # + under the inputs: one more layer
        page.wait_for_function(link, arg="6,3,4")
        page.wait_for_function(drawn, arg=["3 layers", "6", "3", "4"])
        page.mouse.click(*page.evaluate(BUTTON, 0))  # − under the inputs: back to two layers
        page.wait_for_function(link, arg="6,3")
        page.wait_for_function(drawn, arg=["2 layers", "6", "3"])
        assert page.js_errors == []


# Boxes of the network diagram (its column headings, −/+ buttons, their labels and
# tiles), the presenter switch's parts, the folded sidebar's button, Play, the
# data set box and the warnings above the diagram (lecturer's walk-through, issue 1-5).
GEOMETRY = """() => {
  const box = e => { const r = e.getBoundingClientRect(); return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; };
  const net = document.querySelectorAll('.live-plot')[1], L = net._fullLayout;
  const area = net.querySelector('.nsewdrag').getBoundingClientRect();
  const at = (x, y) => [area.left + L.xaxis.d2p(x), area.top + L.yaxis.d2p(y)];
  const notes = net.layout.annotations.map((a, i) => ({above: a.y < 0, text: a.text,
    box: box(net.querySelector(`.annotation[data-index="${i}"] text`))}));
  const shape = [...net.querySelectorAll('.scatterlayer .trace')].find(t => t.__data__?.[0]?.trace?.name === 'shape');
  const tiles = net.data.find(d => d.name === 'neurons').meta.tiles.map(([x, y, size]) => {
    const [left, top] = at(x - 0.5, y - 0.5), [right, bottom] = at(x + size - 0.5, y + size - 0.5);
    return {left, top, right, bottom}; });
  // What of the presenter switch's icon is drawn: clipped by any ancestor that hides its overflow.
  const icon = document.querySelector('.st-key-presenter [role="img"]');
  let shown = box(icon);
  for (let e = icon.parentElement; e; e = e.parentElement)
    if (getComputedStyle(e).overflowX !== 'visible') { const b = box(e);
      shown = {...shown, left: Math.max(shown.left, b.left), right: Math.min(shown.right, b.right)}; }
  const play = [...document.querySelectorAll('[data-testid="stMain"] button')]
    .find(b => b.offsetParent && b.innerText.trim().endsWith('Play'));
  const unfold = document.querySelector('[data-testid="stExpandSidebarButton"]');
  const dataset = [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stSelectbox"]')]
    .find(s => s.querySelector('label')?.innerText.trim() === 'Data set').querySelector('input');
  return {headings: notes.filter(n => n.above), labels: notes.filter(n => !n.above),
          buttons: [...shape.querySelectorAll('path.point')].map(box), tiles, diagram: box(net.querySelector('.imagelayer image')),
          panel: box(net), icon: box(icon), iconShown: shown,
          track: box(document.querySelector('.st-key-presenter label > div:not([data-testid])')),
          help: box(document.querySelector('.st-key-presenter [data-testid="stTooltipIcon"]')),
          views: box(document.querySelector('.st-key-view')), play: box(play),
          unfold: unfold && unfold.offsetParent ? box(unfold) : null,
          dataset: {value: dataset.value, needs: dataset.scrollWidth, has: dataset.clientWidth},
          warnings: [...document.querySelectorAll('.nn-warning')].map(box),
          chart: box(net.parentElement), width: innerWidth};  // the diagram's slot in the live panel
}"""


def overlap(a, b):
    """Whether two boxes share more than half a pixel each way."""
    return min(a["right"], b["right"]) - max(a["left"], b["left"]) > 0.5 \
        and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 0.5


def assert_apart(boxes, other=()):
    for i, a in enumerate(boxes):
        assert not any(overlap(a, b) for b in boxes[i + 1:]), (a, boxes)
        assert not any(overlap(a, b) for b in other), (a, other)


def geometry(page):
    """GEOMETRY, once the presenter switch's icon is drawn (its label is Markdown, drawn after the switch)."""
    page.wait_for_selector('.st-key-presenter [role="img"]')
    return page.evaluate(GEOMETRY)


def wait_folded(page):
    """Until the sidebar has slid out of sight, its "»" button shows, and the charts have refitted."""
    page.wait_for_function("() => document.querySelector('[data-testid=\"stSidebar\"]').getBoundingClientRect().right <= 0"
                           " && document.querySelector('[data-testid=\"stExpandSidebarButton\"]')?.offsetParent")
    wait_for_charts(page)


def assert_laid_out(g):
    headings = [h["box"] for h in g["headings"]]
    assert_apart(headings)
    assert all(a["right"] <= b["left"] for a, b in zip(headings, headings[1:])), g["headings"]
    assert_apart(g["buttons"], other=g["tiles"] + [label["box"] for label in g["labels"]])
    assert_apart([label["box"] for label in g["labels"]])
    # The diagram spreads over the panel's width (a third of it once, 1280x720 in presenter mode).
    assert g["diagram"]["right"] - g["diagram"]["left"] >= 0.4 * (g["panel"]["right"] - g["panel"]["left"]), g
    icon, shown = g["icon"], g["iconShown"]
    assert icon["right"] - icon["left"] >= 12 and shown["right"] - shown["left"] >= icon["right"] - icon["left"] - 0.5, g
    assert g["help"]["right"] <= g["width"] and not overlap(icon, g["track"]) and not overlap(icon, g["help"]), g
    assert not overlap(g["track"], g["views"]), g
    assert g["dataset"]["needs"] <= g["dataset"]["has"], g["dataset"]
    assert all(w["bottom"] <= g["chart"]["top"] for w in g["warnings"]), (g["warnings"], g["chart"])


DEEP = "?hidden=7,3,4,4&activation=relu"  # six columns, seven tiles tall, and a warning (dead ReLUs) above


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("query", ["", DEEP], ids=["5-3", "7-3-4-4"])
def test_the_diagram_and_the_controls_above_it_keep_apart_with_presenter_mode_off_and_on(
        browser, app_url, size, query):
    with browser_page(browser, app_url, *SIZES[size]) as page:
        page.goto(f"{app_url}/{query}")
        wait_for_charts(page)
        if query:
            page.wait_for_selector(".nn-warning")
        assert_laid_out(geometry(page))
        presenter(page)
        wait_folded(page)
        g = geometry(page)
        page.screenshot(path=SCREENSHOTS / f"35-apart-{size}-{'deep' if query else 'default'}-presenter.png")
        assert_laid_out(g)
        assert g["unfold"] and not overlap(g["unfold"], g["play"]), (g["unfold"], g["play"])
        assert page.js_errors == []


@pytest.mark.parametrize("size", SIZES)
def test_the_folded_sidebars_button_keeps_off_play(browser, app_url, size):
    with opened(browser, app_url, size) as page:
        page.locator('[data-testid="stSidebar"]').hover()
        page.locator('[data-testid="stSidebarCollapseButton"] button').click()
        wait_folded(page)
        g = geometry(page)
        page.screenshot(path=SCREENSHOTS / f"36-folded-{size}.png")
        assert not overlap(g["unfold"], g["play"]), (g["unfold"], g["play"])
        assert_laid_out(g)
