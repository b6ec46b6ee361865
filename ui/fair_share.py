"""One server's CPU, shared fairly between the sessions that are training.

Streamlit runs every session in one Python process, so training steps of all
users take turns on one interpreter.  Each live frame may train for at most
``frame_budget`` seconds; that budget shrinks as more sessions train at once,
so that together they use about TRAINING_SHARE of the process's time and
everyone keeps getting frames, however high one user turns the speed.

Drawing costs time too, and no training budget bounds it: seven boundaries of
20,000 points take about 0.2 s a frame.  ``paced`` holds such a frame back
afterwards, so that a session's frames use no more than its share of the
interpreter; a playground's default frames are held back only when more
sessions draw them than one interpreter can serve at FRAMES_PER_SECOND.
"""
import contextlib
import threading
import time

FRAME_SECONDS = 0.05    # every live page asks for a frame this often (ui.player)
FRAMES_PER_SECOND = 1 / FRAME_SECONDS
FRAME_BUDGET = 0.04     # seconds of training per frame for a session alone
# Seconds of training per second, all sessions together: what the playground's
# frames have been given since it asks for 20 a second (every figure in the
# README's fairness section was measured so).
TRAINING_SHARE = FRAME_BUDGET * FRAMES_PER_SECOND
ACTIVE_WINDOW = 1.0     # a session that drew a frame this recently is training
MOST_REST = 1.0         # seconds a frame may be held back: a click waits at most that long

_last_frame = {}
_lock = threading.Lock()


def frame_budget(session, now=None):
    """Seconds of training this frame may use; ``session`` is any hashable id of the caller."""
    now = time.monotonic() if now is None else now
    with _lock:
        _last_frame[session] = now
        for other, seen in list(_last_frame.items()):
            if now - seen > ACTIVE_WINDOW:
                del _last_frame[other]
        active = len(_last_frame)
    return min(FRAME_BUDGET, TRAINING_SHARE / (active * FRAMES_PER_SECOND))


def active_sessions():
    with _lock:
        return len(_last_frame)


def rest_after(cost, active):
    """Seconds to hold back a frame that took ``cost`` CPU seconds while ``active``
    sessions train, so that its session's frames take at most 1/active of one core
    (a frame is asked for FRAME_SECONDS after the last one ended)."""
    return min(MOST_REST, max(0.0, active * cost - cost - 1.0 / FRAMES_PER_SECOND))


@contextlib.contextmanager
def paced():
    """Around one live frame, training and drawing: then holds it back by
    ``rest_after`` its CPU time (of this thread: time spent waiting for other
    sessions does not count), sleeping, which leaves the interpreter to them."""
    start = time.thread_time()
    yield
    time.sleep(rest_after(time.thread_time() - start, active_sessions()))
