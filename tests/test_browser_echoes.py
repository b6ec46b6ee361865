"""What the server sets while playing holds (issue 12, item 3).

The live fragment's timer goes on firing while a run of the whole page is in
flight, and each timed frame carries the widget values the browser had before
that run.  A reset, a problem switch or a lowered learning rate, all set by
the server, must not be undone by those echoes (ui.controls.user_changes_only).
Every assertion waits for the state it checks.
"""
import pytest
from playwright.sync_api import expect

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
