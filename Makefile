# pppdraft — the README's commands. Everything a fresh Debian machine needs is installed here.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APT_PACKAGES := libreoffice-writer-nogui poppler-utils fonts-crosextra-carlito \
	fonts-crosextra-caladea fonts-dejavu-core chromium
HOST ?= 127.0.0.1
PORT ?= 8501

.PHONY: run test test-fast lint bench sysdeps venv template clean format

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

## make run: install if needed and serve the app on http://127.0.0.1:8501 (SQLite store)
run: $(STAMP)
	$(BIN)/streamlit run app.py --server.address $(HOST) --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

## system packages the tests need (LibreOffice, poppler, fonts, chromium) — apt as root
sysdeps:
	@missing=0; \
	command -v soffice >/dev/null || missing=1; \
	command -v pdftotext >/dev/null || missing=1; \
	command -v chromium >/dev/null || missing=1; \
	test -e /usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf || missing=1; \
	if [ $$missing = 1 ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing system packages: $(APT_PACKAGES)"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
				--no-install-recommends $(APT_PACKAGES) >/dev/null; \
		else \
			echo "missing system packages; run as root or: sudo apt-get install $(APT_PACKAGES)"; \
			if [ "$$CI" = true ]; then exit 1; fi; \
		fi; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks app.py
	$(BIN)/ruff format --check src tests benchmarks app.py
	$(BIN)/mypy
	$(BIN)/pppdraft library lint

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks app.py
	$(BIN)/ruff check --fix src tests benchmarks app.py

## make test: install everything the tests need and run lint + the full suite
test: sysdeps $(STAMP) lint
	$(BIN)/python -m pytest

## make test-fast: the inner loop — no LibreOffice, no browser, no lint
test-fast: $(STAMP) compile-messages
	$(BIN)/python -m pytest -m "not libreoffice and not browser" -q

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

template: $(STAMP)
	$(BIN)/python -m pppdraft.render.house_style templates/contract.docx

clean:
	rm -rf output test-output .pytest_cache .mypy_cache .ruff_cache

## UI message catalogs (Babel): `make messages` extracts and updates, `make compile-messages`
## builds the .mo files the app loads; run, test and lint compile them first.
LOCALE_DIR := src/pppdraft/locale
POT := $(LOCALE_DIR)/pppdraft.pot
MO_FILES := $(patsubst %.po,%.mo,$(wildcard $(LOCALE_DIR)/*/LC_MESSAGES/pppdraft.po))

.PHONY: messages compile-messages

messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ --no-location --sort-output --omit-header \
		-o $(POT) src/pppdraft/ui
	$(BIN)/pybabel update -D pppdraft -i $(POT) -d $(LOCALE_DIR) --no-fuzzy-matching \
		--ignore-obsolete --ignore-pot-creation-date --width 100

compile-messages: $(MO_FILES)

$(LOCALE_DIR)/%/LC_MESSAGES/pppdraft.mo: $(LOCALE_DIR)/%/LC_MESSAGES/pppdraft.po | $(STAMP)
	$(BIN)/pybabel compile -D pppdraft -d $(LOCALE_DIR) -l $*

run test lint: compile-messages
