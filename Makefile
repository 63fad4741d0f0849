# backchat: `make run` serves the app, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
QUART := $(BIN)/quart --app backchat

.PHONY: run test fuzz bench migrate lint clean

run: $(VENV)/.installed migrate
	$(BIN)/hypercorn --config hypercorn.toml --bind $(HOST):$(PORT) 'backchat:create_app()'

test: $(VENV)/.installed
	$(BIN)/python -m pytest

# The property tests (tests/**/test_fuzz_*.py) with a thousand examples each instead of a few
# (a minute or two); failing examples are kept in .hypothesis/ and tried first next time.
fuzz: $(VENV)/.installed
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -k fuzz --hypothesis-show-statistics

# The benchmark matrix (about 11 minutes): figures, not pass/fail; see bench/README.md.
bench: $(VENV)/.installed-bench
	$(BIN)/python -m bench.run

migrate: $(VENV)/.installed
	$(QUART) migrate

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The virtual environment is rebuilt when the project's dependencies change.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(VENV)/.installed-bench: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $@

clean:
	rm -rf $(VENV) .pytest_cache build dist *.egg-info
