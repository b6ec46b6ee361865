"""The live panel's stream (ui.stream) in real Chromium: while the playground
plays, its frames come over a websocket of their own and Streamlit's carries
next to nothing; Pause ends it; a network that diverges in the stream pauses
with its notice; a page whose stream cannot be opened plays by timed runs."""
import pytest

from tests.test_browser import open_app, press, settled, shown_epoch, wait_epoch_above
from tests.test_browser_journeys import PROBLEMS, wait_for_playground

pytestmark = pytest.mark.browser

STREAM = "/nn-stream/"
# Diverges at epoch 99: in the stream's fifth frame, after the run that started playing.
LATE_DIVERGENCE = "dataset=gaussians&hidden=8,8,8&activation=linear&lr=3&optimizer=adam&regularization=l2&reg_rate=0.01"


def watch_sockets(page):
    """{"streams": the stream sockets opened, "frames": messages each stream socket
    received, "streamlit": messages Streamlit's own socket received}, kept up to date."""
    seen = {"streams": [], "frames": {}, "streamlit": 0, "closed": []}

    def opened(socket):
        if STREAM in socket.url:
            seen["streams"].append(socket.url)
            seen["frames"][socket.url] = 0
            socket.on("framereceived", lambda _: seen["frames"].__setitem__(socket.url, seen["frames"][socket.url] + 1))
            socket.on("close", lambda _: seen["closed"].append(socket.url))
        else:
            socket.on("framereceived", lambda _: seen.__setitem__("streamlit", seen["streamlit"] + 1))
    page.on("websocket", opened)
    return seen


def until(page, condition, about, seconds=30):
    """Wait for ``condition()`` (of what the page's sockets did, seen from here), at most ``seconds``."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"still not so after {seconds} s: {about}")


def test_a_playing_page_takes_its_frames_from_its_stream_and_pause_ends_it(page):
    seen = watch_sockets(page)
    open_app(page)
    press(page, "Play")
    wait_epoch_above(page, 200)
    page.wait_for_function("() => Number(document.querySelector('.live-plot').dataset.frames) > 20")
    streamlit_before, frames_before = seen["streamlit"], sum(seen["frames"].values())
    reached = shown_epoch(page)
    wait_epoch_above(page, reached + 400)
    frames = sum(seen["frames"].values()) - frames_before
    assert len(seen["streams"]) == 1 and frames >= 15, seen
    assert seen["streamlit"] - streamlit_before <= 2, seen  # no timed runs meanwhile
    press(page, "Pause")
    shown = settled(page)
    until(page, lambda: seen["closed"] == seen["streams"], seen)
    page.wait_for_timeout(1000)  # nothing trains on: the epoch shown stays
    assert shown_epoch(page) == shown["epoch"] and page.evaluate(PROBLEMS) == 0 and page.js_errors == []


def test_a_network_that_diverges_in_the_stream_pauses_with_its_notice(page):
    seen = watch_sockets(page)
    page.goto(f"{page.app_url}/?{LATE_DIVERGENCE}")
    wait_for_playground(page)
    press(page, "Play")
    page.get_by_role("button", name="Recover").wait_for(timeout=60_000)
    assert seen["frames"] and max(seen["frames"].values()) >= 2, seen  # it diverged in a stream, not at Play
    assert "diverged at epoch 99" in page.locator('[data-testid="stAlertContentError"]').inner_text()
    settled(page)
    # The switch shows it paused: a run of the whole page followed the fragment's.
    page.locator('[data-testid="stMain"] [data-testid="stButtonGroup"] button[aria-checked="true"]').filter(
        has_text="Pause").wait_for()
    assert page.evaluate(PROBLEMS) == 0 and page.js_errors == []


def test_a_page_whose_stream_cannot_open_plays_by_timed_runs(page):
    refused = []

    def refuse(socket):  # as a proxy that passes Streamlit's websocket only
        refused.append(socket.url)
        socket.close(code=1011)
    page.route_web_socket(f"**{STREAM}**", refuse)
    open_app(page)
    press(page, "Play")
    wait_epoch_above(page, 400)
    assert len(refused) == 1, refused  # tried once, then timed runs
    press(page, "Pause")
    settled(page)
    assert page.evaluate(PROBLEMS) == 0 and page.js_errors == []
