# Everything runs inside .venv/, created on first use from the system's Python 3.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
PIP_LOG := $(VENV)/pip.log
CONFIG ?= site.yaml
OUT ?= _site
PORT ?= 8000
BASE_URL ?=

# pip's output is kept in $(PIP_LOG) and shown only when it fails.
PIP = $(BIN)/python -m pip --disable-pip-version-check
QUIETLY = >$(PIP_LOG) 2>&1 || { cat $(PIP_LOG); echo "error: installing into $(VENV)/ failed (log above, kept in $(PIP_LOG))"; exit 1; }

.PHONY: build serve test check ingest clean bench setup setup-test browser-deps

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || { echo "Creating $(VENV)/ with $$($(PYTHON) --version)…"; $(PYTHON) -m venv $(VENV); }
	@echo "Installing site_builder and its dependencies into $(VENV)/ (spaCy's French model, trafilatura, Pagefind…; first time only, a few minutes)…"
	@$(PIP) install --quiet --upgrade pip $(QUIETLY)
	@$(PIP) install --quiet -e . $(QUIETLY)
	@touch $(STAMP)

setup-test: $(TEST_STAMP)

$(TEST_STAMP): $(STAMP)
	@echo "Installing the test tools into $(VENV)/ (pytest, Hypothesis, Selenium…; first time only)…"
	@$(PIP) install --quiet -e '.[test]' $(QUIETLY)
	@touch $(TEST_STAMP)

browser-deps:
	@bash tests/browser/install.sh

ingest: $(STAMP)
	$(BIN)/site-builder ingest seeds/

build: $(STAMP)
	$(BIN)/site-builder ingest seeds/
	$(BIN)/site-builder build --config $(CONFIG) --out $(OUT) $(if $(BASE_URL),--base-url $(BASE_URL))

serve: $(STAMP)
	$(BIN)/site-builder ingest seeds/
	$(BIN)/site-builder serve --config $(CONFIG) --port $(PORT)

check: $(STAMP)
	$(BIN)/site-builder check --config $(CONFIG)

test: $(TEST_STAMP) browser-deps
	$(BIN)/python -m pytest -n 2 --dist loadgroup

bench: $(TEST_STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(OUT) .cache test-artifacts
