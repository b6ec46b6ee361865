"""Giving back the memory of sessions that have left.

Streamlit keeps a closed tab's session for ``server.disconnectedSessionTTL``
seconds (for a reconnecting browser), then drops it.  What it held, the session
state with the page's TrainingSession, its replay recording and the live
charts' bases, is then garbage in reference cycles with Streamlit's own objects
(the AppSession and its script runners), which only a full garbage collection
frees.  Python starts a full collection only once a quarter as many objects
as the oldest generation holds have survived into it since the last one; after
NumPy, scikit-learn, Plotly and Streamlit are loaded it holds about a million,
and with ``runner.postScriptGC`` off (.streamlit/config.toml) nothing else
collects: measured, all ten sessions of a round were still in memory long after
Streamlit had dropped them, until a full collection freed all of them at once.

``freeze_loaded_objects`` moves everything the server has loaded at start into
the collector's permanent generation (``gc.freeze``), which no collection walks,
so that a full collection walks only what the sessions made (about 13 ms with
ten sessions playing, against several hundred for the whole heap).
``collect_every`` makes one every COLLECT_SECONDS: a session Streamlit has
dropped is freed within that time, whatever the server does meanwhile.  Then
the C allocator is asked to give its free pages back (``return_free_memory``):
glibc keeps what was freed in its heaps, one per thread that allocated (every
script run has a thread of its own), and the server's resident memory stayed
about 60 MB above its level after 25 sessions had come and gone.
"""
import ctypes
import ctypes.util
import gc
import importlib
import pkgutil
import threading

COLLECT_SECONDS = 10.0
# The project's packages the pages import: loaded before the freeze, so that their
# modules (and the libraries they import) are among the objects no collection walks.
PACKAGES = ("core", "plots", "ui", "board")


def load_packages(packages=PACKAGES):
    """Import every module of ``packages`` (which also spares the first visitor the imports)."""
    for name in packages:
        package = importlib.import_module(name)
        for module in pkgutil.walk_packages(package.__path__, f"{name}."):
            if not module.name.endswith(".__main__"):  # a command line, run when imported
                importlib.import_module(module.name)


def freeze_loaded_objects():
    """Collect what loading left, then freeze every object alive; the collection after
    the freeze, walking nothing, resets the count a full collection waits for."""
    gc.collect()
    gc.freeze()
    gc.collect()


def collect_every(seconds=COLLECT_SECONDS, stop=None):
    """Start a thread that runs a full collection every ``seconds`` until ``stop``
    (a threading.Event; None: for the process's life) is set; returns the thread."""
    stop = stop or threading.Event()

    def collect():
        while not stop.wait(seconds):
            gc.collect()
            return_free_memory()
    thread = threading.Thread(target=collect, name="collect garbage", daemon=True)
    thread.start()
    return thread


def _malloc_trim():
    """glibc's malloc_trim, or None where the C library has none (musl, macOS)."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


_TRIM = _malloc_trim()


def return_free_memory():
    """Hand the C heap's free pages back to the system; returns whether that was possible."""
    if _TRIM is None:
        return False
    _TRIM(0)
    return True
