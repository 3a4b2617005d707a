# conflict-map: `make run` opens the dashboard on the seeds; `make test` runs every test. Both set up first.
# `make run` needs only Python 3.11+ (no root, no apt); only `make test` installs Debian's chromium, for the browser tests.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
BUILD_STAMP := $(VENV)/.installed-build
PORT ?= 8501
# apt waits this long (s) for a lock held by another apt or unattended-upgrades, instead of failing at once.
APT := apt-get -o DPkg::Lock::Timeout=600

.PHONY: setup setup-build browser run test eval bench gazetteer lexicon clean

setup: $(STAMP)

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
	elif ! command -v apt-get >/dev/null; then echo "note: no /usr/bin/chromium and no apt: browser tests will be skipped"; \
	elif [ "$$(id -u)" = 0 ]; then ($(APT) update -qq && $(APT) install -y -qq chromium) >/dev/null; \
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then (sudo -n $(APT) update -qq && sudo -n $(APT) install -y -qq chromium) >/dev/null; \
	else echo "note: /usr/bin/chromium missing and no root: browser tests will be skipped"; fi

# 127.0.0.1 unless asked otherwise: make run ADDRESS=0.0.0.0 shares the dashboard with the network.
ADDRESS ?= 127.0.0.1
run: setup
	$(PY) -m dashboard --server.port $(PORT) --server.address $(ADDRESS)

# The tests also cover the build recipes, so they install the build inputs too (no network is used by the tests).
test: setup setup-build browser
	$(PY) -m pytest

eval: $(STAMP)
	$(PY) -m geo eval

# The parser's figures, then the dashboard's (first markers, filter change, click to quotes at 1, 100 and 2,000
# documents) when Debian's chromium is there to drive it.
bench: $(STAMP)
	$(PY) -m geo bench
	@if [ -x /usr/bin/chromium ]; then $(PY) -m benchmarks.dashboard --sizes 1,100,2000; \
	else echo "note: the dashboard timings (python -m benchmarks.dashboard) need Debian's chromium: make browser"; fi

gazetteer: $(BUILD_STAMP)
	$(PY) -m geo gazetteer build

lexicon: $(BUILD_STAMP)
	$(PY) -m geo lexicon build

clean:
	rm -rf $(VENV) .pytest_cache
