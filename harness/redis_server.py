"""A real redis-server (Debian's package; ``make test`` installs it) on a free
port with its files in a temporary folder, for the class board's tests and benchmark."""
import contextlib
import shutil
import subprocess
import tempfile
import time

from .server import free_port

MISSING = "redis-server not found: `make test` installs it (Debian's redis-server package)"


@contextlib.contextmanager
def redis_server():
    """Yields the URL ("redis://127.0.0.1:PORT/0") of a fresh redis-server,
    append-only as compose.yaml runs it, once it answers; stops it after.
    RuntimeError if Debian's redis-server is not installed."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError(MISSING)
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="board-redis-") as folder:
        process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", folder,
                                    "--appendonly", "yes", "--save", "", "--daemonize", "no"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        try:
            _wait_for_ping(port, process)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            process.terminate()
            process.wait(timeout=30)


def _wait_for_ping(port, process, timeout=30):
    import redis
    client, deadline = redis.Redis(port=port, socket_timeout=1), time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"redis-server exited with {process.returncode}")
        try:
            if client.ping():
                return
        except redis.ConnectionError:
            time.sleep(0.05)
    raise RuntimeError(f"redis-server on port {port} did not answer in {timeout} s")
