"""Charts as a reader sees them in Chromium: text that reads on the dark theme,
link tooltips along the whole link, and a hovered neuron shown on the plane.

Colours are measured in the browser (computed SVG fill against the page's
background), not taken from the figures: what counts is what is drawn.
"""
import numpy as np
import pytest

from tests.conftest import SCREENSHOTS, browser_page
from tests.test_browser_layout import wait_for_charts
from tests.test_plots_visuals import contrast, luminance, over

pytestmark = pytest.mark.browser

# Every drawn text of the live charts: its fill (with its opacity), what it says,
# and the page's and the chart's own background.  Hover labels come and go: left out.
CHART_TEXT = """() => {
  const page = getComputedStyle(document.querySelector('.stApp')).backgroundColor;
  const texts = [];
  for (const plot of document.querySelectorAll('.live-plot')) {
    for (const node of plot.querySelectorAll('svg text')) {
      if (!node.textContent.trim() || node.closest('.hoverlayer') || !node.getBBox().width) continue;
      const style = getComputedStyle(node);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      texts.push({text: node.textContent, fill: style.fill, opacity: Number(style.fillOpacity) * Number(style.opacity),
                  colorbar: !!node.closest('.colorbar'), chart: plot._fullLayout.paper_bgcolor});
    }
  }
  return {page, texts};
}"""


def drawn_charts(page, count):
    page.wait_for_function(f"() => [...document.querySelectorAll('.live-plot')].filter(p => p._fullLayout"
                           f" && Number(p.dataset.frames || 0) > 0).length >= {count}", timeout=90_000)


def assert_text_reads(page):
    found = page.evaluate(CHART_TEXT)
    assert found["texts"], "no chart text drawn"
    for text in found["texts"]:
        fill = over(text["fill"].replace(")", f", {text['opacity']})").replace("rgb(", "rgba("), found["page"]) \
            if text["opacity"] < 1 else text["fill"]
        for background in (found["page"], text["chart"]):
            assert contrast(fill, background) >= 4.5, (text, background)
    return found


@pytest.fixture
def dark_page(browser, app_url):
    with browser_page(browser, app_url, dark=True) as page:
        yield page


def test_chart_text_reads_on_the_dark_playground_in_every_view(dark_page):
    page = dark_page
    page.goto(page.app_url)
    drawn_charts(page, 3)
    found = assert_text_reads(page)
    assert luminance(found["page"]) < 0.1  # the page is dark indeed
    assert any(t["colorbar"] for t in found["texts"])  # the colour bar's labels included
    page.get_by_text("Neurons", exact=True).click()
    page.wait_for_function("() => document.querySelectorAll('.live-plot')[1]?.data?.[0]?.type === 'heatmap'"
                           " && document.querySelectorAll('.live-plot')[1].querySelector('.annotation')")
    assert_text_reads(page)
    page.screenshot(path=SCREENSHOTS / "v1-dark-playground-neurons.png")
    assert page.js_errors == []


def test_chart_text_reads_on_the_dark_tutorials_page(dark_page):
    page = dark_page
    page.goto(page.app_url + "/tutorials")
    drawn_charts(page, 3)  # the XOR tab: boundary, hidden space, and the Britz tab's first chart
    page.locator(".live-plot").first.scroll_into_view_if_needed()
    found = assert_text_reads(page)
    assert any(t["colorbar"] for t in found["texts"])
    page.screenshot(path=SCREENSHOTS / "v2-dark-tutorials.png")
    assert page.js_errors == []


# The network diagram's chart, its axes, and a signature of what places its
# points on the page (its box, its axes, its draws): when the signature is
# unchanged, every point is where it was measured.
_DIAGRAM_NOW = """
  const plot = document.querySelectorAll('.live-plot')[1];
  const box = plot.getBoundingClientRect(), xa = plot._fullLayout.xaxis, ya = plot._fullLayout.yaxis;
  const signature = [box.x, box.y, xa._offset, ya._offset, xa._length, ya._length, ...xa.range, ...ya.range,
                     plot.dataset.frames].join();"""
# Every hover trace's points in page pixels, with its markers' radius.
DIAGRAM = "() => {" + _DIAGRAM_NOW + """
  const at = (x, y) => [box.x + xa._offset + xa.d2p(x), box.y + ya._offset + ya.d2p(y)];
  const traces = plot.data.filter(t => t.mode.includes('markers') && t.hoverinfo !== 'skip').map(t => (
    {name: t.name, radius: t.marker.size / 2, points: t.x.map((x, i) => at(x, t.y[i])), text: t.text}));
  return {traces, signature};
}"""
# Once a hover label shows, what it names; {labels: null} if the diagram moved or
# was redrawn first (its label would then say nothing of the point measured).
HOVER_LABELS = "(measured) => {" + _DIAGRAM_NOW + """
  if (signature !== measured) return {labels: null};
  const labels = [...plot.querySelectorAll('.hoverlayer .hovertext')].map(t => t.textContent.split(' = ')[0]);
  return labels.length ? {labels} : false;
}"""
HOVER_DISTANCE = 20  # px: Plotly's default hoverdistance
NEAR = 14  # px: another link this near the pointer could rightly answer too


def distance_to_segment(point, a, b):
    d = b - a
    t = np.clip(np.dot(point - a, d) / np.dot(d, d), 0, 1)
    return float(np.linalg.norm(point - (a + t * d)))


def crosses(a, b, c, d):
    def side(p, q, r):
        return np.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]))
    return side(a, b, c) != side(a, b, d) and side(c, d, a) != side(c, d, b)


def hover_targets(diagram):
    """{name: (points (n, 2), marker radius px)} of every group of hover points:
    each link by its name, then each other hover trace (neurons, buttons) whole;
    and the links' names."""
    targets, links = {}, []
    for trace in diagram["traces"]:
        points = np.array(trace["points"])
        if trace["name"] != "links":
            targets[trace["name"]] = points, trace["radius"]
            continue
        names = [text.split(" = ")[0] for text in trace["text"]]
        links = list(dict.fromkeys(names))
        targets.update({name: (points[[n == name for n in names]], trace["radius"]) for name in links})
    return targets, links


def plotly_distance(spot, points, radius):
    """How far Plotly's closest-point hover takes ``spot`` to be from the nearest of
    ``points`` with markers of ``radius`` px (plotly.js scatter/hover.js)."""
    return max(float(np.linalg.norm(points - spot, axis=1).min()) - radius, 1 - 3 / radius)


def assert_every_point_of_a_link_is_nearest_its_own_hover_points(segments, targets):
    """Along each link, every pixel where no other link passes within NEAR px is
    strictly nearer one of the link's own hover points than any other hover
    point, and within Plotly's hover distance: its tooltip wins wherever the
    pointer is on it."""
    for name, (a, b) in segments.items():
        for t in np.linspace(0, 1, int(np.linalg.norm(b - a)) + 1):
            spot = a + t * (b - a)
            if min(distance_to_segment(spot, *segments[o]) for o in segments if o != name) < NEAR:
                continue
            distances = {target: plotly_distance(spot, *placed) for target, placed in targets.items()}
            own = distances.pop(name)
            assert own < min(distances.values()) and own <= HOVER_DISTANCE, (name, round(t, 3), own, distances)


def test_hovering_a_link_away_from_its_middle_names_that_link(page):
    page.set_viewport_size({"width": 1920, "height": 1080})  # a large diagram of a 2-3-2 network:
    page.goto(page.app_url + "/?hidden=3")                     # links far enough apart to point at one
    drawn_charts(page, 3)
    wait_for_charts(page)  # each chart at its fitted size: the links are where they are measured
    for _ in range(5):  # measured afresh whenever the diagram moves or redraws while pointed at
        diagram = page.evaluate(DIAGRAM)
        targets, links = hover_targets(diagram)
        # A link's hover points run from near its start to near its end: its segment, for pointing.
        segments = {name: targets[name][0][[0, -1]] for name in links}
        assert_every_point_of_a_link_is_nearest_its_own_hover_points(segments, targets)
        tried = []
        for name, (a, b) in segments.items():
            spot = a + 0.3 * (b - a)  # on the link, well away from its middle
            if min(distance_to_segment(spot, *segments[o]) for o in segments if o != name) < NEAR:
                continue  # another link passes just as near: either answer would be right
            page.mouse.move(5, 5)
            page.wait_for_function("() => !document.querySelectorAll('.live-plot')[1]"
                                   ".querySelector('.hoverlayer .hovertext')")
            page.mouse.move(*spot)
            shown = page.wait_for_function(HOVER_LABELS, arg=diagram["signature"], timeout=5000).json_value()
            if shown["labels"] is None:
                break  # the diagram moved under the pointer: measure it again
            assert shown["labels"] == [name], (name, spot, shown["labels"])
            tried.append((name, any(crosses(a, b, *segments[o]) for o in segments if o != name)))
        else:
            break
    else:
        pytest.fail("the diagram moved under the pointer five times over")
    assert len(tried) >= 6 and any(crossing for _, crossing in tried), tried
    assert page.js_errors == []


def test_hovering_a_neuron_shows_it_on_the_boundary_until_the_pointer_leaves(page):
    page.goto(page.app_url)
    drawn_charts(page, 3)
    wait_for_charts(page)  # each chart at its fitted size: the neuron is where it is measured
    centre = page.evaluate("""() => {
      const plot = document.querySelectorAll('.live-plot')[1];
      const trace = plot.data.find(t => t.name === 'neurons');
      const i = trace.meta.tiles.findIndex(t => t[3] === 'h1.2') * trace.meta.spots;  // its first spot: the centre
      const box = plot.getBoundingClientRect(), xa = plot._fullLayout.xaxis, ya = plot._fullLayout.yaxis;
      return [box.x + xa._offset + xa.d2p(trace.x[i]), box.y + ya._offset + ya.d2p(trace.y[i])];
    }""")
    # What the boundary chart draws, against its own figure (ui/live_chart.py keeps it as __figure).
    shown = """(expected) => {
      const plot = document.querySelector('.live-plot'), own = plot.__figure.layout;
      const href = plot.querySelector('.imagelayer image').getAttribute('href');
      const title = plot.querySelector('.gtitle').textContent;
      return expected ? title.startsWith('h1.2') && href.startsWith('data:image/png') && href !== own.images[0].source
                      : title === own.title.text && href === own.images[0].source;
    }"""
    page.mouse.move(*centre)
    page.wait_for_function(shown, arg=True, timeout=30_000)
    page.screenshot(path=SCREENSHOTS / "v3-neuron-on-the-plane.png")
    page.mouse.move(5, 5)
    page.wait_for_function(shown, arg=False, timeout=30_000)
    assert page.js_errors == []


def boxes_overlap(a, b):
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def test_the_colour_bars_title_clears_its_labels(page):
    page.goto(page.app_url + "/tutorials")
    drawn_charts(page, 2)
    bars = page.evaluate("""() => [...document.querySelectorAll('.live-plot .colorbar')].map(bar => {
      const box = (node) => { const r = node.getBoundingClientRect();
                              return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
      return {title: box(bar.querySelector('.cbtitle text')), ticks: [...bar.querySelectorAll('.cbaxis text')].map(box)};
    })""")
    assert bars and all(bar["ticks"] for bar in bars)
    for bar in bars:
        assert not any(boxes_overlap(bar["title"], tick) for tick in bar["ticks"]), bar


def test_the_compare_legend_fits_and_its_runs_differ_in_dashes(page):
    page.goto(page.app_url + "/compare")
    drawn_charts(page, 3)
    page.get_by_role("button", name="Step").click()  # two epochs: lines, not single points
    # Lines in its data, and no draw running or due (data is set as a draw starts): the legend as drawn.
    page.wait_for_function("() => { const plot = document.querySelectorAll('.live-plot')[2];"
                           " return plot.data.every(t => t.mode === 'lines') && !plot.__drawing && !plot.__next; }")
    legend = page.evaluate("""() => {
      const plot = document.querySelectorAll('.live-plot')[2];
      const frame = plot.querySelector('.legend .bg').getBoundingClientRect();
      return {frame: [frame.left, frame.right], svg: plot.querySelector('.main-svg').getBoundingClientRect().right,
              texts: [...plot.querySelectorAll('.legendtext')].map(t => [t.textContent, t.getBoundingClientRect().right]),
              dashes: [...plot.querySelectorAll('.scatterlayer .js-line')].map(l => getComputedStyle(l).strokeDasharray)};
    }""")
    assert [name for name, _ in legend["texts"]] == ["A train", "B train"]
    assert all(right <= legend["frame"][1] + 0.5 for _, right in legend["texts"]), legend  # no name cut short
    assert legend["frame"][1] <= legend["svg"] + 0.5
    assert len(set(legend["dashes"])) == 2, legend  # solid and dashed
