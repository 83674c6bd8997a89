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

# Exact pins with hashes for every Python the servers may run (3.10-3.12).
UV_COMPILE := ../.cache/uv/bin/uv pip compile --universal --python-version 3.10 --generate-hashes --quiet
.PHONY: lock
lock: ## re-pin app/requirements*.lock from app/pyproject.toml
	test -x .cache/uv/bin/uv || ($(PYTHON) -m venv .cache/uv && .cache/uv/bin/pip install --quiet uv==0.13.9)
	cd app && $(UV_COMPILE) pyproject.toml -o requirements.lock
	cd app && $(UV_COMPILE) pyproject.toml --extra dev -o requirements-dev.lock

.PHONY: venv ops-venv
venv: $(VENV)/.installed ## the app's development virtualenv
ops-venv: $(OPS_VENV)/.installed ## ansible, molecule and linters

# --- roles and Molecule targets -------------------------------------------------------------

