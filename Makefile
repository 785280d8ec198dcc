# The two set-up commands of the README. Both install into ./.venv from the project's own files.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo test install

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'

# Install, serve the bundled demo sites on 127.0.0.1, crawl them into the default archive, show a search.
demo: install
	$(BIN)/unionnews demo

# Install and run the whole test suite.
test: install
	$(BIN)/python -m pytest
