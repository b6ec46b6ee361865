"""Fixtures: for browser tests a Streamlit server on a free port and headless
Chromium, both from harness/ (which the benchmarks share); for AppTest tests the playground."""
import contextlib
import os

import pytest
from streamlit.testing.v1 import AppTest

from harness.browser import launch_chromium
from harness.server import ROOT, running_app

SCREENSHOTS = ROOT / "tests" / "screenshots"


@pytest.fixture(scope="session")
def app_url():
    """A running app: $APP_URL if given (e.g. a container), else a fresh local server."""
    if os.environ.get("APP_URL"):
        yield os.environ["APP_URL"].rstrip("/")
        return
    with running_app() as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        instance = launch_chromium(p)
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


@pytest.fixture
def app():
    """The playground in AppTest, after its first run (a test file may define its own)."""
    at = AppTest.from_file("../app.py", default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    return at
