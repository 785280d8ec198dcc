# The two set-up commands of the README. Both install into ./.venv from the project's own files.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo test install system-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'

# Install, serve the bundled demo sites on 127.0.0.1, crawl them into the default archive, show a search.
demo: install
	$(BIN)/unionnews demo

# System packages the tests need (PostgreSQL, Chromium, ...): one idempotent script each.
system-deps:
	@for script in scripts/deps/*.sh; do [ -e "$$script" ] || continue; bash "$$script" || exit 1; done

# Install and run the whole test suite.
test: system-deps install
	$(BIN)/python -m pytest
