# Jauge: `make run` starts the dashboard on sample data, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

# Coverage floor of `make test` (evaluation/ and ui/, branches counted): 92 % measured on 2026-12-03 without the
# browser tests (their dashboards run in other processes); see docs/testing.md
COVERAGE_FLOOR ?= 86

.PHONY: run test setup lock system-packages demo lint typecheck bench clean

# Every package, transitive ones included, at the version and with the hashes of requirements.lock.
$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

setup: $(VENV)/.installed

# After a change to requirements.txt: pin every transitive dependency again, with hashes, for every platform.
lock: setup
	$(VENV)/bin/uv pip compile requirements.txt --generate-hashes --universal --no-strip-extras --python-version 3.11 --quiet \
		--custom-compile-command "make lock" -o requirements.lock

system-packages:
	bash scripts/install-system-packages.sh

demo: setup
	$(PY) -m evaluation demo --si-vide

run: setup demo
	$(VENV)/bin/streamlit run dashboard.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

test: setup system-packages
	$(PY) -m pytest -q --cov --cov-report=term:skip-covered --cov-fail-under=$(COVERAGE_FLOOR)

lint: setup
	$(VENV)/bin/ruff check evaluation ui tests scripts dashboard.py
	$(VENV)/bin/mypy

bench: setup
	$(PY) -m evaluation bench

clean:
	rm -rf $(VENV) var test-output
