"""What the app server adds to every HTTP response: security headers, and a
404 instead of Streamlit's metrics.  serve.py wraps the app in ``Hardened``;
deploy/haproxy.cfg sets the same headers (tests/test_hardening.py checks that
the two agree) and refuses the metrics too, whatever runs behind it.
"""
from starlette.datastructures import MutableHeaders
from starlette.responses import PlainTextResponse

# What the pages need and no more: scripts from the app itself (plotly.js from
# /app/static/), blob: modules (st.components.v2 loads a component's inline
# JavaScript as one) and the one inline script of Streamlit 1.67's index.html
# (by its hash); inline styles (Streamlit's CSS-in-JS); data: and blob: images
# (the live charts' PNG backgrounds, the camera button's PNG) and Google's
# font server (Streamlit fetches a :material/...: page icon, the favicon, from
# there); the websocket is 'self'.  Framing by this site only.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; "
    "script-src 'self' blob: 'sha256-THxz9J9+wf7rhwR2YkXJoSZ13UCmYyC+3lNDv2+8ugA='; "
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob: https://fonts.gstatic.com; "
    "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'")
SECURITY_HEADERS = {"Content-Security-Policy": CONTENT_SECURITY_POLICY,
                    "X-Frame-Options": "SAMEORIGIN",
                    "X-Content-Type-Options": "nosniff"}
# Streamlit serves its metrics (sessions, memory) to anyone and cannot be told not to.
METRICS_PATH = "/_stcore/metrics"


class Hardened:
    """ASGI middleware: SECURITY_HEADERS on every HTTP response, 404 for the
    metrics.  The path it sees is already percent-decoded (/_stcore/%6Detrics
    is the metrics too)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if METRICS_PATH in scope["path"]:
            return await PlainTextResponse("Not Found", status_code=404)(scope, receive, self._headed(send))
        return await self.app(scope, receive, self._headed(send))

    @staticmethod
    def _headed(send):
        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).update(SECURITY_HEADERS)
            await send(message)
        return send_with_headers
