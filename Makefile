# backchat: `make run` serves the app, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
QUART := $(BIN)/quart --app backchat
# pip-tools and pip-audit live in a venv of their own, outside the app's dependencies, on the
# oldest Python the lock must serve: Debian 12's (3.11.2) where there is one, as
# docs/deploy.md installs on it (redis needs async-timeout below 3.11.3).
TOOLS := .venv-tools
LOCK_PYTHON ?= $(firstword $(wildcard /usr/bin/python3) $(PYTHON))
LOCK_FLAGS ?=

.PHONY: run test test-postgres fuzz soak bench migrate lint lock audit clean

run: $(VENV)/.installed migrate
	$(BIN)/hypercorn --config hypercorn.toml --bind $(HOST):$(PORT) 'backchat:create_app()'

# Two pytest-xdist workers (most tests wait on servers they started), a worker idle early
# taking tests from the other's share. TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= 2
test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal

# The same suite with every app and server on PostgreSQL (BACKCHAT_TEST_POSTGRES_URL, else
# postgres@127.0.0.1:5432): a database of its own per test, copied from a migrated template.
test-postgres: $(VENV)/.installed-dev
	BACKCHAT_TEST_DATABASE=postgres $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal

# The property tests (tests/**/test_fuzz_*.py) with a thousand examples each instead of a few
# (a minute or two); failing examples are kept in .hypothesis/ and tried first next time.
fuzz: $(VENV)/.installed-dev
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -k fuzz --hypothesis-show-statistics

# The soak test, longer than in `make test`: 50 tabs, SOAK_MESSAGES messages, SOAK_CYCLES rounds of
# tabs opening and closing; prints delivery and server-memory figures at the end.
SOAK_MESSAGES ?= 100000
SOAK_CYCLES ?= 50
soak: $(VENV)/.installed-dev
	SOAK_MESSAGES=$(SOAK_MESSAGES) SOAK_CYCLES=$(SOAK_CYCLES) $(BIN)/python -m pytest tests/chaos/test_soak.py

# The benchmark matrix (about 16 minutes): figures, not pass/fail; see bench/README.md.
bench: $(VENV)/.installed-bench
	$(BIN)/python -m bench.run

migrate: $(VENV)/.installed
	$(QUART) migrate

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# requirements.lock: the runtime dependencies pinned with their hashes (for Python 3.11 on
# Linux), from pyproject.toml. Keeps the pins that still fit; `make lock LOCK_FLAGS=--upgrade`
# takes the newest releases allowed.
lock: $(TOOLS)/.installed
	$(TOOLS)/bin/pip-compile --quiet --generate-hashes --strip-extras --no-emit-index-url \
		--no-emit-find-links $(LOCK_FLAGS) --output-file requirements.lock pyproject.toml

# Known vulnerabilities in the locked dependencies; any one, or a package that could not be
# checked, fails. Needs the vulnerability database (PyPI's JSON API) on the network.
audit: $(TOOLS)/.installed
	$(TOOLS)/bin/pip-audit --strict --require-hashes --disable-pip -r requirements.lock

$(TOOLS)/.installed:
	test -x $(TOOLS)/bin/python || $(LOCK_PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet 'pip-tools>=7.4,<8' 'pip-audit>=2.7,<3'
	touch $@

# The virtual environment is rebuilt when the project's dependencies change: what running
# needs for `make run`, the test tools added for `make test`, the benchmark's for `make bench`.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(VENV)/.installed-bench: $(VENV)/.installed-dev
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $@

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache .hypothesis build dist *.egg-info
