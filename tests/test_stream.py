"""The live panel's stream of frames (ui.stream): frames computed only while no
script run of the session runs, ended by every script run, and, on a real
server, the frames a playing page receives without a script run each."""
import asyncio
import concurrent.futures
import json
import threading
import time

import pytest
from streamlit.runtime.scriptrunner import script_runner
from streamlit.testing.v1 import AppTest

from harness.client import User
from harness.server import app_server
from ui import stream
from ui.fair_share import FRAME_SECONDS
from ui.stream import RERUN, FrameStream


def run_apart(coroutine):
    """``asyncio.run(coroutine)`` in a thread of its own (Playwright's sync API, in the
    browser tests of the same pytest run, may hold this thread's event loop), as
    tests/test_first_frame.py does."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def held_elsewhere(gate):
    """Run ``gate.acquire`` in another thread, holding it until the returned event is set."""
    taken, release = threading.Event(), threading.Event()

    def hold():
        with gate.lock:
            taken.set()
            release.wait()
    threading.Thread(target=hold, daemon=True).start()
    taken.wait()
    return release


def test_a_stream_sends_its_frames_then_asks_for_a_run_when_its_frame_gives_none():
    frames = iter(['{"n":1}', '{"n":2}', None])
    frames_stream = FrameStream(lambda: next(frames), stream._Gate())
    assert [frames_stream.next_message() for _ in range(3)] == ['{"n":1}', '{"n":2}', RERUN]
    assert frames_stream.next_message() is None  # ended: nothing more, not even another RERUN


def test_no_frame_is_computed_while_a_script_run_holds_the_sessions_gate():
    calls = []
    gate = stream._Gate()
    frames_stream = FrameStream(lambda: calls.append(1) or '{"n":1}', gate)
    release = held_elsewhere(gate)
    assert frames_stream.next_message() == "" and calls == []  # skipped, not waited for
    release.set()
    with gate.lock:  # the other thread is done with it
        pass
    assert frames_stream.next_message() == '{"n":1}' and calls == [1]


class FakeSocket:
    """What ui.stream._send_frames uses of a Starlette WebSocket, recording what it is sent."""

    def __init__(self, token):
        self.path_params, self.sent, self.closed, self.acknowledged = {"token": token}, [], None, 0

    async def accept(self):
        pass

    async def send_text(self, text):
        self.sent.append(text)

    async def receive_text(self):
        self.acknowledged += 1
        return "drawn"

    async def close(self, code=1000):
        self.closed = code


def served(frame):
    """What a page's socket receives from a stream of ``frame``, and how it is closed."""
    frames_stream = FrameStream(frame, stream._Gate())
    stream._by_token[frames_stream.token] = frames_stream
    socket = FakeSocket(frames_stream.token)
    run_apart(stream._send_frames(socket))
    return socket.sent, socket.closed


def test_a_page_gets_each_frame_then_the_call_for_a_run_then_a_normal_close():
    frames = iter(['{"n":1}', '{"n":2}', None])
    assert served(lambda: next(frames)) == (['{"n":1}', '{"n":2}', RERUN], 1000)


def test_the_next_frame_is_trained_only_once_the_page_has_drawn_the_last():
    """A slow browser must not get a queue of frames that it would show long after Pause."""
    calls = []

    async def scenario():
        drawn = asyncio.Event()
        frames_stream = FrameStream(lambda: calls.append(1) or f'{{"n":{len(calls)}}}', stream._Gate())
        stream._by_token[frames_stream.token] = frames_stream
        socket = FakeSocket(frames_stream.token)

        async def slow_page():
            await drawn.wait()
            drawn.clear()
            return "drawn"
        socket.receive_text = slow_page
        sending = asyncio.create_task(stream._send_frames(socket))
        while not socket.sent:
            await asyncio.sleep(0.01)
        await asyncio.sleep(10 * FRAME_SECONDS)  # many frames' time, and the page has not drawn the first
        waiting = (list(socket.sent), len(calls))
        drawn.set()
        while len(socket.sent) < 2:
            await asyncio.sleep(0.01)
        frames_stream.stopped = True
        drawn.set()
        await sending
        return waiting, socket.sent[:2]
    waiting, first_two = run_apart(scenario())
    assert waiting == (['{"n":1}'], 1)
    assert first_two == ['{"n":1}', '{"n":2}']


def test_a_frame_that_fails_closes_the_pages_socket_as_an_error_so_it_plays_on_by_runs():
    def broken():
        raise ValueError("a bug in a frame")
    assert served(broken) == ([], 1011)


def test_an_unknown_stream_is_closed_at_once():
    socket = FakeSocket("no-such-token")
    run_apart(stream._send_frames(socket))
    assert socket.sent == [] and socket.closed == 1000


def _registers_a_stream():
    import threading

    import streamlit as st

    from ui import stream as streams
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
    gate = streams._gate(get_script_run_ctx().session_id)
    free = []
    checker = threading.Thread(target=lambda: free.append(gate.lock.acquire(blocking=False)))
    checker.start()
    checker.join()
    st.session_state.gate_free_during_run = free[0]
    st.session_state.setdefault("streams", []).append(streams.start_stream(lambda: '{"n":1}'))


def test_every_script_run_holds_its_sessions_gate_and_ends_its_stream(monkeypatch):
    monkeypatch.setattr(script_runner.ScriptRunner, "_run_script", script_runner.ScriptRunner._run_script)
    stream.hold_each_run()  # undone with the monkeypatch
    at = AppTest.from_function(_registers_a_stream).run()
    assert at.session_state.gate_free_during_run is False
    first = stream._by_token[at.session_state.streams[0].rsplit("/", 1)[1]]
    assert first.stopped is False
    at.run()
    assert first.stopped is True  # the next run ended it
    second = stream._by_token[at.session_state.streams[1].rsplit("/", 1)[1]]
    assert second.stopped is False and second.gate is first.gate


# --- On a real server (serve.py) ------------------------------------------------

@pytest.fixture(scope="module")
def server():
    with app_server() as (url, process):
        yield url


def test_a_playing_page_gets_its_frames_by_its_stream_not_by_script_runs(server):
    user = User(server.replace("http", "ws") + "/_stcore/stream")
    run_apart(user.run(time.time() + 6))
    assert user.errors == []
    assert user.stream is not None and user.stream.startswith("/nn-stream/")
    assert user.fragment is None  # no timed fragment runs were asked of the page
    assert user.frames > 30, user.frames  # 20 a second asked for, on a quiet machine about 16


def test_a_streams_first_frames_patch_the_bases_its_script_run_sent(server):
    """The stream goes on from the charts' bases of the run that started it: its frames
    carry patches, not whole figures again (a base is what most of a frame's bytes were)."""
    async def first_frames():
        user = User(server.replace("http", "ws") + "/_stcore/stream")
        frames, started = [], []
        original = user._element

        def element(which, element):
            if which == "bidi_component" and '"stream"' in (element.bidi_component.json or ""):
                started.append(json.loads(element.bidi_component.json))
            original(which, element)
        user._element = element

        async def follow(address):
            from websockets.asyncio.client import connect
            async with connect(server.replace("http", "ws") + address) as socket:
                for _ in range(5):
                    frames.append(json.loads(await socket.recv()))
                    await socket.send("drawn")
        user._follow = follow
        await user.run(time.time() + 8)
        return started, frames
    started, frames = run_apart(first_frames())
    assert started and len(frames) == 5
    bases = {part["key"]: part["base"] for column in started[-1]["columns"] for part in column if "base" in part}
    assert set(bases) == {"boundary", "network", "loss"}
    for frame in frames:
        charts = [part for column in frame["columns"] for part in column if "base" in part]
        assert {part["key"]: part["base"] for part in charts} == bases, [
            (p["key"], p["base"], len(p.get("patch") or ""), len(p.get("figure") or "")) for p in charts]
        assert all(part["patch"] for part in charts)
    assert "stream" not in frames[0]  # the page keeps following the address it has
