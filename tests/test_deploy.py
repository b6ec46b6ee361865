"""Scaling out: compose.yaml validates, and deploy/haproxy.cfg, run for real in
front of two local app servers, keeps each browser on one replica (sticky
cookie), websocket included, while new browsers are spread over both."""
import asyncio
import http.cookiejar
import os
import pathlib
import shutil
import subprocess
import threading
import time
import urllib.request

import pytest

from tests.conftest import ROOT, free_port, running_app, wait_for_health

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


def fetch(opener, url):
    with opener.open(url, timeout=10) as response:
        return response.headers["X-Served-By"], response.read()


@pytest.fixture(scope="module")
def proxy():
    """HAProxy with the shipped config, in front of two fresh app servers."""
    with running_app() as one, running_app() as two:
        port = free_port()
        env = dict(os.environ, APP1=one.split("//")[1], APP2=two.split("//")[1], PROXY_PORT=str(port))
        config = str(ROOT / "deploy" / "haproxy.cfg")
        check = subprocess.run([tool("haproxy"), "-c", "-f", config], env=env, capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        process = subprocess.Popen([tool("haproxy"), "-db", "-f", config], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_for_health(url)
            time.sleep(2)  # both servers pass HAProxy's first health checks
            yield url
        finally:
            process.terminate()
            process.wait(timeout=10)


def test_a_browser_stays_on_its_replica_and_new_browsers_are_spread(proxy):
    first_seen = set()
    for _ in range(4):  # four new browsers, no cookie yet: round robin
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        served_by, page = fetch(browser, proxy + "/")
        assert b"<html" in page.lower()
        first_seen.add(served_by)
        # Every later request of this browser, with the NNSERVER cookie, goes to the same replica.
        assert {fetch(browser, proxy + "/_stcore/health")[0] for _ in range(6)} == {served_by}
    assert first_seen == {"app1", "app2"}


def test_the_live_page_trains_through_the_proxy(proxy):
    from bench.load import User
    user = User(proxy.replace("http", "ws") + "/_stcore/stream")
    # In a thread of its own: Playwright's sync API may hold this thread's event loop.
    worker = threading.Thread(target=lambda: asyncio.run(user.run(time.time() + 6)))
    worker.start()
    worker.join(timeout=60)
    assert user.frames >= 3 and user.errors == []  # frames of live training, over the proxied websocket
