"""One server's CPU, shared fairly between the sessions that are training.

Streamlit runs every session in one Python process, so training steps of all
users take turns on one interpreter.  Each live frame may train for at most
``frame_budget`` seconds; that budget shrinks as more sessions train at once,
so that together they use about TRAINING_SHARE of the process's time and
everyone keeps getting frames, however high one user turns the speed.
"""
import threading
import time

FRAME_BUDGET = 0.04     # seconds of training per frame for a session alone
TRAINING_SHARE = 0.4    # seconds of training per second, all sessions together
FRAMES_PER_SECOND = 10  # what each session's timer asks for
ACTIVE_WINDOW = 1.0     # a session that drew a frame this recently is training

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
