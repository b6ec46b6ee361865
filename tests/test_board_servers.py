"""The class board across real servers: two app servers sharing one real
redis-server (a run handed in on one is on the other's board, and stays there
when a server restarts), and one server on the SQLite default (the same, and a
restart keeps it).  Students and lecturer are Chromium pages."""
from urllib.parse import urlsplit

import pytest

from harness.server import app_server
from tests.conftest import browser_page
from tests.test_board import redis_url  # noqa: F401  (the fixture: a real redis-server on a free port)
from tests.test_browser_board import board_rows, join_and_hand_in, start_class

pytestmark = pytest.mark.browser


def test_two_servers_sharing_redis_share_one_board_and_a_restart_keeps_it(browser, redis_url):
    env = {"BOARD_URL": redis_url}
    with app_server(env=env) as (one, _), app_server(env=env) as (two, _):
        with browser_page(browser, one) as lecturer, browser_page(browser, two) as student:
            code, lecturer_link = start_class(lecturer, one)
            join_and_hand_in(student, two, code, "Ada on two")
            assert board_rows(lecturer, 1) == ["Ada on two"]
            with browser_page(browser, two) as second_lecturer:  # the lecturer link works on every replica
                second_lecturer.goto(two + lecturer_link)
                assert board_rows(second_lecturer, 1) == ["Ada on two"]
    with app_server(env=env) as (restarted, _), browser_page(browser, restarted) as lecturer:
        lecturer.goto(restarted + lecturer_link)
        assert board_rows(lecturer, 1) == ["Ada on two"]


def test_one_server_on_the_sqlite_default_keeps_its_board_over_a_restart(browser, tmp_path):
    env = {"DATA_DIR": str(tmp_path), "BOARD_URL": ""}
    with app_server(env=env) as (url, _):
        with browser_page(browser, url) as lecturer, browser_page(browser, url) as student:
            code, lecturer_link = start_class(lecturer, url)
            join_and_hand_in(student, url, code, "Bea")
            assert board_rows(lecturer, 1) == ["Bea"]
    assert (tmp_path / "board.sqlite3").exists()
    with app_server(env=env) as (url, _), browser_page(browser, url) as lecturer:
        lecturer.goto(url + lecturer_link)
        assert board_rows(lecturer, 1) == ["Bea"]
        assert urlsplit(lecturer.url).query == urlsplit(lecturer_link).query  # still the lecturer link
