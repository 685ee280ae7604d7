# Jauge: `make run` starts the dashboard on sample data, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test setup system-packages demo lint typecheck bench clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

setup: $(VENV)/.installed

system-packages:
	bash scripts/install-system-packages.sh

demo: setup
	$(PY) -m evaluation demo --si-vide

run: setup demo
	$(VENV)/bin/streamlit run dashboard.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

test: setup system-packages
	$(PY) -m pytest -q

lint: setup
	$(VENV)/bin/ruff check evaluation ui tests scripts dashboard.py
	$(VENV)/bin/mypy

bench: setup
	$(PY) -m evaluation bench

clean:
	rm -rf $(VENV) var test-output
