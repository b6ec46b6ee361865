"""What the server sets while playing holds (issue 12, item 3).

The live fragment's timer goes on firing while a run of the whole page is in
flight, and each timed frame carries the widget values the browser had before
that run.  A reset, a problem switch or a lowered learning rate, all set by
the server, must not be undone by those echoes (ui.controls.user_changes_only).
Every assertion waits for the state it checks.
"""
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError, expect

from core import DATASETS

from tests.test_browser import chosen, choose, open_app, press, settled, shown_epoch, wait_epoch_above

pytestmark = pytest.mark.browser


def step_shows(page, value):
    page.get_by_role("button", name="Step").click()
    page.wait_for_function("(e) => document.querySelector('[data-stat=\"epoch\"]')?.innerText === e",
                           arg=f"{value:,}")


def test_reset_while_playing_pauses_and_stays_paused(page):
    open_app(page)
    press(page, "Play")
    wait_epoch_above(page, 100)
    page.get_by_role("button", name="Reset").click()
    expect(chosen(page, "Pause")).to_be_visible()
    at_rest = settled(page)
    assert at_rest["epoch"] == 0
    step_shows(page, 1)  # one epoch on: not playing behind the switch
    assert settled(page)["epoch"] == 1 and page.js_errors == []


def test_a_rate_lowered_by_a_data_set_switch_while_playing_stays_lowered(page):
    open_app(page)
    choose(page, "Learning rate", "3")
    press(page, "Play")
    wait_epoch_above(page, 50)
    choose(page, "Data set", DATASETS["rings"].label)  # rate 3 blows up on the thin rings: lowered to 1
    expect(page.locator(".nn-note")).to_contain_text("lowered to 1")
    reached = shown_epoch(page)
    wait_epoch_above(page, reached + 200)
    expect(page.get_by_label("Learning rate").first).to_have_value("1")
    page.wait_for_function("() => document.querySelector('.nn-note')?.innerText.startsWith('learning rate 1 ')")
    press(page, "Pause")
    assert settled(page)["errors"] == 0 and page.js_errors == []


def test_a_problem_switch_while_playing_keeps_the_data_set_it_chose(page):
    open_app(page)
    press(page, "Play")
    wait_epoch_above(page, 50)
    choose(page, "Problem", "Regression")  # the server chooses the data set
    expect(page.get_by_label("Data set").first).to_have_value(DATASETS["plane"].label)
    reached = shown_epoch(page)
    wait_epoch_above(page, reached + 200)
    expect(page.get_by_label("Data set").first).to_have_value(DATASETS["plane"].label)
    assert "dataset=plane" in page.url
    press(page, "Pause")
    assert settled(page)["errors"] == 0 and page.js_errors == []


# Every change of the epoch, the link's hidden layers and the diagram's layer
# labels, as the page shows them, from the moment this is run on.
RECORD_SHOWN = """() => {
  const seen = window.__seen = [];
  const record = () => {
    const shown = document.querySelector('[data-stat="epoch"]')?.innerText;
    const figure = window.__livePlots?.network?.__figure;
    const entry = {epoch: shown === undefined ? null : Number(shown.replace(/,/g, '')),
                   hidden: new URLSearchParams(location.search).get('hidden'),
                   labels: figure ? figure.layout.annotations.map(a => a.text).filter(t => /^[0-9]+$/.test(t)).join() : null,
                   note: document.querySelector('.nn-note')?.innerText};
    const last = seen[seen.length - 1];
    if (!last || ['epoch', 'hidden', 'labels', 'note'].some(k => last[k] !== entry[k])) seen.push(entry);
  };
  record();
  new MutationObserver(record).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""
SHAPE_BUTTON = """(i) => { const p = window.__livePlots.network, t = p.data.find(d => d.name === 'shape');
  const area = p.querySelector('.nsewdrag').getBoundingClientRect(), L = p._fullLayout;
  return [area.left + L.xaxis.d2p(t.x[i]), area.top + L.yaxis.d2p(t.y[i])]; }"""
MINUS_1, PLUS_1 = 2, 3  # the diagram's buttons under hidden layer 1 (plots.network.shape_buttons)
# The record's last entry that shows an epoch: where what a click does begins.
LAST_EPOCH = """() => { const seen = window.__seen; let i = seen.length - 1;
  while (i > 0 && seen[i].epoch === null) i--; return i; }"""
# From entry ``start`` of the record on: a restart, then ``epochs`` epochs of training after it.
TRAINED_ON = """([start, epochs]) => { const seen = window.__seen.slice(start).filter(s => s.epoch !== null);
  const restart = seen.findIndex(s => s.epoch < seen[0].epoch);
  return restart > 0 && seen[seen.length - 1].epoch >= seen[restart].epoch + epochs; }"""


def shown_since(page, start):
    return page.evaluate("(start) => window.__seen.slice(start)", start)


def wait_trained_on(page, start, epochs):
    """Until the record from entry ``start`` on shows a restart and ``epochs`` epochs after it."""
    try:
        page.wait_for_function(TRAINED_ON, arg=[start, epochs], timeout=60_000)
    except PlaywrightTimeoutError:
        pytest.fail(f"no restart followed by {epochs} epochs: {shown_since(page, start)}")


def restarted_count(entries):
    shown = [e["epoch"] for e in entries if e["epoch"] is not None]
    return sum(later < earlier for earlier, later in zip(shown, shown[1:]))


def test_the_diagrams_minus_and_plus_while_playing_each_change_the_shape_once(page):
    open_app(page)  # hidden layers 5, 3
    press(page, "Play")
    wait_epoch_above(page, 100)
    page.evaluate(RECORD_SHOWN)
    for button, layer_1 in ((MINUS_1, 4), (PLUS_1, 5), (MINUS_1, 4), (PLUS_1, 5)):
        start = page.evaluate(LAST_EPOCH)
        page.mouse.click(*page.evaluate(SHAPE_BUTTON, button))
        # Long enough on the new network for every run the click set off (echoes included) to be over.
        wait_trained_on(page, start, 300)
        since = shown_since(page, start)
        before, now = since[0]["epoch"], since[-1]
        assert (now["hidden"], now["labels"]) == (f"{layer_1},3", f"{layer_1},3"), since
        assert restarted_count(since) == 1, since
        was = int(now["note"].rsplit("(was ", 1)[1].split(")")[0].replace(",", ""))
        assert was >= before, since  # the trained network was dropped once, not a fresh one again
    # A click on the diagram away from its buttons changes nothing: no restart.
    start = page.evaluate(LAST_EPOCH)
    reached = shown_epoch(page)
    box = page.locator(".live-plot").nth(1).locator(".nsewdrag").bounding_box()
    page.mouse.click(box["x"] + box["width"] - 4, box["y"] + 4)
    wait_epoch_above(page, reached + 300)
    assert restarted_count(shown_since(page, start)) == 0
    press(page, "Pause")
    assert settled(page)["errors"] == 0 and page.js_errors == []
