# The two commands that set everything up on a fresh machine: `make site` and `make test`.
# Each step is a file target, so a second run with nothing to do prints nothing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM := /usr/lib/chromium/chromium
# Debian packages the tests run: the browser, and curl + jq for the overview's shell example.
TEST_TOOLS := $(CHROMIUM) /usr/bin/curl /usr/bin/jq
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1
export PATH := $(CURDIR)/node_modules/.bin:$(PATH)

SITE_INPUTS := mkdocs.yml $(shell find specs docs overrides generator -type f -not -name '*.pyc' 2>/dev/null) \
	$(VENV)/.clients node_modules/.installed

.PHONY: site serve test lint bench lock clean help
.DEFAULT_GOAL := help

help:
	@echo "make site   build the versioned site from specs/ into site/"
	@echo "make serve  preview site/ exactly as Netlify serves it (PORT=$(PORT))"
	@echo "make test   lint, then run every test, browser tests included"
	@echo "make lint   ruff and mypy on generator/ and benchmarks/ (configured in pyproject.toml); quiet when clean"
	@echo "make bench  run the benchmarks"
	@echo "make lock   re-lock the Python packages into uv.lock (LOCK_ARGS=--upgrade for the newest in range)"

site: site/versions.json
	@:

site/versions.json: $(SITE_INPUTS)
	@$(BIN)/aviato-docs build --quiet --check-clients
	@echo "then open http://127.0.0.1:$(PORT)/"

serve: site
	netlify dev --offline --dir site --port $(PORT)

test: lint $(VENV)/.test node_modules/.installed $(TEST_TOOLS) corpus
	@$(BIN)/python -m pytest -q

# Lint and type errors fail `make test` before any test runs; nothing is printed when they are none.
lint: $(VENV)/.test
	@$(BIN)/ruff check --quiet generator benchmarks
	@$(BIN)/mypy --no-error-summary

bench: $(VENV)/.test node_modules/.installed
	@$(BIN)/python -m benchmarks

# Python packages come from uv.lock only (`make lock` re-locks on purpose). uv itself is installed into
# the virtualenv by pip, at the version pyproject.toml's [tool.uv] requires; pip's warnings about this
# machine's extra indexes go to .venv/pip.log (shown if pip fails), and uv reads no pip configuration.
UV_VERSION := 0.13.8
UV := $(BIN)/uv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
# --inexact: each stamp adds its extra and removes nothing (uv itself is not in the lock).
SYNC = @$(UV) sync --quiet --frozen --inexact

$(VENV)/.created:
	@$(PYTHON) -m venv $(VENV)
	@touch $@

$(UV): | $(VENV)/.created
	@$(BIN)/python -m pip install -q --disable-pip-version-check uv==$(UV_VERSION) >$(VENV)/pip.log 2>&1 \
		|| { cat $(VENV)/pip.log >&2; exit 1; }

$(VENV)/.runtime: pyproject.toml uv.lock $(UV)
	$(SYNC)
	@touch $@

# The client generators the build runs on every release's document (`--check-clients`).
$(VENV)/.clients: pyproject.toml uv.lock $(VENV)/.runtime
	$(SYNC) --extra clients
	@touch $@

$(VENV)/.test: pyproject.toml uv.lock $(VENV)/.runtime
	$(SYNC) --extra test
	@touch $@

lock: $(UV)
	@$(UV) lock $(LOCK_ARGS)

node_modules/.installed: package.json package-lock.json
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(TEST_TOOLS) &:
	@$(SUDO) apt-get update -qq
	@DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium curl jq >/dev/null

clean:
	rm -rf site .site.* .pytest_cache .mypy_cache .ruff_cache

# The public-spec corpus (tests/corpus/manifest.toml): each package downloaded once into .cache/corpus/,
# each document verified by its sha256; quiet and offline once everything is there.
.PHONY: corpus
corpus: $(VENV)/.created
	@$(BIN)/python -m tests.corpus.fetch --quiet
