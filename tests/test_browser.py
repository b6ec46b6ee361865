"""Browser tests in real headless Chromium: the page as a person uses it.

Screenshots go to tests/screenshots/.  The live charts count their own
redraws in ``data-frames`` (ui/live_chart.py), which is how these tests tell
a chart that was redrawn from one that merely exists.
"""
import time

import pytest

from tests.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

SAMPLE = """() => {
  const plots = [...document.querySelectorAll('.live-plot')];
  return {
    drawn: plots.filter(p => p.querySelector('.main-svg') && p.getBoundingClientRect().height > 50).length,
    frames: plots.map(p => Number(p.dataset.frames || 0)),
    boundary: JSON.stringify((plots[0] && plots[0].data && plots[0].data[0].z || []).slice(20, 22)),
    epoch: document.querySelector('[data-testid="stMetricValue"]')?.innerText,
    errors: document.querySelectorAll('[data-testid="stException"], [data-testid="stAlertContentError"]').length,
  };
}"""


def open_app(page):
    page.goto(page.app_url)
    page.wait_for_function("() => [...document.querySelectorAll('.live-plot')]"
                           ".filter(p => Number(p.dataset.frames || 0) > 0).length === 3", timeout=60_000)
    return page.evaluate(SAMPLE)


def sample_while(page, seconds, every_ms=40):
    samples, end = [], time.time() + seconds
    while time.time() < end:
        samples.append(page.evaluate(SAMPLE))
        page.wait_for_timeout(every_ms)
    return samples


def epoch(sample):
    return int(sample["epoch"].replace(",", ""))


def test_smoke_page_serves_all_views(page):
    """Also run against the container (APP_URL) by tests/test_container.py."""
    first = open_app(page)
    assert first["drawn"] == 3 and first["errors"] == 0 and epoch(first) == 0
    page.screenshot(path=SCREENSHOTS / "01-opened.png")
    assert page.js_errors == []


def test_play_trains_live_without_blank_panels_then_pause_stops(page):
    before = open_app(page)
    page.get_by_role("button", name="Play").click()
    samples = sample_while(page, 4.0)
    page.screenshot(path=SCREENSHOTS / "02-playing-moons.png")
    last = samples[-1]
    assert min(s["drawn"] for s in samples) == 3, "a panel was blank between frames"
    assert max(s["errors"] for s in samples) == 0
    assert epoch(last) > epoch(before) + 100
    assert all(after >= b + 5 for after, b in zip(last["frames"], before["frames"])), last["frames"]
    assert last["boundary"] != before["boundary"]
    page.get_by_role("button", name="Pause").click()
    page.wait_for_timeout(600)
    paused = page.evaluate(SAMPLE)
    page.wait_for_timeout(800)
    assert epoch(page.evaluate(SAMPLE)) == epoch(paused)
    assert page.js_errors == []


def test_step_and_reset(page):
    open_app(page)
    page.get_by_role("button", name="Step").click()
    page.wait_for_function("() => document.querySelector('[data-testid=\"stMetricValue\"]').innerText === '1'")
    page.get_by_role("button", name="Reset").click()
    page.wait_for_function("() => document.querySelector('[data-testid=\"stMetricValue\"]').innerText === '0'")
    assert page.evaluate(SAMPLE)["errors"] == 0


def test_xor_preset_trains_and_shows_two_hidden_neurons(page):
    open_app(page)
    page.get_by_role("button", name="XOR tutorial (2-2-1 sigmoid)").click()
    page.wait_for_function("() => [...document.querySelectorAll('.live-plot')][1]?.data?.length === 2")
    page.get_by_role("button", name="Play").click()
    page.wait_for_function("() => Number(document.querySelector('[data-testid=\"stMetricValue\"]')"
                           ".innerText.replace(/,/g, '')) > 300")
    page.screenshot(path=SCREENSHOTS / "03-playing-xor.png")
    page.get_by_role("button", name="Pause").click()
    assert page.evaluate(SAMPLE)["errors"] == 0
