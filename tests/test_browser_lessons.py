"""Browser test of a guided lesson walked from its first step to its last: each
step's Next opens only once the app has seen its check met, the step is kept in
the link (a reload resumes it), and the last step says the lesson is complete."""
import pytest
from playwright.sync_api import expect

from harness.browser import press
from tests.test_browser import choose, settled
from tests.test_browser_exercise import DOCS, at_rest, pick, to_the_top
from tests.test_browser_journeys import wait_for_playground

pytestmark = pytest.mark.browser


def on_step(page, number, of=3):
    expect(page.get_by_text(f"step {number} of {of}")).to_be_visible(timeout=30_000)
    page.wait_for_function("(n) => location.search.includes('lesson=learning-rate')"
                           " && location.search.includes('step=' + n)", arg=str(number))


def next_opens_then_click(page):
    """Play until the step's check is met (Next opens), then Next."""
    next_button = page.locator(".st-key-lesson_next button").first  # (a disabled button with help is drawn twice)
    expect(next_button).to_be_disabled()
    press(page, "Play")
    expect(next_button).to_be_enabled(timeout=90_000)
    next_button.click()


def test_a_lesson_walked_from_its_first_step_to_its_last(page):
    page.goto(page.app_url)
    wait_for_playground(page)
    page.get_by_text("Guided lessons", exact=True).click()
    pick(page, "Choose a lesson", "The learning rate, too small and too large")
    at_rest(page)
    page.get_by_role("button", name="Start the lesson").click()
    on_step(page, 1)
    expect(page.get_by_label("Learning rate").first).to_have_value("0.0001")
    next_opens_then_click(page)

    on_step(page, 2)
    page.reload()  # the link keeps the lesson and its step
    wait_for_playground(page, after="a reload mid-lesson")
    on_step(page, 2)
    settled(page, allowed=("Next", "Back"))
    choose(page, "Learning rate", "0.3")
    expect(page.get_by_label("Learning rate").first).to_have_value("0.3")
    next_opens_then_click(page)

    on_step(page, 3)
    settled(page, allowed=("Next", "Back"))
    choose(page, "Learning rate", "10")
    expect(page.get_by_label("Learning rate").first).to_have_value("10")
    press(page, "Play")
    expect(page.get_by_text("Lesson complete!")).to_be_visible(timeout=90_000)
    press(page, "Pause")
    settled(page, allowed=("Next", "Back"))
    to_the_top(page)
    page.screenshot(path=DOCS / "lesson.png")
    assert page.js_errors == []
