"""Neuron surgery in real Chromium (issue 14): a click on a hidden neuron of the
network diagram while training plays switches it off, the page shows it at once
(its tile crossed and held at 0, the surgery line, the loss measured again),
a second click restores it; the Freeze tool freezes one and Undo restores all.
Every assertion waits for the state it checks."""
import pytest
from playwright.sync_api import expect

from tests.conftest import SCREENSHOTS
from tests.test_browser import open_app, press, settled, shown_epoch, wait_epoch_above

pytestmark = pytest.mark.browser

# Where on the page neuron ``name``'s tile is (its centre), from the diagram's own
# figure (plots.network.network_figure lists the tiles in the neurons trace's meta).
TILE_CENTRE = """(name) => { const p = window.__livePlots.network, f = p.__figure;
  const [x, y, size] = f.data.find(d => d.name === 'neurons').meta.tiles.find(t => t[3] === name);
  const area = p.querySelector('.nsewdrag').getBoundingClientRect(), L = p._fullLayout;
  return [area.left + L.xaxis.d2p(x + size / 2), area.top + L.yaxis.d2p(y + size / 2)]; }"""
# The diagram as drawn: each surgery mark's point count and neuron ``name``'s hover text.
DRAWN = """(name) => { const f = window.__livePlots.network.__figure, n = f.data.find(d => d.name === 'neurons');
  const i = n.meta.tiles.findIndex(t => t[3] === name);
  return {off: f.data.find(d => d.name === 'switched off').x.length,
          frozen: f.data.find(d => d.name === 'frozen').x.length,
          text: n.text[i * n.meta.spots] + n.customdata[i * n.meta.spots]}; }"""
SURGERY_LINE = ".nn-surgery"


def click_neuron(page, name):
    page.mouse.click(*page.evaluate(TILE_CENTRE, name))


def wait_drawn(page, name, off, frozen):
    page.wait_for_function(f"(name) => {{ const d = ({DRAWN})(name); return d.off === {off} && "
                           f"d.frozen === {frozen}; }}", arg=name, timeout=30_000)
    return page.evaluate(DRAWN, name)


def stat(page, key):
    return page.locator(f'[data-stat="{key}"]').inner_text()


def test_a_neuron_switched_off_by_a_click_while_playing_then_restored(page):
    open_app(page)  # hidden layers 5, 3
    press(page, "Play")
    wait_epoch_above(page, 100)
    click_neuron(page, "h1.1")
    expect(page.locator(SURGERY_LINE)).to_have_text("Surgery: h1.1 switched off")
    drawn = wait_drawn(page, "h1.1", off=6, frozen=0)
    assert "output over the plane: 0 to 0" in drawn["text"] and "switched off" in drawn["text"]
    reached = shown_epoch(page)
    wait_epoch_above(page, reached + 100)  # training goes on around it
    page.screenshot(path=SCREENSHOTS / "surgery-switched-off.png")
    press(page, "Pause")
    at_rest = settled(page)
    loss, accuracy = stat(page, "train-loss"), stat(page, "train-acc")
    click_neuron(page, "h1.1")  # again: it works again, and the loss is measured again at once
    expect(page.locator(SURGERY_LINE)).to_have_count(0)
    assert "0 to 0" not in wait_drawn(page, "h1.1", off=0, frozen=0)["text"]
    page.wait_for_function("(loss) => document.querySelector('[data-stat=\"train-loss\"]').innerText !== loss",
                           arg=loss)
    assert settled(page)["epoch"] == at_rest["epoch"]  # the same network, one unit back: no training
    assert (stat(page, "train-loss"), stat(page, "train-acc")) != (loss, accuracy)
    assert page.js_errors == []


def test_the_freeze_tool_then_undo_surgery(page):
    open_app(page)
    sidebar = page.locator("[data-testid=stSidebar]")
    sidebar.get_by_text("Neuron surgery", exact=True).click()
    sidebar.get_by_text("Freeze", exact=True).click()
    expect(sidebar.locator('button[aria-checked="true"]').filter(has_text="Freeze")).to_be_visible()
    settled(page)  # the server has the tool before the click that uses it
    press(page, "Play")
    wait_epoch_above(page, 50)
    click_neuron(page, "h2.2")
    expect(page.locator(SURGERY_LINE)).to_have_text("Surgery: h2.2 frozen")
    assert "frozen" in wait_drawn(page, "h2.2", off=0, frozen=6)["text"]
    reached = shown_epoch(page)
    wait_epoch_above(page, reached + 100)
    press(page, "Pause")
    settled(page)
    sidebar.get_by_role("button", name="Undo surgery").click()
    expect(page.locator(SURGERY_LINE)).to_have_count(0)
    wait_drawn(page, "h2.2", off=0, frozen=0)
    expect(page.locator(".nn-note").first).to_contain_text("Surgery undone")
    assert settled(page)["errors"] == 0 and page.js_errors == []
