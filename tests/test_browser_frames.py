"""Live frames sent as patches (ui.live_chart.figure_message) show what whole
figures show: after many frames, after a page change and back, in presenter
mode and after a theme switch.  Each check plays until every patched chart has
drawn patched frames, pauses (the full run that follows sends each figure
whole, at the epoch of the last frame), and rebuilds the last frame before that
run with the chart's own code (``window.__assembled``): it must be that whole figure."""
import json

import pytest

from harness.browser import press
from tests.test_browser import open_app, settled, wait_epoch_above
from tests.test_browser_journeys import wait_for_playground

pytestmark = pytest.mark.browser

PATCHED_CHARTS = ("boundary", "network", "loss")
PATCHED_FRAMES = """(keys) => keys.map(k => Number(window.__livePlots[k]?.dataset.patched || 0))"""
# A chart's last frame before its present base rebuilt, and the whole figure of that base, as JSON texts.
REBUILT = """(key) => {
  const plot = window.__livePlots[key], last = plot.__lastOfBase;
  return [JSON.stringify(window.__assembled(plot, last)), plot.__bases.get(plot.__base), last.patch !== null];
}"""


def patched_frames(page):
    return page.evaluate(PATCHED_FRAMES, list(PATCHED_CHARTS))


def play_patched_frames(page, frames=30):
    """Play until each chart has drawn ``frames`` more patched frames, then pause and settle."""
    before = patched_frames(page)
    press(page, "Play")
    try:
        page.wait_for_function(f"(b) => ({PATCHED_FRAMES})({list(PATCHED_CHARTS)!r})"
                               f".every((n, i) => n >= b[i] + {frames})", arg=before, timeout=180_000)
    except Exception as error:
        raise AssertionError(f"patched frames {before} -> {patched_frames(page)}") from error
    press(page, "Pause")
    return settled(page)


def rebuilt_and_whole(page):
    """{chart: (its last frame before Pause's full run rebuilt, the whole figure of that run, whether that frame
    was a patch)}."""
    return {key: (json.loads(rebuilt), json.loads(whole), patched)
            for key in PATCHED_CHARTS for rebuilt, whole, patched in [page.evaluate(REBUILT, key)]}


def assert_patches_rebuild_the_whole_figures(page, frames=30, attempts=8):
    """Play and pause until the last frame before Pause's full run reached the page (the loss curve ends at the
    same epoch in both: the browser may skip a frame that arrives together with the next), then that frame,
    rebuilt (a patch most often), is the whole figure the full run sent: no training comes between them."""
    for _ in range(attempts):
        shown = play_patched_frames(page, frames)
        charts = rebuilt_and_whole(page)
        loss_rebuilt, loss_whole, _ = charts["loss"]
        if loss_rebuilt["data"][0]["x"][-1] == loss_whole["data"][0]["x"][-1] == shown["epoch"]:
            break
    else:
        pytest.fail(f"in {attempts} pauses, the last frame before the full run never reached the page")
    for key, (rebuilt, whole, _) in charts.items():
        assert rebuilt["data"] == whole["data"], key
        assert rebuilt["layout"] == whole["layout"], key
    assert any(patched for _, _, patched in charts.values()), "no chart's last frame was a patch"
    return shown


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
    shown = assert_patches_rebuild_the_whole_figures(page, frames=60)
    assert shown["epoch"] > 0 and shown["errors"] == 0

    page.get_by_role("link", name="Tutorials").click()
    page.wait_for_function("() => document.title.startsWith('Tutorials')")
    page.get_by_role("link", name="Playground").click()
    wait_for_playground(page, after="Tutorials")
    back = assert_patches_rebuild_the_whole_figures(page)
    assert back["epoch"] > shown["epoch"]

    page.locator(".st-key-presenter label").click()
    page.wait_for_function("() => window.__livePlots.boundary.layout.font.size > 18")
    assert_patches_rebuild_the_whole_figures(page)
    page.locator(".st-key-presenter label").click()
    page.wait_for_function("() => window.__livePlots.boundary.layout.font.size <= 18")

    light_text = page.evaluate("() => window.__livePlots.boundary.layout.font.color")
    page.emulate_media(color_scheme="dark")  # the page follows the system's theme
    press(page, "Play")
    wait_epoch_above(page, back["epoch"] + 100)
    page.wait_for_function("(light) => Object.values(window.__livePlots).filter(p => p.isConnected)"
                           ".every(p => p.layout.font.color !== light)", arg=light_text)
    press(page, "Pause")
    settled(page)
    assert_patches_rebuild_the_whole_figures(page)
    for key in PATCHED_CHARTS:
        assert_drawn_as_sent(page, key)
    assert page.js_errors == []
