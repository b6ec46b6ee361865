"""The class board in Chromium: a lecturer starts a class, two students (two
browser contexts, two sessions) join by the join link and hand in, and the
board shows both, a nickname's markup as text.  The server keeps its board in
SQLite in a folder of this module's own; tests/test_board_servers.py runs the
same steps across servers."""
from urllib.parse import urlsplit

import pytest

from harness.server import app_server
from tests.conftest import SCREENSHOTS, browser_page
from tests.test_browser import settled, shown_epoch

pytestmark = pytest.mark.browser
BOB = "<b>Bob</b><img src=x>"  # markup, within the nickname's 24 characters


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """This module's own server (overriding conftest's), its board in a temporary DATA_DIR."""
    with app_server(env={"DATA_DIR": str(tmp_path_factory.mktemp("board-data"))}) as (url, _):
        yield url


def start_class(page, url):
    """Start a class on the board page of the app at ``url``: (join code, lecturer link's path and query)."""
    page.goto(url + "/board")
    page.get_by_role("button", name="Start a class").click()
    code = page.locator('[data-testid="join-code"]')
    code.wait_for(timeout=60_000)
    page.wait_for_url("**/board?class=*", timeout=60_000)
    parts = urlsplit(page.url)
    return code.inner_text().replace("-", ""), f"{parts.path}?{parts.query}"


def join(page, url, code, nickname, setup=""):
    """Open the join link (the code filled in; ``setup``, e.g. "&hidden=3", added
    to it), give ``nickname`` and join; the box's answer (a locator)."""
    page.goto(f"{url}/?join={code}{setup}")
    settled(page)  # as a student would, once the page has loaded
    nickname_box = page.get_by_role("textbox", name="Nickname")
    nickname_box.fill(nickname)
    nickname_box.press("Enter")  # the value reaches the server before the click
    page.get_by_role("button", name="Join the class").click()
    return page.locator(".nn-class-message")


def join_and_hand_in(page, url, code, nickname, steps=1, setup=""):
    """Join (see ``join``), train ``steps`` epochs with Step, hand in; the message the page gives."""
    answer = join(page, url, code, nickname, setup)
    try:
        answer.filter(has_text="Joined class").wait_for(timeout=60_000)
    except Exception:
        page.screenshot(path=SCREENSHOTS / "board-join-failed.png")
        pytest.fail(f"not joined: {answer.all_inner_texts()}")
    for n in range(steps):
        page.get_by_role("button", name="Step").click()
        page.wait_for_function("(n) => document.querySelector('[data-stat=\"epoch\"]')?.innerText === String(n)",
                               arg=n + 1, timeout=60_000)
    page.get_by_role("button", name="Hand in my run").click()
    handed = page.locator(".nn-class-message").filter(has_text="Handed in your run")
    handed.wait_for(timeout=60_000)
    return handed.inner_text()


def board_rows(page, count):
    """Wait until the board (refreshing by itself) lists ``count`` runs; their nicknames as shown, ranked."""
    page.wait_for_function("(n) => document.querySelectorAll('table.nn-board tbody tr').length === n",
                           arg=count, timeout=60_000)
    return page.locator("table.nn-board td.nick").all_inner_texts()


def test_two_students_hand_in_and_the_board_shows_both_markup_as_text(browser, app_url):
    with browser_page(browser, app_url) as lecturer, browser_page(browser, app_url) as ada, \
            browser_page(browser, app_url) as bob:
        code, _ = start_class(lecturer, app_url)
        assert lecturer.locator('[data-testid="join-qr"]').is_visible()
        assert board_rows(lecturer, 0) == []
        assert "epoch 2" in join_and_hand_in(ada, app_url, code, "Ada", steps=2)
        assert "epoch 1" in join_and_hand_in(bob, app_url, code, BOB)
        shown = board_rows(lecturer, 2)
        assert sorted(shown) == sorted(["Ada", BOB])
        # Markup in a nickname is text: no element made of it, anywhere on the board.
        assert lecturer.locator("table.nn-board b, .nn-thumbs b, table.nn-board img[src='x']").count() == 0
        assert lecturer.locator(".nn-thumb").count() == 2
        links = lecturer.locator(".nn-thumb").evaluate_all("cards => cards.map(c => c.href)")
        assert all(link.startswith(app_url + "/?") for link in links), links
        lecturer.locator('[data-testid="board-status"]').filter(has_text="2 joined, 2 runs handed in").wait_for()
        lecturer.screenshot(path=SCREENSHOTS / "board-two-students.png")
        assert lecturer.js_errors == [] and ada.js_errors == [] and bob.js_errors == []


def test_a_thumbnail_opens_its_run_in_the_playground(browser, app_url):
    with browser_page(browser, app_url) as lecturer, browser_page(browser, app_url) as student:
        code, _ = start_class(lecturer, app_url)
        join_and_hand_in(student, app_url, code, "Cy", setup="&hidden=3,2&lr=0.03")
        board_rows(lecturer, 1)
        with lecturer.context.expect_page() as opened:
            lecturer.locator(".nn-thumb").first.click()
        playground = opened.value
        assert shown_epoch(playground) == 0
        playground.get_by_text("hidden 1").first.wait_for(timeout=60_000)
        assert "hidden=3%2C2" in playground.url and "lr=0.03" in playground.url, playground.url


def test_a_wrong_code_is_refused_with_a_clear_message(page, app_url):
    answer = join(page, app_url, "ZZZZZZZZ", "Ada")
    answer.filter(has_text="No class has this code").wait_for(timeout=60_000)
    assert page.get_by_role("button", name="Hand in my run").count() == 0
