"""Whole journeys in real Chromium, as a lecturer and a student walk them
(issue 11): every page and back, Play/Pause again and again, links at the
limits, divergence and recovery.  Each waits for the state it asserts."""
import re

import pytest

from tests.conftest import SCREENSHOTS
from tests.test_browser import choose, chosen, open_app, press, settled, shown_epoch, wait_epoch_above

pytestmark = pytest.mark.browser

PAGES = ("Tutorials", "Hidden-size sweep", "Compare two", "Seeds", "Maths of a step")
PROBLEMS = "() => document.querySelectorAll('[data-testid=\"stException\"]').length"


def wait_for_playground(page, after=""):
    """Until the playground shows its numbers and three drawn charts (``after``: where from, for the message)."""
    try:
        page.wait_for_function("() => document.title.startsWith('Playground') && document.querySelector('[data-stat=epoch]')"
                               " && [...document.querySelectorAll('.live-plot')]"
                               ".filter(p => Number(p.dataset.frames || 0) > 0).length === 3", timeout=60_000)
    except Exception as error:
        state = page.evaluate("() => [document.title, location.href, document.querySelectorAll('.live-plot').length,"
                              " [...document.querySelectorAll('.live-plot')].map(p => p.dataset.frames)]")
        raise AssertionError(f"no playground after {after}: {state}") from error


def train_a_little(page):
    press(page, "Play")
    wait_epoch_above(page, 100)
    press(page, "Pause")
    page.wait_for_function("() => !document.body.innerText.includes('Pause to rewind')")
    return shown_epoch(page)


def test_every_page_and_back_by_link_and_by_back_keeps_the_network_and_the_link(page):
    page.goto(page.app_url + "/?dataset=circles&hidden=5&lr=0.3")
    wait_for_playground(page)
    trained, link = train_a_little(page), page.url
    assert "dataset=circles" in link
    for name in PAGES:
        page.get_by_role("link", name=name).click()
        page.wait_for_function(f"() => document.title.startsWith({name!r})")
        page.get_by_role("link", name="Playground").click()
        wait_for_playground(page, after=f"the link from {name}")
        assert shown_epoch(page) == trained and page.evaluate(PROBLEMS) == 0, name
        page.wait_for_function("() => location.search.includes('dataset=circles')")
        page.get_by_role("link", name=name).click()
        # The page's address is set once its first run has reached the browser:
        # Back before that would go back from the playground instead.
        page.wait_for_function(f"() => document.title.startsWith({name!r}) && location.pathname !== '/'"
                               " && location.search.includes('dataset=circles')")
        page.go_back()
        wait_for_playground(page, after=f"Back from {name}")
        assert shown_epoch(page) == trained and page.evaluate(PROBLEMS) == 0, name
    assert "hidden=5" in page.url and "lr=0.3" in page.url
    assert page.js_errors == []


def test_play_pause_ten_times_always_shows_the_present(page):
    open_app(page)
    for _ in range(10):
        press(page, "Play")
        page.wait_for_function("() => document.body.innerText.includes('Pause to rewind')")
        before = shown_epoch(page)
        wait_epoch_above(page, before + 20)
        press(page, "Pause")
        settled(page)
        # The paused page's run draws the Rewind slider before the live panel it then remounts:
        # wait for both, rather than read the numbers from between the two.
        page.wait_for_function("() => !!document.querySelector('input[aria-label=\"Rewind to epoch\"]')"
                               " && !!document.querySelector('.nn-note')")
        note = page.evaluate("() => document.querySelector('.nn-note').innerText")
        slider = page.evaluate("() => document.querySelector('input[aria-label=\"Rewind to epoch\"]')"
                               ".getAttribute('aria-valuetext')")
        assert "Replaying" not in note
        assert slider == f"epoch {shown_epoch(page):,}", (slider, note)  # as the stats write it
        assert chosen(page, "Pause").count() == 1
    assert page.evaluate(PROBLEMS) == 0 and page.js_errors == []


LIMITS = ("hidden=64,64,64,64,64,64", "hidden=9", "noise=1.5", "test_fraction=0.9", "n_points=20000",
          "seed=4294967295&data_seed=4294967295", "lr=1000&reg_rate=1000&batch_size=20000",
          "lr=1e-12", "dataset=moons&hidden=20,30", "lr=1_000", "hidden=", "features=x1",
          "dataset=" + "x" * 300, "lr=[Log in](https://evil.example/login)")


@pytest.mark.parametrize("query", LIMITS)
def test_a_link_at_the_cores_limits_opens_a_working_page(page, query):
    page.goto(f"{page.app_url}/?{query}")
    wait_for_playground(page)
    assert page.evaluate(PROBLEMS) == 0
    assert page.locator(".nn-notice a, .nn-notice img").count() == 0
    page.get_by_role("button", name="Step").click()
    page.wait_for_function("() => document.querySelector('[data-stat=\"epoch\"]')?.innerText === '1'"
                           " || document.body.innerText.includes('diverged')", timeout=60_000)
    assert page.evaluate(PROBLEMS) == 0 and page.js_errors == []


def charts_in_place(page):
    """Each live chart drawn, tall enough, with its title above its plot area."""
    return page.evaluate("""() => [...document.querySelectorAll('.live-plot')].map(p => {
        const box = p.getBoundingClientRect(), title = p.querySelector('.gtitle'), area = p.querySelector('.nsewdrag');
        return {height: box.height, titleAbove: !title || !area
                || title.getBoundingClientRect().bottom <= area.getBoundingClientRect().top + 2};
    })""")


def test_diverge_recover_lower_the_rate_and_play_on_with_every_chart_drawn(page):
    page.goto(page.app_url + "/?dataset=plane&lr=10")
    wait_for_playground(page)
    press(page, "Play")
    page.get_by_role("button", name="Recover").wait_for(timeout=60_000)
    page.get_by_role("button", name="Recover").click()
    page.get_by_role("button", name="Recover").wait_for(state="detached")
    choose(page, "Learning rate", "0.1")
    page.wait_for_function("() => document.querySelector('.nn-note')?.innerText.startsWith('learning rate 0.1 ')")
    press(page, "Play")
    wait_epoch_above(page, 200)
    press(page, "Pause")
    page.wait_for_function("() => !!document.querySelector('input[aria-label=\"Rewind to epoch\"]')")  # drawn, paused
    page.wait_for_function("() => { const plots = [...document.querySelectorAll('.live-plot')];"
                           " return plots.length === 3 && plots.every(p => p.querySelector('.main-svg')); }")
    charts = charts_in_place(page)
    page.screenshot(path=SCREENSHOTS / "20-recovered.png")
    assert len(charts) == 3 and all(c["height"] > 100 and c["titleAbove"] for c in charts), charts
    assert not re.search("diverged", page.locator(".nn-note").inner_text())
    assert page.evaluate(PROBLEMS) == 0 and page.js_errors == []


def test_a_shared_link_keeps_its_setup_on_the_first_page_change(page):
    """The page links are drawn before the session has a network: they carry the link's own setup."""
    page.goto(page.app_url + "/?dataset=spiral&lr=0.03")
    wait_for_playground(page)
    page.get_by_role("link", name="Compare two").click()
    page.wait_for_function("() => document.title.startsWith('Compare two')")
    page.wait_for_function("() => location.pathname.endsWith('/compare')")
    assert "dataset=spiral" in page.url and "lr=0.03" in page.url
    page.get_by_role("link", name="Playground").click()
    wait_for_playground(page, after="the link from Compare two")
    assert "dataset=spiral" in page.url and page.get_by_label("Data set").first.input_value().startswith("Spiral")
