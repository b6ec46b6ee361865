"""The container image, built and run for real with shared/tools/container-smoke
(podman; these machines have no Docker daemon).  The tool waits for
/_stcore/health, runs the image's HEALTHCHECK and fetches the page; while the
container is up, the browser smoke test runs against it.  The container runs
as compose.yaml runs it: read-only root file system with only /tmp writable,
no capabilities, no privilege escalation."""
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
SMOKE = ROOT.parent / "shared" / "tools" / "container-smoke"

pytestmark = pytest.mark.container


@pytest.mark.skipif(not SMOKE.exists(), reason=f"{SMOKE} not found (it ships beside the repository)")
@pytest.mark.skipif(os.geteuid() != 0, reason="container-smoke needs root (rootful podman)")
def test_image_builds_runs_healthy_and_serves_the_page():
    check = (f"APP_URL=$CS_URL {sys.executable} -m pytest -q -p no:cacheprovider "
             f"{ROOT / 'tests' / 'test_browser.py'}::test_smoke_page_serves_all_views")
    env = dict(os.environ, CS_CHECK_CMD=check, CS_TIMEOUT="180",
               CS_RUN_ARGS="--read-only --tmpfs /tmp --cap-drop ALL --security-opt no-new-privileges")
    result = subprocess.run(["bash", str(SMOKE), str(ROOT)], env=env, cwd=ROOT,
                            capture_output=True, text=True, timeout=1800)
    print(result.stdout[-4000:], result.stderr[-6000:], sep="\n")
    assert result.returncode == 0, "container-smoke failed; its log is above"
    assert "1 passed" in result.stdout + result.stderr
