# Everything runs inside .venv/, created on first use from the system's Python 3.11.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CONFIG ?= site.yaml
OUT ?= _site
PORT ?= 8000
BASE_URL ?=

.PHONY: build serve test check ingest clean bench setup

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

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

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadgroup

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(OUT) .cache test-artifacts
