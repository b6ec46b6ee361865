"""Streamlit's own JavaScript and CSS bundles, served gzipped from memory.

Streamlit 1.67 serves its bundles (2.5 MB of JavaScript for the playground's
first page, in about 120 files) uncompressed, on purpose: it would gzip them
again for every request.  Their names hold a hash of their contents, so each
file is gzipped once per server process, kept, and sent with a year's
immutable caching: a hall on one Wi-Fi loads about 0.7 MB each instead of 2.5.
Served here, ahead of Streamlit's own middleware and static file handler, a
file also costs the server far less of the CPU the page's first load waits for
(measured with curl: 2.1 ms of the server's CPU per file through Streamlit).
serve.py wraps the app in ``PackedBundles``; ui.live_chart.PlotlyFirst sends
plotly.js the same way (``send_packed``).
"""
import functools
import gzip
import pathlib

import streamlit as st

STREAMLIT_STATIC = pathlib.Path(st.__file__).parent / "static"
CONTENT_TYPES = {".js": b"text/javascript; charset=utf-8", ".css": b"text/css; charset=utf-8"}


def served_at(*parts):
    """The URL path of ``parts`` under the server's base URL path (server.baseUrlPath)."""
    base = st.get_option("server.baseUrlPath").strip("/")
    return "/" + "/".join(part for part in (base, *parts) if part)


def accepts_gzip(scope):
    """Whether the HTTP request ``scope`` (ASGI) says its client takes gzip."""
    return any(name.lower() == b"accept-encoding" and b"gzip" in value for name, value in scope["headers"])


async def send_packed(send, body, content_type):
    """Send ``body`` (gzipped bytes of a file whose name changes with its contents) as an
    HTTP response of ``content_type`` that a browser may keep for good."""
    await send({"type": "http.response.start", "status": 200, "headers": [
        (b"content-type", content_type), (b"content-encoding", b"gzip"),
        (b"content-length", str(len(body)).encode()), (b"vary", b"Accept-Encoding"),
        (b"cache-control", b"public, max-age=31536000, immutable")]})
    await send({"type": "http.response.body", "body": body})


@functools.cache  # one entry per bundle file: Streamlit ships a fixed set (about 6 MB gzipped at most)
def _packed(file):
    # Level 6 is within 0.2 % of level 9's size here, at an eighth of its time for the main bundle.
    return gzip.compress(file.read_bytes(), compresslevel=6, mtime=0)


class PackedBundles:
    """ASGI middleware: a GET of one of Streamlit's bundles (static/js, static/css) from
    a client that takes gzip is answered from memory (``_packed``); every other
    request goes on to the app.  Only files found in Streamlit's package at start
    are served, by their exact path, so no request can name another file."""

    def __init__(self, app):
        self.app = app
        self.bundles = {served_at("static", kind, file.name): file for kind in ("js", "css")
                        for file in (STREAMLIT_STATIC / "static" / kind).glob(f"*.{kind}")}

    async def __call__(self, scope, receive, send):
        file = self._bundle(scope)
        if file is None:
            return await self.app(scope, receive, send)
        await send_packed(send, _packed(file), CONTENT_TYPES[file.suffix])

    def _bundle(self, scope):
        if scope["type"] != "http" or scope["method"] != "GET" or not accepts_gzip(scope):
            return None
        return self.bundles.get(scope["path"])
