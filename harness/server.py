"""The app's Streamlit server, started fresh on a free port and awaited until it serves."""
import contextlib
import os
import pathlib
import socket
import subprocess
import sys
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[1]
LOGS = ROOT / "tests"  # tests/streamlit-<port>.log while its server runs (git ignores them)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_health(url, timeout=60):
    """Return once ``url`` answers Streamlit's health check; RuntimeError after ``timeout`` seconds."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not become healthy in {timeout} s")


@contextlib.contextmanager
def app_server(port=None, session_ttl=None, env=None, script="serve.py", root=ROOT):
    """A fresh server for the app as served (serve.py; or ``script``, a path from
    the project's root, with the same server settings) on ``port`` (default: a
    free one), keeping a disconnected session ``session_ttl`` seconds (default:
    Streamlit's), with ``env`` added to its environment (e.g. the class board's
    BOARD_URL or DATA_DIR); yields (its URL, its process) once healthy, stops it after.
    ``root``: another copy of the project to serve (e.g. an older version, to measure beside this one)."""
    port = port or free_port()
    ttl = ["--server.disconnectedSessionTTL", str(session_ttl)] if session_ttl is not None else []
    log = open(LOGS / f"streamlit-{port}.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", *ttl],
        cwd=root, stdout=log, stderr=subprocess.STDOUT,
        env=os.environ | {"PYTHONPATH": str(root)} | (env or {}))  # a script under bench/ imports the project too
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(url)
        yield url, server
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
        pathlib.Path(log.name).unlink(missing_ok=True)


@contextlib.contextmanager
def running_app(port=None):
    """``app_server``, yielding its URL alone."""
    with app_server(port) as (url, _):
        yield url
