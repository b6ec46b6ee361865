"""What the page's first frame waits for (issue 16): Streamlit's bundles come gzipped
from memory (ui.assets.PackedBundles), plotly.js is asked for first (ui.live_chart.PlotlyFirst),
and no chart is drawn twice at one size before the first frame."""
import asyncio
import concurrent.futures
import gzip

import pytest

from tests.test_browser import open_app
from ui.assets import STREAMLIT_STATIC, PackedBundles
from ui.hardening import SECURITY_HEADERS
from ui.live_chart import plotly_url

MAIN_BUNDLE = next((STREAMLIT_STATIC / "static" / "js").glob("index.*.js"))
STYLES = next((STREAMLIT_STATIC / "static" / "css").glob("index.*.css"))


def answered(path, accept_encoding=b"gzip, deflate, br", method="GET", middleware=PackedBundles):
    """(what ``middleware`` (an ASGI class: PackedBundles, PlotlyFirst) sends for ``method``
    ``path`` around an app that answers "from the app", the paths it passed on to the app)."""
    sent, asked = [], []

    async def app(scope, receive, send):
        asked.append(scope["path"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"from the app"})

    async def send(message):
        sent.append(message)
    scope = {"type": "http", "method": method, "path": path, "headers": [(b"accept-encoding", accept_encoding)]}
    # In a thread of its own: a browser test's Playwright may hold this thread's event loop.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, middleware(app)(scope, None, send)).result()
    return sent, asked


@pytest.mark.parametrize("file, content_type", [(MAIN_BUNDLE, b"text/javascript"), (STYLES, b"text/css")])
def test_streamlit_bundles_are_sent_gzipped_and_may_be_kept_for_good(file, content_type):
    sent, asked = answered(f"/static/{file.parent.name}/{file.name}")
    headers = dict(sent[0]["headers"])
    body = b"".join(m.get("body", b"") for m in sent[1:])
    assert not asked and sent[0]["status"] == 200 and headers[b"content-encoding"] == b"gzip"
    assert headers[b"content-type"].startswith(content_type) and b"immutable" in headers[b"cache-control"]
    assert int(headers[b"content-length"]) == len(body) < file.stat().st_size / 2
    assert gzip.decompress(body) == file.read_bytes()


def test_every_other_request_goes_to_streamlit():
    bundle = f"/static/js/{MAIN_BUNDLE.name}"
    for path, encoding, method in [
            (bundle, b"identity", "GET"),                 # a client that takes no gzip
            (bundle, b"gzip", "HEAD"),
            ("/static/js/no-such-file.js", b"gzip", "GET"),
            ("/static/js/../../index.html", b"gzip", "GET"),  # only the bundles' own paths, never another file
            ("/static/media/SourceSansVF-Upright.ttf.BsWL4Kly.woff2", b"gzip", "GET"),  # fonts are compressed already
            ("/", b"gzip", "GET")]:
        assert answered(path, encoding, method)[1] == [path], path


@pytest.mark.browser
def test_the_page_loads_gzipped_bundles_and_plotly_js_first(page):
    """In Chromium: every script of Streamlit's came compressed, plotly.js was asked for
    before Streamlit's main bundle, and the page drew."""
    first = open_app(page)
    assert first["drawn"] == 3 and first["errors"] == 0 and not page.js_errors
    loaded = page.evaluate("""() => performance.getEntriesByType('resource').map(e => ({
        path: new URL(e.name).pathname, start: e.startTime, encoded: e.encodedBodySize, decoded: e.decodedBodySize}))""")
    bundles = [e for e in loaded if e["path"].startswith("/static/js/") and e["decoded"] > 2000]
    assert len(bundles) > 20 and all(e["encoded"] < e["decoded"] for e in bundles), bundles
    plotly = next(e for e in loaded if e["path"] == plotly_url())
    main = next(e for e in loaded if e["path"] == f"/static/js/{MAIN_BUNDLE.name}")
    assert plotly["start"] <= main["start"] and plotly["decoded"] > 3 * plotly["encoded"]
    # Answered ahead of Streamlit, a bundle still has the app's security headers (ui.hardening).
    bundle = page.request.get(page.app_url + main["path"], headers={"Accept-Encoding": "gzip"})
    assert bundle.headers["content-encoding"] == "gzip" and bundle.body() == MAIN_BUNDLE.read_bytes()
    assert all(bundle.headers[name.lower()] == value for name, value in SECURITY_HEADERS.items())


# Every Plotly.relayout on the page, with the size the chart had when it was called.
RELAYOUTS = r"""
window.__relayouts = [];
let plotly;
Object.defineProperty(window, "Plotly", { configurable: true, get: () => plotly, set(value) {
  plotly = value;
  const relayout = value.relayout;
  value.relayout = function (plot, update, ...rest) {
    const drawn = plot._fullLayout || {};
    window.__relayouts.push({ was: [drawn.height, Math.round(drawn.width)],
                              to: [update.height, Math.round(update.width)] });
    return relayout.call(this, plot, update, ...rest);
  };
}});
"""


@pytest.mark.browser
def test_no_chart_is_drawn_again_at_the_size_it_has_before_the_first_frame(page):
    page.add_init_script(RELAYOUTS)
    open_app(page)
    relayouts = page.evaluate("window.__relayouts")
    assert all(r["was"] != r["to"] for r in relayouts if r["to"][0] is not None), relayouts
