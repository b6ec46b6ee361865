"""A session that has left leaves nothing of its own alive (issue 16: memory back to
its level after the sessions close).  Nothing of ours (no module-level dict, cache or
thread) keeps a departed session's TrainingSession or SeedSweep: once its session
state is gone and a collection has run, a weak reference to it is dead.  And the
server (serve.py, ui/memory.py) runs those collections, cheaply, whatever it does."""
import gc
import pathlib
import subprocess
import sys
import threading
import time
import weakref

from streamlit.testing.v1 import AppTest

from ui.memory import collect_every, freeze_loaded_objects


def alive(refs):
    """Which of the weak references ``refs`` still reach their object, after a collection."""
    gc.collect()
    return [ref() is not None for ref in refs]


def opened(page=None):
    """The playground in AppTest (its own, not the shared fixture's, which pytest keeps), at ``page``."""
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def test_a_playground_that_played_leaves_no_training_session_behind():
    at = opened()
    at.segmented_control(key="run").set_value("play").run()
    for _ in range(3):  # timed frames of the live view: training, snapshots, chart bases
        at.run()
    assert at.session_state.trainer.epoch > 0 and not at.exception
    refs = [weakref.ref(at.session_state.trainer)]
    del at  # the session ends: its state goes
    assert alive(refs) == [False]


def test_a_seeds_page_that_trained_leaves_no_sweep_behind():
    at = opened("pages/seeds.py")
    at.button(key="seed_run").click().run()
    at.run()
    assert at.session_state.seed_job["sweep"].progress > 0 and not at.exception
    refs = [weakref.ref(at.session_state.trainer), weakref.ref(at.session_state.seed_job["sweep"])]
    del at
    assert alive(refs) == [False, False]


class Cycle:
    """Garbage only a collection frees: it refers to itself."""

    def __init__(self):
        self.me = self


def test_the_servers_collector_frees_cyclic_garbage_left_after_the_freeze():
    freeze_loaded_objects()
    try:
        assert gc.get_freeze_count() > 0
        garbage = Cycle()
        ref = weakref.ref(garbage)
        del garbage
        stop = threading.Event()
        thread = collect_every(0.01, stop)
        deadline = time.monotonic() + 30  # a generous bound: the state is waited for, not a time asserted
        while ref() is not None and time.monotonic() < deadline:
            time.sleep(0.01)
        stop.set()
        thread.join()
        assert ref() is None
    finally:
        gc.unfreeze()


# Run in a process of its own, whose heap no earlier test has shaped.
FREED_BY_A_THREAD = """
import threading
import numpy as np
from ui.memory import return_free_memory

def resident_mb():
    return int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0]) / 1024

def allocate_and_free():
    arrays = [np.ones(1000) for _ in range(40_000)]  # 40,000 small blocks: 320 MB
    del arrays

before = resident_mb()
worker = threading.Thread(target=allocate_and_free)
worker.start()
worker.join()
held = resident_mb()
trimmed = return_free_memory()
print(before, held, resident_mb(), trimmed)
"""


def test_what_a_script_thread_freed_goes_back_to_the_system():
    """Freed memory stays in the C allocator's heap of the thread that allocated it (every
    script run has its own thread) until return_free_memory hands its pages back."""
    run = subprocess.run([sys.executable, "-c", FREED_BY_A_THREAD], capture_output=True, text=True, check=True,
                         cwd=pathlib.Path(__file__).resolve().parents[1])
    before, held, after, trimmed = run.stdout.split()
    before, held, after = float(before), float(held), float(after)
    assert trimmed == "True"
    assert held > before + 200, run.stdout  # freed, but still the process's
    assert after < before + 50, run.stdout
