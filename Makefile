# Everyday commands. Each uses the repository's .venv, which `make test` creates if missing.
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: help demo test lint format messages clean

help:
	@echo "make demo      run the example site with demo content (scripts/demo)"
	@echo "make test      ruff + the test suite on SQLite and PostgreSQL (scripts/test)"
	@echo "make lint      ruff check and ruff format --check (Python files)"
	@echo "make format    ruff format and ruff check --fix"
	@echo "make messages  update and compile the Polish translations"
	@echo "make clean     remove caches, build output, and the example site's media and collected static"

demo:
	scripts/demo

test:
	scripts/test $(ARGS)

$(BIN)/python:
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install -q -e ".[testing]"

lint: $(BIN)/python
	$(BIN)/ruff check .
	$(BIN)/ruff format --check --extend-exclude '*.md' .

format: $(BIN)/python
	$(BIN)/ruff format --extend-exclude '*.md' .
	$(BIN)/ruff check --fix .

# makemessages needs GNU gettext (apt-get install gettext).
messages: $(BIN)/python
	cd wagtail_congress && PATH="$(abspath $(BIN)):$$PATH" django-admin makemessages -l pl
	cd wagtail_congress && PATH="$(abspath $(BIN)):$$PATH" django-admin compilemessages

clean:
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
	rm -rf build dist *.egg-info .pytest_cache .ruff_cache
	rm -rf example_project/media example_project/static
