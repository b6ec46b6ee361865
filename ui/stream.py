"""Live frames streamed to the page, without a script run each (issue 16).

A Streamlit frame is a fragment run: a script thread, the run's messages, the
component's element and its widget registration.  That was about 4 ms of the
server's CPU a frame, more than the playground's own training and drawing.  So
while the playground plays, its page opens a websocket of its own
(``STREAM_ROUTE``, added by serve.py) and the server sends it each next frame
of the live panel, the same message a fragment run would have drawn it with
(ui.live_chart.live_panel), once the page says it has drawn the last one.
Every other change of the page, and everything a click does, still goes
through script runs.

A stream trains the session's own network, so it must never run while one of
that session's script runs does (callbacks included): ``hold_each_run`` makes
every script run hold its session's gate, and a frame is computed only while
holding it.  Every script run also ends the session's stream; a run that wants
frames registers a new one (``start_stream``).
"""
import asyncio
import contextlib
import logging
import secrets
import threading
import time
import weakref
from concurrent.futures import ThreadPoolExecutor

import streamlit as st
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocketDisconnect
from streamlit.runtime.scriptrunner import script_runner
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from .assets import served_at
from .fair_share import FRAME_SECONDS, active_sessions, rest_after

RERUN = '{"rerun":true}'  # what a stream sends last when the page must run again to show its state
NO_STREAM = "_no_stream"  # session state: this page could not open a stream (a proxy that passes only Streamlit's)

_gates = weakref.WeakValueDictionary()  # session id -> its _Gate, alive while a run or a stream holds it
_streams = weakref.WeakValueDictionary()  # session id -> its current FrameStream, held by its session's state
_by_token = weakref.WeakValueDictionary()  # token -> FrameStream
_registry_lock = threading.Lock()
_log = logging.getLogger(__name__)
STREAM_KEY = "_nn_stream"  # session state: the session's current stream (it lives as long as the session)
# Frames are computed here, off the event loop: a large one (20,000 points) takes 0.2 s.
_workers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="nn-stream")


class _Gate:
    """A session's gate: a reentrant lock that a weak reference can name."""
    __slots__ = ("lock", "__weakref__")

    def __init__(self):
        self.lock = threading.RLock()


def _gate(session_id):
    with _registry_lock:
        gate = _gates.get(session_id)
        if gate is None:
            gate = _gates[session_id] = _Gate()
        return gate


class FrameStream:
    """One stream of frames: ``frame()`` trains and returns the next message's JSON
    text, or None once the page must run again instead (the network diverged).
    Its session's state holds it (STREAM_KEY), and it holds nothing of that state:
    it is freed with the session.  If ``frame`` raises, the page's socket is closed
    with code 1011 and the page plays on by script runs, where the error is shown."""

    def __init__(self, frame, gate):
        self.frame, self.gate = frame, gate  # the _Gate of its session
        self.token = secrets.token_urlsafe(16)
        self.stopped = False
        self.cost = 0.0  # CPU seconds of the last frame

    def next_message(self):
        """The next frame's JSON text; ``""`` while a script run of the session holds
        its gate (this frame is skipped); RERUN once ``frame`` ends the stream, None
        once a script run has."""
        if not self.gate.lock.acquire(blocking=False):
            return ""
        start = time.thread_time()
        try:
            if self.stopped:
                return None
            message = self.frame()
            if message is None:
                self.stopped = True
                return RERUN
            return message
        finally:
            self.cost = time.thread_time() - start
            self.gate.lock.release()


def start_stream(frame):
    """Stream ``frame()``'s messages (see FrameStream) to this script run's page until
    the session's next script run; returns the address the page connects to."""
    session_id = get_script_run_ctx().session_id
    stream = FrameStream(frame, _gate(session_id))
    st.session_state[STREAM_KEY] = stream
    with _registry_lock:
        _streams[session_id] = stream
        _by_token[stream.token] = stream
    return served_at("nn-stream", stream.token)


def page_can_stream():
    """Whether this script run's page can take its frames by a stream: the server
    serves them (serve.py, not ``streamlit run app.py``) and the page's last try worked."""
    return getattr(script_runner.ScriptRunner._run_script, "holds_gate", False) and not st.session_state.get(NO_STREAM)


def stream_failed():
    """The page could not open its stream: its frames come by script runs from now on."""
    st.session_state[NO_STREAM] = True


def _end_stream(session_id):
    with _registry_lock:
        stream = _streams.pop(session_id, None)
    if stream is not None:
        stream.stopped = True


def hold_each_run():
    """Make every script run hold its session's gate, and end that session's stream
    as it starts (serve.py).  Streamlit has no hook around a whole run, callbacks
    included, so this wraps ScriptRunner._run_script (Streamlit 1.67, pinned)."""
    run = script_runner.ScriptRunner._run_script
    if getattr(run, "holds_gate", False):
        return

    def held(runner, rerun_data):
        gate = _gate(runner._session_id)
        with gate.lock:
            _end_stream(runner._session_id)
            return run(runner, rerun_data)
    held.holds_gate = True
    script_runner.ScriptRunner._run_script = held


async def _send_frames(websocket):
    """Send the stream named in the address its frames until it ends, then close."""
    stream = _by_token.get(websocket.path_params["token"])
    await websocket.accept()
    loop = asyncio.get_running_loop()
    try:
        while stream is not None:
            started = loop.time()
            message = await loop.run_in_executor(_workers, stream.next_message)
            if message:
                await websocket.send_text(message)
            if message is None or message == RERUN:
                break
            if message:  # the next one once the page has drawn this (ui.live_chart.follow): a slow
                await websocket.receive_text()  # browser gets fewer frames, not a queue, and training waits
            # As a fragment's timer would: the next frame FRAME_SECONDS after this one began, or
            # as soon as it is sent if it took longer; later when many sessions play (ui.fair_share.paced).
            await asyncio.sleep(max(0.0, started + FRAME_SECONDS - loop.time())
                                + rest_after(stream.cost, active_sessions()))
        await websocket.close()
    except WebSocketDisconnect:
        pass
    except Exception:  # a frame failed: the page hears it (1011) and plays on by script runs, which show it
        _log.exception("a live frame failed")
        with contextlib.suppress(Exception):
            await websocket.close(code=1011)


STREAM_ROUTE = WebSocketRoute(served_at("nn-stream", "{token}"), _send_frames)
