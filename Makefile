# conflict-map: `make run` opens the dashboard on the seeds; `make test` runs every test. Both set up first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
BUILD_STAMP := $(VENV)/.installed-build
PORT ?= 8501

.PHONY: setup setup-build browser run test eval bench gazetteer lexicon clean

setup: $(STAMP) browser

$(STAMP): requirements.txt requirements-ner.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-ner.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(BUILD_STAMP): requirements-build.txt $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-build.txt
	touch $@

setup-build: $(BUILD_STAMP)

# Debian's chromium for the end-to-end tests (never `playwright install`: it downloads a browser of its own).
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then (apt-get update -qq && apt-get install -y -qq chromium) >/dev/null; \
	elif command -v sudo >/dev/null; then (sudo apt-get update -qq && sudo apt-get install -y -qq chromium) >/dev/null; \
	else echo "note: /usr/bin/chromium missing and no root: browser tests will be skipped"; fi

run: setup
	$(PY) -m dashboard --server.port $(PORT)

# The tests also cover the build recipes, so they install the build inputs too (no network is used by the tests).
test: setup setup-build
	$(PY) -m pytest

eval: $(STAMP)
	$(PY) -m geo eval

bench: $(STAMP)
	$(PY) -m geo bench

gazetteer: $(BUILD_STAMP)
	$(PY) -m geo gazetteer build

lexicon: $(BUILD_STAMP)
	$(PY) -m geo lexicon build

clean:
	rm -rf $(VENV) .pytest_cache
