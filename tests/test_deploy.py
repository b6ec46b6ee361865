"""Scaling out: compose.yaml validates, and deploy/haproxy.cfg, run for real in
front of two local app servers, keeps each browser on one replica (sticky
cookie), websocket included, while new browsers are spread over both."""
import asyncio
import contextlib
import http.cookiejar
import json
import os
import pathlib
import re
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.request

import pytest

from harness.server import ROOT, free_port, running_app, wait_for_health

pytestmark = pytest.mark.deploy


def tool(name):
    path = shutil.which(name)
    if not path:
        pytest.fail(f"{name} not found: `make test` installs it from Debian's packages")
    return path


def test_compose_file_validates_and_a_broken_one_does_not(tmp_path):
    compose = tool("docker-compose")
    ok = subprocess.run([compose, "-f", "compose.yaml", "config", "-q"], cwd=ROOT, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    broken = tmp_path / "compose.yaml"
    broken.write_text((ROOT / "compose.yaml").read_text().replace("read_only: true", "read_onyl: true"))
    (tmp_path / "deploy").symlink_to(ROOT / "deploy")
    bad = subprocess.run([compose, "-f", str(broken), "config", "-q"], cwd=tmp_path, capture_output=True, text=True)
    assert bad.returncode != 0 and "read_onyl" in bad.stderr


def compose_config():
    """compose.yaml as Compose reads it (normalised by `docker-compose config`), as a dict.
    Parsed by the Python that runs docker-compose, which has PyYAML (the app's does not)."""
    compose = tool("docker-compose")
    normalised = subprocess.run([compose, "-f", "compose.yaml", "config"], cwd=ROOT, capture_output=True,
                                text=True, check=True).stdout
    python = pathlib.Path(compose).read_text(errors="replace").splitlines()[0].removeprefix("#!").split()
    parsed = subprocess.run([*python, "-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))"],
                            input=normalised, capture_output=True, text=True, check=True)
    return json.loads(parsed.stdout)


def test_compose_runs_the_class_board_on_redis_with_a_volume():
    config = compose_config()
    redis = config["services"]["redis"]
    assert redis["image"] == "redis:7" and redis["command"] == ["redis-server", "--appendonly", "yes"]
    assert [v.split(":")[:2] for v in redis["volumes"]] == [["board-data", "/data"]]
    assert "board-data" in config["volumes"]
    for name in ("app1", "app2"):
        app = config["services"][name]
        assert app["environment"]["BOARD_URL"] == "redis://redis:6379/0"
        assert "redis" in app["depends_on"]
        # Read-only root: SQLite's folder (used only without BOARD_URL) must lie on a tmpfs.
        assert app["read_only"] is True
        assert any(app["environment"]["DATA_DIR"].startswith(mount.rstrip("/") + "/") for mount in app["tmpfs"])


@contextlib.contextmanager
def running_proxy():
    """HAProxy with the shipped config, in front of two fresh app servers.
    Yields its URL and the file its access log (a line a request) goes to."""
    with running_app() as one, running_app() as two, tempfile.TemporaryDirectory() as scratch:
        port = free_port()
        env = dict(os.environ, APP1=one.split("//")[1], APP2=two.split("//")[1], PROXY_PORT=str(port))
        config = str(ROOT / "deploy" / "haproxy.cfg")
        check = subprocess.run([tool("haproxy"), "-c", "-f", config], env=env, capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        log = pathlib.Path(scratch) / "haproxy.log"
        with open(log, "w") as out:
            process = subprocess.Popen([tool("haproxy"), "-db", "-f", config], env=env,
                                       stdout=out, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_for_health(url)
            time.sleep(2)  # both servers pass HAProxy's first health checks
            yield url, log
        finally:
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def proxy():
    """The proxy's URL and its access log."""
    with running_proxy() as url_and_log:
        yield url_and_log


def served_by(log, tag, count, timeout=20):
    """The replicas that served the ``count`` requests whose URL ends in ``?tag``,
    read from the proxy's access log (a request's line comes once it is done)."""
    deadline = time.time() + timeout
    while True:
        lines = [line for line in log.read_text().splitlines() if f"?{tag} HTTP" in line]
        if len(lines) >= count or time.time() > deadline:
            break
        time.sleep(0.1)
    assert len(lines) == count, f"{len(lines)} log lines for ?{tag}, not {count}"
    return {re.search(r" playground/(\S+) ", line).group(1) for line in lines}


def test_a_browser_stays_on_its_replica_and_new_browsers_are_spread(proxy):
    url, log = proxy
    first_seen = set()
    for n in range(4):  # four new browsers, no cookie yet: round robin
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        with browser.open(f"{url}/?browser{n}", timeout=10) as response:
            assert b"<html" in response.read().lower()
        (first,) = served_by(log, f"browser{n}", 1)
        first_seen.add(first)
        # Every later request of this browser, with the NNSERVER cookie, goes to the same replica.
        for _ in range(6):
            browser.open(f"{url}/_stcore/health?later{n}", timeout=10).close()
        assert served_by(log, f"later{n}", 6) == {first}
    assert first_seen == {"app1", "app2"}


def test_the_live_page_trains_through_the_proxy(proxy):
    from harness.client import User
    url, _ = proxy
    user = User(url.replace("http", "ws") + "/_stcore/stream")
    # In a thread of its own: Playwright's sync API may hold this thread's event loop.
    worker = threading.Thread(target=lambda: asyncio.run(user.run(time.time() + 6)))
    worker.start()
    worker.join(timeout=60)
    assert user.frames >= 3 and user.errors == []  # frames of live training, over the proxied websocket
    # ... the live panel's stream, which the sticky cookie took to the session's own replica
    assert user.stream is not None and "NNSERVER=" in user.cookies
