"""The served app shows strangers nothing of the server.  A failing page shows
a plain message and an error id, the traceback being in the server log under
that id (ui/errors.py, wired by serve.py).  The app server (ui/hardening.py)
and, on its own, the proxy (deploy/haproxy.cfg) refuse /_stcore/metrics and
send security headers that every page still works under in Chromium; the
proxy's affinity cookie is HttpOnly and SameSite=Lax and no header names a
replica."""
import contextlib
import http.client
import logging
import pathlib
import re
import shutil
import socket
import subprocess
import sys

import pytest
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.testing.v1 import AppTest

from harness.server import ROOT, free_port, running_app, wait_for_health
from tests.test_browser import SAMPLE, press
from tests.test_deploy import running_proxy
from ui.hardening import SECURITY_HEADERS
from ui.layout import PAGES
from ui.live_chart import PLOTLY_JS_NAME, ensure_plotly_js
from ui.memory import PACKAGES

# A page that fails the way a real one might, with a server path in the message:
# ?fail=early before page_setup, ?fail=run in its run, or a button's callback,
# or a fragment's run (as the live views are).
FAILING_PAGE = '''
import streamlit as st
if st.query_params.get("fail") == "early":
    open("/srv/nn-secret/early.toml")
from ui.layout import page_setup
page_setup("Failing page")
st.button("Fail in a callback", on_click=open, args=["/srv/nn-secret/callback.toml"])
@st.fragment
def panel():
    if st.button("Fail in a fragment"):
        open("/srv/nn-secret/fragment.toml")
panel()
if st.query_params.get("fail") == "run":
    open("/srv/nn-secret/run.toml")
st.write("Nothing failed")
'''
FAILURES = {"early": ("/?fail=early", None), "run": ("/?fail=run", None),
            "callback": ("/", "Fail in a callback"), "fragment": ("/", "Fail in a fragment")}
# What a viewer must not see: the exception, its message, a traceback, paths.
LEAKS = ("FileNotFoundError", "Traceback", "/srv/nn-secret", "No such file", str(ROOT), ".py")
ERROR_ID = re.compile(r"error id: \**([0-9a-f]{8})\b")


def assert_no_leak(text):
    assert not [leak for leak in LEAKS if leak in text], text


def security_headers(response):
    return {name: response.headers[name] for name in SECURITY_HEADERS if name in response.headers}


def raw_request(url, target, method="GET"):
    """Status and bytes of a request for ``target`` sent exactly as written (no client normalises it)."""
    host, port = url.split("//")[1].split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(f"{method} {target} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode())
        reply = b""
        while chunk := connection.recv(65536):
            reply += chunk
    return int(reply.split(b" ", 2)[1]), reply


def request(url, path):
    """The response to GET ``path`` (its body read)."""
    connection = http.client.HTTPConnection(url.split("//")[1], timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


HAPROXY_404 = b"<h1>404 Not Found</h1>"
METRICS_SPELLINGS = ["/_stcore/metrics", "/_stcore/metrics?families=session_events", "/_stcore/%6Detrics",
                     "/%5Fstcore/metrics", "/_stcore/metrics/", "/_stcore/metrics%2F"]


# --- The error message, in AppTest ---------------------------------------------------

def failing_once():
    from ui.errors import show_error_id
    try:
        open("/srv/nn-secret/run.toml")
    except OSError as error:
        show_error_id(error)


@pytest.fixture
def error_log():
    """Records of ui.errors' logger (a Streamlit logger: it does not propagate)."""
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("ui.errors")
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


def shown_error_id(at):
    assert not at.exception, "Streamlit's own exception box is shown"
    (message,) = [error.value for error in at.error]
    assert_no_leak(message)
    return ERROR_ID.search(message).group(1)


def test_a_failure_shows_only_an_id_and_the_log_has_the_traceback_under_it(error_log):
    at = AppTest.from_function(failing_once).run()
    error_id = shown_error_id(at)
    (record,) = [r for r in error_log if error_id in r.getMessage()]
    detail = logging.Formatter().format(record)
    assert "Traceback" in detail and "/srv/nn-secret/run.toml" in detail


def test_two_failures_get_two_ids(error_log):
    at = AppTest.from_function(failing_once)
    assert shown_error_id(at.run()) != shown_error_id(at.run())


def test_the_load_check_counts_a_failure_as_the_served_app_shows_it():
    from harness.client import User
    message = ForwardMsg()
    message.delta.new_element.alert.body = "Something went wrong on this page. ... error id: **0123abcd**"
    message.delta.new_element.alert.format = Alert.ERROR
    user = User("ws://127.0.0.1:1/_stcore/stream")
    user._read(message.SerializeToString())
    assert user.errors == [message.delta.new_element.alert.body]


# --- The app server itself (serve.py) ---------------------------------------------

@pytest.fixture(scope="module")
def served():
    with running_app() as url:
        yield url


def test_the_app_server_sends_the_security_headers_and_no_metrics(served):
    for path in ("/", "/_stcore/health", f"/app/static/{PLOTLY_JS_NAME}"):
        response = request(served, path)
        assert response.status == 200 and security_headers(response) == SECURITY_HEADERS, path
    for target in METRICS_SPELLINGS:
        status, reply = raw_request(served, target)
        assert status == 404 and b"# TYPE" not in reply, (target, reply[:200])


def test_the_proxy_sends_the_same_headers_as_the_app_server():
    config = (ROOT / "deploy" / "haproxy.cfg").read_text()
    set_by_proxy = dict(re.findall(r'http-after-response set-header (\S+) "?(.*?)"?$', config, re.M))
    assert set_by_proxy == SECURITY_HEADERS


# --- Failures on a real server, in Chromium ----------------------------------------

@pytest.fixture(scope="module")
def failing_app(tmp_path_factory):
    """A folder whose app.py is FAILING_PAGE, beside serve.py, the real pages, packages and config."""
    folder = tmp_path_factory.mktemp("failing")
    ensure_plotly_js()
    (folder / "app.py").write_text(FAILING_PAGE)
    shutil.copy(ROOT / "serve.py", folder)  # a copy: st.App finds app.py beside its launcher
    for name in ("pages", "static", ".streamlit", *PACKAGES):  # serve.py loads every one of PACKAGES
        (folder / name).symlink_to(ROOT / name)
    return folder


@contextlib.contextmanager
def running_server(folder, script):
    """``streamlit run <script>`` in ``folder``; yields its URL and its log file."""
    port, log = free_port(), folder / f"{script}.log"
    with open(log, "w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=folder, stdout=out, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for_health(url)
        yield url, log
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture(scope="module")
def failing_server(failing_app):
    with running_server(failing_app, "serve.py") as url_and_log:
        yield url_and_log


def failure_as_shown(browser, url, button):
    """The main area's text and links once the page (its ``button`` clicked) shows an error."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    main = page.locator('[data-testid="stMain"]')
    if button:
        main.get_by_text("Nothing failed").wait_for(timeout=60_000)
        main.get_by_role("button", name=button).click()
    main.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').first.wait_for(
        timeout=60_000)
    shown = main.inner_text(), [a.get_attribute("href") for a in main.locator("a").all()]
    context.close()
    return shown


@pytest.mark.browser
@pytest.mark.parametrize("failure", FAILURES)
def test_a_served_page_shows_an_id_and_only_the_server_log_has_the_detail(failing_server, browser, failure):
    url, log = failing_server
    path, button = FAILURES[failure]
    text, links = failure_as_shown(browser, url + path, button)
    assert_no_leak(text)
    assert links == []  # no "Ask Google", "Ask ChatGPT"
    error_id = ERROR_ID.search(text).group(1)
    logged = log.read_text()
    after = logged[logged.index(f"Error id {error_id}"):]  # the line with the id, and the traceback below it
    assert "Traceback" in after.split("Error id ")[1] and f"/srv/nn-secret/{failure}.toml" in after


@pytest.mark.browser
def test_served_without_serve_py_a_page_still_shows_no_detail(failing_app, browser):
    with running_server(failing_app, "app.py") as (url, log):
        text, links = failure_as_shown(browser, url + "/?fail=run", None)
        assert_no_leak(text)
        assert "redacted" in text and links == []
        assert "/srv/nn-secret/run.toml" in log.read_text()


# --- Through the proxy ------------------------------------------------------------

@pytest.fixture(scope="module")
def proxy():
    with running_proxy() as (url, _):
        yield url


@pytest.mark.deploy
def test_metrics_are_refused_by_the_proxy_itself(proxy):
    for method, target in [("GET", t) for t in METRICS_SPELLINGS] + [
            ("GET", proxy + "/_stcore/metrics"), ("OPTIONS", "/_stcore/metrics")]:  # absolute form; preflight
        status, reply = raw_request(proxy, target, method)
        # HAProxy's own 404 page: no replica saw the request (theirs would refuse it too).
        assert status == 404 and HAPROXY_404 in reply and b"# TYPE" not in reply, (target, reply[:300])
    assert request(proxy, "/_stcore/health").status == 200


@pytest.mark.deploy
@pytest.mark.parametrize("path", ["/", "/_stcore/health", f"/app/static/{PLOTLY_JS_NAME}", "/_stcore/metrics"])
def test_every_response_through_the_proxy_has_security_headers(proxy, path):
    """/_stcore/metrics is HAProxy's own answer: the headers there are the proxy's alone."""
    assert security_headers(request(proxy, path)) == SECURITY_HEADERS


@pytest.mark.deploy
def test_the_affinity_cookie_is_httponly_and_same_site_lax_and_no_replica_is_named(proxy):
    response = request(proxy, "/")
    (cookie,) = [value for name, value in response.getheaders() if name.lower() == "set-cookie"
                 and value.startswith("NNSERVER=")]
    attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "samesite=lax"} <= attributes, cookie
    assert response.headers["X-Served-By"] is None


# The page of this title has run, its live charts are drawn and its fonts loaded.
PAGE_DRAWN = """async (title) => document.title === title
  && document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState === 'notRunning'
  && [...document.querySelectorAll('.live-plot')].every(p => Number(p.dataset.frames || 0) > 0)
  && (await document.fonts.ready) && true"""


@pytest.mark.deploy
@pytest.mark.browser
def test_every_page_works_under_the_security_policy_in_chromium(proxy, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    blocked, errors = [], []
    page.on("console", lambda m: "Content Security Policy" in m.text and blocked.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    assert "default-src" in page.goto(proxy).headers["content-security-policy"]
    page.wait_for_function("() => [...document.querySelectorAll('.live-plot')]"
                           ".filter(p => Number(p.dataset.frames || 0) > 0).length === 3", timeout=60_000)
    before = page.evaluate(SAMPLE)
    press(page, "Play")  # frames come over the websocket
    page.wait_for_function(f"() => Number(document.querySelector('.live-plot').dataset.frames) > "
                           f"{before['frames'][0] + 5}", timeout=60_000)
    press(page, "Pause")
    chart = page.locator(".live-plot").first
    chart.hover()
    with page.expect_download():  # the camera button: Plotly makes the PNG through data: and blob: images
        chart.locator("[data-title='Download plot as a PNG']").click()
    for path, label, _ in PAGES[1:]:
        page.goto(f"{proxy}/{pathlib.Path(path).stem}")
        page.wait_for_function(PAGE_DRAWN, arg=f"{label} · NN Playground", timeout=60_000)
    context.close()
    assert blocked == [] and errors == []
