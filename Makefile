# backchat: `make run` serves the app, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
QUART := $(BIN)/quart --app backchat

.PHONY: run test migrate lint clean

run: $(VENV)/.installed migrate
	$(BIN)/hypercorn --config hypercorn.toml --bind $(HOST):$(PORT) 'backchat:create_app()'

test: $(VENV)/.installed
	$(BIN)/python -m pytest

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

clean:
	rm -rf $(VENV) .pytest_cache build dist *.egg-info
