"""What a playground frame costs the server (issue 16): the live view is ONE element
(ui.live_chart.live_panel) holding the three charts and the numbers, the network
diagram's geometry is built once per shape and never sent again while training,
and plotly.js is gzipped once, not for every page opened."""
import gzip
import hashlib
import json

from core import FIRST_RUN, TrainingSession
from plots import network_figure
from tests.test_apptest import live_parts
from tests.test_first_frame import answered
from ui.live_chart import _SOURCE, LIVE_JS_NAME, ROOT, PlotlyFirst, figure_message, plotly_url


def test_the_live_view_is_one_element_holding_the_charts_and_the_numbers(app):
    panels = [e for e in app.get("bidi_component") if e.proto.id.endswith("-live_panel")]
    assert len(panels) == 1
    columns = json.loads(panels[0].proto.json)["columns"]
    assert [[part["key"] for part in column] for column in columns] == [["boundary"], ["stats", "network", "loss"]]
    assert "data-stat='epoch'" in columns[1][0]["html"]
    # No chart of the playground is an element of its own any more.
    assert {part["key"] for part in live_parts(app)} == {"boundary", "stats", "network", "loss"}


def test_a_frame_carries_a_loader_not_the_charts_code(app):
    """Streamlit sends a component's inline code with each element: the panel's is a loader
    of the charts' module, served beside plotly.js under a name that holds its hash."""
    panel, = (e for e in app.get("bidi_component") if e.proto.id.endswith("-live_panel"))
    assert len(panel.proto.js_content) < 1500 and LIVE_JS_NAME in panel.proto.js_content
    module = (ROOT / "static" / LIVE_JS_NAME).read_text()
    assert "export function panel(" in module and "export function chart(" in module
    assert LIVE_JS_NAME == f"nn-live-{hashlib.sha256(module.encode()).hexdigest()[:12]}.js"


def test_the_diagram_is_built_once_per_shape_and_a_frame_sends_what_the_weights_change():
    session = TrainingSession(FIRST_RUN)
    session.step(500)  # (early on, links change thickness classes, and the diagram its number of traces)
    figures = []
    for _ in range(FULL_FRAMES_AND_ONE):
        session.step(20)
        figures.append(network_figure(session.snapshot(30), height=200))
    first, last = figures[0], figures[-1]
    links, neurons = (next(i for i, t in enumerate(last["data"]) if t.get("name") == name) for name in ("links", "neurons"))
    assert trace(last, "links")["x"] is trace(first, "links")["x"]  # the same objects: built once
    assert trace(last, "neurons")["y"] is trace(first, "neurons")["y"]
    assert last["layout"]["annotations"] is first["layout"]["annotations"]
    assert len(first["data"]) == len(last["data"])  # (so that the last frame is a patch)
    base = None
    for frame, figure in enumerate(figures):
        message, base = figure_message(figure, base, fresh=frame == 0)
    patch = json.loads(message["patch"])
    assert patch["data"] == {}  # no trace sent whole
    # Not the geometry, nor the names in the hover labels: the values after them.
    assert set(patch["fields"][str(links)]) == set(patch["fields"][str(neurons)]) == {"customdata"}
    assert not {"annotations", "xaxis", "yaxis"} & set(patch["layout"])
    assert len(message["patch"]) < 0.8 * len(base.text)  # (the mosaic image and the hover texts are most of it)


FULL_FRAMES_AND_ONE = 5


def trace(figure, name):
    return next(t for t in figure["data"] if t.get("name") == name)


def plotly_served(accept_encoding):
    """(what PlotlyFirst sends for plotly.js, whether it asked the app behind it)."""
    return answered(plotly_url(), accept_encoding, middleware=PlotlyFirst)


def test_plotly_js_is_gzipped_once_and_may_be_kept_by_the_browser():
    sent, asked = plotly_served(b"gzip, deflate, br")
    headers = dict(sent[0]["headers"])
    assert not asked and headers[b"content-encoding"] == b"gzip"
    assert b"immutable" in headers[b"cache-control"] and headers[b"content-type"].startswith(b"text/javascript")
    body = b"".join(m.get("body", b"") for m in sent[1:])
    assert int(headers[b"content-length"]) == len(body) and gzip.decompress(body) == _SOURCE.read_bytes()
    # A browser that takes no gzip gets the file as Streamlit serves it.
    assert plotly_served(b"identity")[1] == [plotly_url()]
