"""Fixtures for browser tests: a Streamlit server on a free port and headless
Chromium (Debian's, since Playwright cannot download its own browser here)."""
import contextlib
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "tests" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_health(url, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not become healthy in {timeout} s")


@contextlib.contextmanager
def running_app(port=None):
    """A fresh Streamlit server for the app (serve.py) on ``port`` (default: a free one); yields its URL."""
    port = port or free_port()
    log = open(ROOT / "tests" / f"streamlit-{port}.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(url)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
        pathlib.Path(log.name).unlink(missing_ok=True)


@pytest.fixture(scope="session")
def app_url():
    """A running app: $APP_URL if given (e.g. a container), else a fresh local server."""
    if os.environ.get("APP_URL"):
        yield os.environ["APP_URL"].rstrip("/")
        return
    with running_app() as url:
        yield url


def chromium_path():
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.path.exists(candidate):
            return candidate
    pytest.fail("Chromium not found: install Debian's chromium package (make test does)")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@contextlib.contextmanager
def browser_page(browser, app_url, width=1280, height=720, dark=False):
    """A page in a browser context of its own, ``width`` × ``height``, light or
    dark; ``page.app_url`` is the app, ``page.js_errors`` collects its JavaScript errors."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1,
                                  color_scheme="dark" if dark else "light")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.app_url, page.js_errors = app_url, errors
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(browser, app_url):
    with browser_page(browser, app_url) as page:
        yield page
