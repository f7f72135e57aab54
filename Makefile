# Two commands get a new user going:  make site  and  make test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: site build serve test lint check bench bench-keywords bench-figures bench-topics clean

# The venv is rebuilt when pyproject.toml changes.
$(BIN)/briefings: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-deps: $(BIN)/briefings
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  { echo "installing Debian's chromium for the browser tests"; \
	    $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get update -qq && \
	    $$( [ "$$(id -u)" = 0 ] || echo sudo ) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	touch $@

## site: generate briefings/ from seeds/ and build the site into site/
site: build
	$(BIN)/mkdocs build --strict

## build: generate briefings/ from seeds/ only
build: $(BIN)/briefings
	$(BIN)/briefings build

## serve: preview on http://127.0.0.1:8000 with live reload (also on edits in briefings/)
serve: $(BIN)/briefings
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

## check: are the committed briefings fresh and valid? (what CI runs)
check: $(BIN)/briefings
	$(BIN)/briefings check

## test: the whole suite, browser tests included
test: $(VENV)/.test-deps
	$(BIN)/python -m pytest

lint: $(VENV)/.test-deps
	$(BIN)/ruff check generator tests scripts

bench-keywords: $(VENV)/.test-deps
	$(BIN)/python scripts/bench_keywords.py

bench-figures: $(VENV)/.test-deps
	$(BIN)/python scripts/bench_figures.py

## bench-topics: topic and entity scores on the dev sets in tests/data (--errors lists the misses)
bench-topics: $(VENV)/.test-deps
	$(BIN)/python scripts/bench_topics.py

bench: $(VENV)/.test-deps
	$(BIN)/python scripts/bench.py

clean:
	rm -rf site .cache .pytest_cache .ruff_cache test-artifacts
