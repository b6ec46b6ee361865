# Two commands are all a newcomer needs (see README.md):
#   make run    set up and start the app on http://localhost:8501
#   make test   set up and run every test: unit, AppTest, browser (Chromium), container
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT := DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get -o DPkg::Lock::Timeout=300 -q -y
PORT ?= 8501

.PHONY: run test test-fast setup chromium deploy-tools redis bench load-test container-test clean

run: setup
	$(PY) -m streamlit run serve.py --server.port $(PORT)

test: setup chromium deploy-tools redis
	$(PY) -m pytest

# Unit and AppTest tests only (no browser, no container): a quick loop while coding.
test-fast: setup
	$(PY) -m pytest -m "not browser and not container and not deploy"

setup: $(VENV)/.installed

# Debian's python3 may lack venv/pip; install them from apt only when missing.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	@python3 -c "import venv, ensurepip" 2>/dev/null || { $(APT) update && $(APT) install python3-venv python3-pip; }
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Playwright cannot download its own browser here: the tests drive Debian's Chromium.
chromium:
	@command -v chromium >/dev/null || { $(APT) update && $(APT) install --no-install-recommends chromium fonts-dejavu-core; }

# HAProxy and Compose's validator, to test the scale-out setup (compose.yaml, deploy/).
deploy-tools:
	@command -v haproxy >/dev/null && command -v docker-compose >/dev/null || { $(APT) update && $(APT) install --no-install-recommends haproxy docker-compose; }

# The class board's tests start a real redis-server of their own (harness/redis_server.py).
redis:
	@command -v redis-server >/dev/null || { $(APT) update && $(APT) install --no-install-recommends redis-server; }

bench: setup chromium
	$(PY) -m bench.core_speed

# Many live sessions against one server (about 5 minutes): fps, CPU, memory.
load-test: setup
	$(PY) -m bench.load

container-test: setup
	$(PY) -m pytest -m container

clean:
	rm -rf $(VENV) static tests/screenshots .pytest_cache
