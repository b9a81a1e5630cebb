# One entry point per task. `make test-fast` is the loop while you work (goal < 3 min;
# not met yet: about 760 tests, minutes on two cores);
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

test-fast:
	$(PYTHON) -m pytest -q -m "$(FAST)"

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
