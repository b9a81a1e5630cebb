# One entry point per task. `make test-fast` is the loop while you work (under 3 min:
# about 840 tests on two processes, 2:26 measured on 2026-12-03);
# `make test` is what CI runs (README command 2 without the installs).
PYTHON ?= python3
FAST = not slow and not browser and not postgres

.PHONY: install lint format test-fast test test-browser bench screenshots ci

install:
	$(PYTHON) -m pip install -e ".[test]"

lint:
	$(PYTHON) -m ruff format --check .
	$(PYTHON) -m ruff check .

format:
	$(PYTHON) -m ruff format .
	$(PYTHON) -m ruff check --fix .

# Two processes, one module each at a time (module fixtures stay whole); in file
# order, because every process must collect the same order (the full suite shuffles).
test-fast:
	$(PYTHON) -m pytest -q -m "$(FAST)" -n 2 --dist loadfile -p no:random_order

test:
	$(PYTHON) -m pytest

test-browser:
	$(PYTHON) -m pytest -q -m browser

bench:
	$(PYTHON) bench/run.py --json

screenshots:
	$(PYTHON) scripts/screenshots.py

ci:
	bash .ci/run
