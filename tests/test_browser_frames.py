"""Live frames sent as patches (ui.live_chart.figure_message) show what whole
figures show: after many frames, after a page change and back, in presenter
mode and after a theme switch.  Each check plays until every patched chart has
drawn patched frames, pauses (the full run that follows sends each figure
whole, at the epoch of the last frame), and rebuilds the last patched frame
with the chart's own code (``window.__assembled``): it must be that whole figure."""
import json

import pytest

from harness.browser import press
from tests.test_browser import open_app, settled, wait_epoch_above
from tests.test_browser_journeys import wait_for_playground

pytestmark = pytest.mark.browser

PATCHED_CHARTS = ("boundary", "network", "loss")
PATCHED_FRAMES = """(keys) => keys.map(k => Number(window.__livePlots[k]?.dataset.patched || 0))"""
# A chart's last patched frame rebuilt, and the whole figure it is drawn from now, as JSON texts.
REBUILT = """(key) => {
  const plot = window.__livePlots[key];
  return [JSON.stringify(window.__assembled(plot, plot.__lastPatch)), plot.__bases.get(plot.__base)];
}"""


def patched_frames(page):
    return page.evaluate(PATCHED_FRAMES, list(PATCHED_CHARTS))


def play_patched_frames(page, frames=30):
    """Play until each patched chart has drawn ``frames`` more patched frames, then pause and settle."""
    before = patched_frames(page)
    press(page, "Play")
    page.wait_for_function(f"(b) => ({PATCHED_FRAMES})({list(PATCHED_CHARTS)!r}).every((n, i) => n >= b[i] + {frames})",
                           arg=before, timeout=120_000)
    press(page, "Pause")
    return settled(page)


def assert_patches_rebuild_the_whole_figures(page):
    for key in PATCHED_CHARTS:
        # (A timed frame that came after the full run patched the new base, at the same epoch: still the same.)
        rebuilt, whole = (json.loads(text) for text in page.evaluate(REBUILT, key))
        assert rebuilt["data"] == whole["data"], key
        assert rebuilt["layout"] == whole["layout"], key


def assert_drawn_as_sent(page, key):
    """The chart draws the figure its latest message stands for (images included)."""
    drawn = page.evaluate("""(key) => { const p = window.__livePlots[key];
        return [p.data.length, (p.layout.images || []).map(i => i.source), JSON.parse(p.__bases.get(p.__base))]; }""",
                          key)
    traces, sources, whole = drawn
    assert traces == len(whole["data"]), key
    assert sources == [image["source"] for image in whole["layout"].get("images", [])], key


def test_patched_frames_show_the_whole_figures_after_many_frames_a_page_change_presenter_mode_and_a_theme(page):
    open_app(page)
    shown = play_patched_frames(page, frames=60)
    assert shown["epoch"] > 0 and shown["errors"] == 0
    assert_patches_rebuild_the_whole_figures(page)

    page.get_by_role("link", name="Tutorials").click()
    page.wait_for_function("() => document.title.startsWith('Tutorials')")
    page.get_by_role("link", name="Playground").click()
    wait_for_playground(page, after="Tutorials")
    back = play_patched_frames(page)
    assert back["epoch"] > shown["epoch"]
    assert_patches_rebuild_the_whole_figures(page)

    page.locator(".st-key-presenter label").click()
    page.wait_for_function("() => window.__livePlots.boundary.layout.font.size > 18")
    play_patched_frames(page)
    assert_patches_rebuild_the_whole_figures(page)
    page.locator(".st-key-presenter label").click()
    page.wait_for_function("() => window.__livePlots.boundary.layout.font.size <= 18")

    light_text = page.evaluate("() => window.__livePlots.boundary.layout.font.color")
    page.emulate_media(color_scheme="dark")  # the page follows the system's theme
    press(page, "Play")
    wait_epoch_above(page, back["epoch"] + 100)
    page.wait_for_function("(light) => Object.values(window.__livePlots).filter(p => p.isConnected)"
                           ".every(p => p.layout.font.color !== light)", arg=light_text)
    play_patched_frames(page)
    assert_patches_rebuild_the_whole_figures(page)
    for key in PATCHED_CHARTS:
        assert_drawn_as_sent(page, key)
    assert page.js_errors == []
