# Belgian bioRegions research site. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
CHROMIUM ?= /usr/bin/chromium
# The real Quarto CLI, installed into the project by `make quarto` from a source archive beside the checkout.
QUARTO_SRC ?= ../shared/quarto
QUARTO_HOME := .tools/quarto

.DEFAULT_GOAL := help

## help: list the targets
help:
	@awk '/^## / { line = substr($$0, 4); name = substr(line, 1, index(line, ":") - 1); \
	  printf "  %-10s %s\n", name, substr(line, index(line, ":") + 2) }' $(MAKEFILE_LIST)

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

## setup: create .venv and install the project with its test tools
setup: $(VENV)/.installed

## browser: install Debian's Chromium for the browser tests (needs root; skipped if present)
browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi
	@$(CHROMIUM) --version 2>/dev/null | head -n 1

## validate: check the data package alone (types, enums, ranges, keys, sources)
validate: setup
	$(PY) -m bioregions validate

## quarto: install the real Quarto CLI into .tools/quarto (from ../shared/quarto when it exists)
quarto: $(QUARTO_HOME)/bin/quarto
$(QUARTO_HOME)/bin/quarto:
	@if [ -x "$(QUARTO_SRC)/install.sh" ]; then \
	  bash "$(QUARTO_SRC)/install.sh" "$(QUARTO_HOME)" >/dev/null && "$@" --version; \
	else \
	  echo "No Quarto source archive at $(QUARTO_SRC). Install Quarto from quarto.org (or 'pip install quarto-cli')"; \
	  echo "and put it on PATH; 'make site' then uses it. Without Quarto, 'make site' uses the offline renderer."; \
	  exit 1; \
	fi

## site: set up, then build the site into _site/ (Quarto on PATH or in .tools/quarto, else offline; SITEBUILD_OFFLINE=1 forces offline)
site: setup
	$(PY) -m sitebuild build
	@echo "Open _site/index.html in a browser, or run 'make serve' for search."

## serve: serve _site/ on http://127.0.0.1:8000 (search needs http)
serve:
	$(PY) -m http.server 8000 --bind 127.0.0.1 --directory _site

## test: set up, install Chromium and Quarto (where ../shared/quarto exists), then run every test on both builds
test: setup browser
	@if [ -x "$(QUARTO_SRC)/install.sh" ]; then $(MAKE) --no-print-directory quarto; fi
	$(PY) -m pytest

## test-fast: library, data and renderer unit tests only (no site build, no browser; about 23 s here, target 30 s)
# Three workers on two cores: the renderer tests spend part of each build waiting for a kernel to start.
test-fast: setup
	$(PY) -m pytest -n 3 --dist worksteal -m "not site and not browser" --ignore=tests/test_site_browser.py --ignore=tests/test_site_static.py

## lint-imports: check the import rule (core, then site layer, then chapters; renderer independent)
lint-imports: setup
	$(VENV)/bin/lint-imports

## figures: export every chart as SVG into figures/
figures: setup
	$(PY) -m bioregions figures

## bench: build times, determinism, page weights, Lighthouse, network and tenfold-data benchmarks (about 30 min)
bench: setup
	$(PY) -m sitebuild bench

## clean: remove both built sites, the execution cache and the generated pages
clean:
	rm -rf _site ._site.building _site.old _site-quarto ._site-quarto.building .cache/sitebuild
	rm -rf firms _firms.yml reference _reference.yml assets/generated shell/build-info.html  # sitebuild.generated in _quarto.yml

.PHONY: help setup browser quarto validate site serve test test-fast lint-imports figures bench clean
