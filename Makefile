# Mail Tracker — developer entry points. `make run` and `make test` are the quick start.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
OPS_VENV := .venv-ops
APP_PY := $(VENV)/bin/python
OPS_BIN := $(OPS_VENV)/bin

.PHONY: help
help:
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(VENV)/.installed: app/requirements-dev.lock app/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --require-hashes -r app/requirements-dev.lock
	$(VENV)/bin/pip install --quiet --no-deps -e app/
	touch $@

$(OPS_VENV)/.installed: requirements-controller.txt
	$(PYTHON) -m venv $(OPS_VENV)
	$(OPS_BIN)/pip install --quiet -r requirements-controller.txt
	touch $@

.PHONY: venv ops-venv
venv: $(VENV)/.installed ## the app's development virtualenv
ops-venv: $(OPS_VENV)/.installed ## ansible, molecule and linters

# --- roles and Molecule targets -------------------------------------------------------------

