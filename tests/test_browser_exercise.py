"""Browser test of an exercise link, as a lecturer and a student use it: the
lecturer makes the link on "Make an exercise" (controls hidden and locked, a
goal), a student opens it (the hidden controls are gone, the locked ones
disabled, no presets, no −/+ on the diagram), trains until the goal is met and
gets a code, and the lecturer's verify form says the code is genuine."""
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout, expect

from harness.browser import press
from tests.conftest import browser_page
from tests.test_browser import settled
from tests.test_browser_journeys import wait_for_playground

pytestmark = pytest.mark.browser
DOCS = __import__("pathlib").Path(__file__).resolve().parents[1] / "docs"
LOCKED = ("Hidden layers", "Hidden neurons", "Neurons in layer")  # the locked network shape


def at_rest(page):
    """Until the page's run is over (a select box opened during a run is closed by it)."""
    page.wait_for_function("() => document.querySelector('[data-testid=stApp]')?.dataset.testScriptState"
                           " === 'notRunning'")


def to_the_top(page):
    """The page and its sidebar scrolled back to their tops (for a screenshot)."""
    page.evaluate("() => document.querySelectorAll('[data-testid=stMain], [data-testid=stSidebarContent]')"
                  ".forEach(e => e.scrollTo(0, 0))")


def pick(page, label, option, tries=5):
    """``option`` in the select box ``label``, scrolled into view first.  Streamlit's
    list closes when the page scrolls under it or a run redraws the box (a fresh
    server's first page runs twice): then it is opened again."""
    box = page.get_by_label(label).first
    for _ in range(tries):
        at_rest(page)
        box.scroll_into_view_if_needed()
        box.click()
        try:
            page.get_by_role("option", name=option, exact=True).click(timeout=5_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    expect(box).to_have_value(option)


def make_the_exercise(page):
    """On the link maker: hide the learning rate and the features, lock the network's
    shape, goal training accuracy at least 90% on the raw inputs; returns the link."""
    page.goto(page.app_url)
    wait_for_playground(page)
    page.get_by_role("link", name="Make an exercise").click()
    page.wait_for_function("() => document.title.startsWith('Make an exercise')")
    hide, lock = page.locator(".st-key-maker_hide"), page.locator(".st-key-maker_lock")
    code = page.locator('[data-testid="stCode"] code')
    # Each choice is awaited in what it changes: a click during the page's run can be lost.
    hide.get_by_role("button", name="learning rate", exact=True).click()
    expect(lock.get_by_role("button", name="learning rate", exact=True)).to_have_count(0)  # hidden: not lockable too
    hide.get_by_role("button", name="input features", exact=True).click()
    expect(code).to_contain_text("features_hide=true")
    lock.get_by_role("button", name="hidden layers and neurons (and the diagram's − and +)").click()
    expect(code).to_contain_text("lock=hidden")
    pick(page, "Condition 1", "training accuracy")
    expect(code).to_contain_text("goal=train_accuracy%3E%3D0.9")
    pick(page, "Features the student may use", "Only x₁ and x₂ (no engineered features)")
    expect(code).to_contain_text("goal=train_accuracy%3E%3D0.9,features%3Draw")
    link = code.inner_text().strip()
    assert "lr_hide=true" in link and "features_hide=true" in link and "lock=hidden" in link, link
    return link


def test_a_lecturer_makes_an_exercise_a_student_meets_it_and_the_code_verifies(browser, app_url):
    with browser_page(browser, app_url) as lecturer, browser_page(browser, app_url) as student:
        link = make_the_exercise(lecturer)
        lecturer.locator(".st-key-maker_hide").scroll_into_view_if_needed()
        lecturer.screenshot(path=DOCS / "exercise-maker.png")
        student.goto(link.replace("http://localhost:8501", app_url))
        wait_for_playground(student)
        settled(student, allowed=LOCKED)
        expect(student.get_by_text("Exercise goal:")).to_be_visible()
        expect(student.get_by_label("Learning rate")).to_have_count(0)
        expect(student.get_by_text("Input features", exact=True)).to_have_count(0)
        expect(student.get_by_role("button", name="XOR tutorial")).to_have_count(0)
        expect(student.get_by_role("slider", name="Hidden layers")).to_be_disabled()
        expect(student.get_by_label("Data set")).to_be_enabled()
        traces = student.evaluate("() => [...document.querySelectorAll('.live-plot')][1].data.map(t => t.name)")
        assert "shape" not in traces, traces  # no − and + on the diagram
        student.get_by_label("Speed (epochs per frame)").focus()
        for _ in range(2):
            student.get_by_role("slider", name="Speed (epochs per frame)").press("ArrowRight")  # 20 -> 100
        press(student, "Play")
        code = student.locator("[data-code]")
        expect(code).to_be_visible(timeout=120_000)
        handed_in = code.inner_text().strip()
        press(student, "Pause")
        settled(student, allowed=LOCKED)
        to_the_top(student)
        student.screenshot(path=DOCS / "exercise-student.png")
        assert "lr_hide=true" in student.url and "goal=" in student.url

        lecturer.get_by_role("textbox", name="Completion code").fill(handed_in)
        lecturer.get_by_role("button", name="Check the code").click()
        genuine = lecturer.get_by_text("Genuine: the goal was met at epoch")
        expect(genuine).to_be_visible()
        genuine.scroll_into_view_if_needed()
        lecturer.screenshot(path=DOCS / "exercise-verify.png")
        forged = handed_in[:-1] + ("B" if handed_in[-1] == "A" else "A")
        lecturer.get_by_role("textbox", name="Completion code").fill(forged)
        lecturer.get_by_role("button", name="Check the code").click()
        expect(lecturer.get_by_text("Not genuine")).to_be_visible()
        assert lecturer.js_errors == [] and student.js_errors == []
