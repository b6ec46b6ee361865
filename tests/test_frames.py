"""What a live frame sends: patches against a base figure (ui.live_chart.figure_message)
rebuild the whole figure, the PNG encoder (plots.raster.png_uri) is lossless, and
every page starts loading plotly.js at once (ui.live_chart.PlotlyFirst)."""
import asyncio
import base64
import concurrent.futures
import io
import json

import numpy as np
import pytest
from PIL import Image

from core import FIRST_RUN, Config, TrainingSession
from plots import boundary_figure, loss_figure, network_figure
from plots.raster import colorize, hex_rgb, palette, palette_indices, png_uri
from plots.style import ACTIVATION_SCALE, NOT_A_NUMBER
from tests.test_plots import decoded_png
from ui.live_chart import FULL_FRAMES, PlotlyFirst, figure_message, plotly_url

FIGURES = {"boundary": boundary_figure, "network": network_figure, "loss": loss_figure}


def rebuilt(bases, message):
    """The figure a message stands for, as the browser puts it together (ui/live_chart.py's assembled)."""
    if "figure" in message:
        bases[message["base"]] = message["figure"]
    figure = json.loads(bases[message["base"]])
    if message["patch"]:
        patch = json.loads(message["patch"])
        for index, trace in patch["data"].items():
            figure["data"][int(index)] = trace
        for index, fields in patch["fields"].items():
            figure["data"][int(index)].update(fields)
        for index, fields in patch["extend"].items():
            trace = figure["data"][int(index)]
            trace.update({field: trace[field][:kept] + more for field, (kept, more) in fields.items()})
        figure["layout"].update(patch["layout"])
        for name in patch["drop"]:
            del figure["layout"][name]
    return figure


def without_template(figure):
    return {"data": figure["data"], "layout": {k: v for k, v in figure["layout"].items() if k != "template"}}


@pytest.mark.parametrize("name", FIGURES)
def test_patched_frames_rebuild_every_figure_while_training(name):
    session, base, held = TrainingSession(FIRST_RUN), None, {}
    for frame in range(40):
        session.step(20)
        figure = FIGURES[name](session.snapshot(30))
        message, base = figure_message(figure, base, fresh=frame == 0)
        assert rebuilt(held, message) == json.loads(json.dumps(without_template(figure))), frame


def test_a_new_base_is_sent_whole_with_its_first_frames_then_only_what_changed():
    session = TrainingSession(FIRST_RUN)
    figure = boundary_figure(session.snapshot(30))
    messages, base = [], None
    for _ in range(FULL_FRAMES + 2):
        session.step(5)
        message, base = figure_message(boundary_figure(session.snapshot(30)), base, fresh=not messages)
        messages.append(message)
    assert [("figure" in m) for m in messages] == [True] * FULL_FRAMES + [False] * 2
    assert len({m["base"] for m in messages}) == 1
    assert messages[0]["patch"] is None
    patch = json.loads(messages[-1]["patch"])
    assert set(patch["layout"]) == {"images"} and patch["data"] == patch["fields"] == {}  # only the background changed
    assert len(messages[-1]["patch"]) < len(json.dumps(figure)) / 2


def test_a_full_run_or_other_traces_start_a_new_base_and_dropped_layout_entries_are_dropped():
    snap = TrainingSession(FIRST_RUN).snapshot(30)
    first, base = figure_message(loss_figure(snap, mark_epoch=0), None, fresh=True)
    marked_off, same = figure_message(loss_figure(snap), base, fresh=False)
    assert marked_off["base"] == first["base"] and json.loads(marked_off["patch"])["drop"] == ["shapes"]
    again, new = figure_message(loss_figure(snap), same, fresh=True)
    assert again["base"] != first["base"] and "figure" in again
    with_test = TrainingSession(Config(dataset="moons", test_fraction=0.3)).snapshot(30)
    other, _ = figure_message(boundary_figure(with_test), new, fresh=False)  # more traces than its base
    assert other["patch"] is None and "figure" in other


@pytest.mark.parametrize("shape", [(1, 1, 3), (5, 7, 4), (50, 50, 4), (13, 2, 3)])
def test_png_images_decode_to_exactly_their_pixels(shape):
    pixels = np.random.default_rng(sum(shape)).integers(0, 256, shape, dtype=np.uint8)
    for image in (pixels, pixels[::-1]):  # also a flipped view, as image_over passes
        source = png_uri(image)
        assert source.startswith("data:image/png;base64,")
        decoded = np.array(Image.open(io.BytesIO(base64.b64decode(source.split(",", 1)[1]))))
        assert decoded.shape == image.shape and np.array_equal(decoded, image)


@pytest.mark.parametrize("shape", [(1, 1), (5, 7), (50, 50), (99, 292)])
def test_palette_images_decode_to_their_colours_gaps_and_not_a_number(shape):
    """A live frame's images are one byte a pixel (plots.raster.palette_indices): the
    scale's colours, grey where a value is not finite, transparent in the gaps."""
    rng = np.random.default_rng(sum(shape))
    values = rng.uniform(-1.5, 1.5, shape)
    values[rng.random(shape) < 0.1] = np.nan
    gaps = rng.random(shape) < 0.2
    indices = palette_indices(values, -1.0, 1.0, gaps)
    colours = palette(ACTIVATION_SCALE)
    for image in (indices, indices[::-1]):
        decoded = decoded_png(png_uri(image, colours))
        assert np.array_equal(decoded, colours[image])
    rgba = colorize(values, ACTIVATION_SCALE, -1.0, 1.0, gaps)
    assert (rgba[gaps][:, 3] == 0).all() and (rgba[~gaps][:, 3] == 255).all()
    assert (rgba[~gaps & np.isnan(values)][:, :3] == hex_rgb(NOT_A_NUMBER)).all()
    # Values beyond the range take its ends' colours; the ends are the scale's own.
    assert np.array_equal(colorize([[-9.0, 9.0]], ACTIVATION_SCALE, -1, 1)[0, :, :3],
                          [hex_rgb(ACTIVATION_SCALE[0][1]), hex_rgb(ACTIVATION_SCALE[-1][1])])


def served(path, content_type, body, accept_encoding=b"gzip"):
    """What PlotlyFirst around an app answering ``body`` sends for GET ``path``, and the headers the app saw."""
    seen, sent = {}, []

    async def app(scope, receive, send):
        seen["headers"] = dict(scope["headers"])
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body[:10], "more_body": True})
        await send({"type": "http.response.body", "body": body[10:]})

    async def send(message):
        sent.append(message)
    scope = {"type": "http", "method": "GET", "path": path, "headers": [(b"accept-encoding", accept_encoding)]}
    # In a thread of its own: a browser test's Playwright may hold this thread's event loop.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, PlotlyFirst(app)(scope, None, send)).result()
    headers = dict(sent[0]["headers"])
    body = b"".join(m.get("body", b"") for m in sent[1:])
    assert int(headers[b"content-length"]) == len(body)
    return body, seen["headers"]


def test_every_page_starts_loading_plotly_js_and_nothing_else_changes():
    page = b"<html><head><title>x</title></head><body></body></html>"
    for path in ("/", "/tutorials"):
        body, asked = served(path, b"text/html; charset=utf-8", page)
        assert b"accept-encoding" not in asked  # the page's HTML comes uncompressed, to be edited
        # First in the head, so that it is asked for before Streamlit's own bundles.
        assert body == page.replace(b"<head>", f'<head><script async fetchpriority="high" data-plotly-first '
                                               f'src="{plotly_url()}"></script>'.encode())
    script = b"console.log('</head>');" * 3
    assert served("/static/js/index.js", b"text/javascript", script) == (script, {b"accept-encoding": b"gzip"})
    assert served("/data.json", b"application/json", b'{"a": "</head>"}')[0] == b'{"a": "</head>"}'


def test_a_growing_loss_curve_sends_only_its_new_epochs():
    """Decimated with a fixed stride (plots.figures.decimate), a curve keeps its points from
    frame to frame: the patch names how many of the base's it keeps and adds the rest."""
    session, base, held = TrainingSession(Config(dataset="moons", test_fraction=0.3)), None, {}
    session.step(3000)  # past MAX_CURVE_POINTS epochs: decimated
    for frame in range(FULL_FRAMES + 5):
        session.step(20)
        figure = loss_figure(session.snapshot(10))
        message, base = figure_message(figure, base, fresh=frame == 0)
        assert rebuilt(held, message) == json.loads(json.dumps(without_template(figure))), frame
    patch = json.loads(message["patch"])
    assert set(patch["extend"]) == {"0", "1"} and patch["fields"] == {}  # train and test, nothing sent whole
    assert all(set(fields) == {"x", "y"} for fields in patch["extend"].values())
    assert len(message["patch"]) < 0.1 * len(base.text)
