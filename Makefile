# Quick start: `make demo` runs the product on the embedded database; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
PG_URL ?= postgresql://postgres@127.0.0.1:5432/accord

.PHONY: demo test test-postgres test-browser lint bench bench-quick messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/accord demo --port $(PORT)

# The whole suite on the embedded SQLite database (browser tests run in `make test-browser`).
test: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -m "not browser and not postgres"

# The same suite plus the concurrency tests on PostgreSQL (DATABASE_URL, default a local server).
test-postgres: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(BIN)/python -m pytest -m "not browser"

# Playwright driving Debian's /usr/bin/chromium, headless; screenshots in tests/browser/screenshots/.
test-browser: $(STAMP)
	$(BIN)/python -m pytest -m browser tests/browser

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports

# Every script in bench/ (results in bench/results/); `make bench QUICK=1` or `make bench-quick` passes
# --quick to the scripts that offer it (the full allocation suite takes most of an hour on 2 cores).
bench: $(STAMP)
	for script in bench/*.py; do \
	  if [ -n "$(QUICK)" ] && grep -q -- '"--quick"' $$script; then $(BIN)/python $$script --quick || exit 1; \
	  else $(BIN)/python $$script || exit 1; fi; \
	done

bench-quick:
	$(MAKE) bench QUICK=1

# Regenerate the translation catalogues after changing strings (needs GNU gettext); .mo files are committed.
# Run per app: makemessages needs the app's own locale/ folder beside the sources it scans.
messages: $(STAMP)
	for app in $(dir $(wildcard src/accord/*/locale)); do \
	  (cd $$app && $(CURDIR)/$(BIN)/accord manage makemessages -l ru -l zh_Hans --no-obsolete \
	   && $(CURDIR)/$(BIN)/accord manage compilemessages) || exit 1; \
	done

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
