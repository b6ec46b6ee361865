"""A quick load check for CI (the figures come from `make load-test`, bench/load.py):
eight students play at once on one server; every one of them gets live frames and
none sees an error.  Frames per second are not asserted: these machines are shared."""
import asyncio
import threading

from harness.client import play_together
from harness.server import running_app


def test_eight_live_sessions_at_once_all_get_frames_and_no_errors():
    users = []
    with running_app() as url:
        def run():
            users.extend(asyncio.run(play_together([url.replace("http", "ws") + "/_stcore/stream"], 8, 8.0)))
        worker = threading.Thread(target=run)  # Playwright's sync API may hold this thread's event loop
        worker.start()
        worker.join(timeout=120)
    assert len(users) == 8
    assert all(u.frames >= 3 for u in users), [u.frames for u in users]
    assert [e for u in users for e in u.errors] == []
