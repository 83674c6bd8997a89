# Mail Tracker — developer entry points. `make run` and `make test` are the quick start.
SHELL := /bin/bash
# A failing command anywhere in a pipe fails the target.
.SHELLFLAGS := -eo pipefail -c
PYTHON ?= python3
VENV := .venv
OPS_VENV := .venv-ops
# By its absolute path: Python 3.14 warns when a virtualenv's interpreter is started as app/../.venv.
APP_PY := $(CURDIR)/$(VENV)/bin/python
OPS_BIN := $(OPS_VENV)/bin

.PHONY: help
help:
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(VENV)/.installed: app/requirements-dev.lock app/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --require-hashes --no-deps -r app/requirements-dev.lock
	$(VENV)/bin/pip install --quiet --no-deps -e app/
	$(VENV)/bin/pip check
	touch $@

$(OPS_VENV)/.installed: requirements-controller.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo \
		"ansible 12 needs Python 3.11 or newer on the controller: run make with PYTHON=python3.11 (or newer)"; exit 1; }
	$(PYTHON) -m venv $(OPS_VENV)
	$(OPS_BIN)/pip install --quiet -r requirements-controller.txt
	touch $@

# Exact pins with hashes for every Python the servers may run (3.10-3.14).
UV_COMPILE := ../.cache/uv/bin/uv pip compile --universal --python-version 3.10 --generate-hashes --quiet
.PHONY: lock
lock: ## re-pin app/requirements*.lock from app/pyproject.toml
	test -x .cache/uv/bin/uv || ($(PYTHON) -m venv .cache/uv && .cache/uv/bin/pip install --quiet uv==0.13.9)
	cd app && $(UV_COMPILE) pyproject.toml -o requirements.lock
	cd app && $(UV_COMPILE) pyproject.toml --extra dev -o requirements-dev.lock

.PHONY: venv ops-venv
venv: $(VENV)/.installed ## the app's development virtualenv
ops-venv: $(OPS_VENV)/.installed ## ansible, molecule and linters

# --- the app ---------------------------------------------------------------------------------

.PHONY: run
run: venv ## run the app on http://127.0.0.1:8000 with SQLite and a demo office (logins printed)
	cd app && $(APP_PY) manage.py migrate --noinput -v0
	cd app && $(APP_PY) manage.py seed_demo
	@echo "Mail Tracker: http://127.0.0.1:8000/  (API docs: /api/docs/, admin: /admin/)"
	cd app && $(APP_PY) manage.py runserver 127.0.0.1:8000

# The services layer, the scoping selectors and the API views must stay at >= 90 % line coverage.
COVERED := */services.py,*/selectors.py,*/policy.py,*/api/*,*/api.py,*/health.py

.PHONY: test test-app lint
test: lint test-app test-browser test-testhost ## everything CI runs: linters, app and browser tests, test hosts, Molecule
	@# The app tests on other Pythons wait mostly on their hosts' downloads: they run beside
	@# Molecule (each prints its own summary, and its log when it fails).
	$(MAKE) --no-print-directory -j2 test-app-pythons molecule
test-app: venv ## app tests against a local PostgreSQL (installed and started if missing)
	scripts/ci/ensure-postgres >/dev/null
	scripts/ci/ensure-pdf-tools
	cd app && ../$(VENV)/bin/pytest -m 'not browser' --cov --cov-report=
	cd app && ../$(VENV)/bin/coverage report --include='$(COVERED)' --fail-under=90 | tail -1

# The oldest and the newest Python the app supports, each the distribution's own, with its own
# PostgreSQL: Ubuntu 22.04 (3.10, PostgreSQL 14) and 26.04 (3.14, PostgreSQL 18) test hosts.
.PHONY: test-app-pythons
test-app-pythons: ## app tests on Ubuntu 22.04's Python 3.10 and 26.04's Python 3.14 (test hosts; root)
	scripts/ci/test-app-on-hosts ubuntu-22.04 ubuntu-26.04

# The staff UI journeys in a real browser: Debian's Chromium (never a downloaded one), driven by
# Playwright against Django's live server. Screenshots land in app/test-output/screenshots/.
.PHONY: test-browser
test-browser: venv ## browser tests of the staff UI in headless Chromium (installed if missing)
	test -x /usr/bin/chromium || (apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)
	scripts/ci/ensure-postgres >/dev/null
	scripts/ci/ensure-pdf-tools
	cd app && ../$(VENV)/bin/pytest -m browser mailtracker/web/tests/browser

lint: venv ops-venv ## ruff, pending migrations, test host networks, yamllint and ansible-lint (production profile)
	cd app && ../$(VENV)/bin/ruff check . && ../$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check scripts/testhost scripts/ci/check-testhost-networks bench molecule/reliability/checks plugins
	$(VENV)/bin/ruff format --check scripts/testhost scripts/ci/check-testhost-networks bench molecule/reliability/checks plugins
	cd app && $(APP_PY) manage.py makemigrations --check --dry-run
	scripts/ci/check-testhost-networks
	$(OPS_BIN)/yamllint --strict .
	PATH="$(CURDIR)/$(OPS_BIN):$$PATH" $(OPS_BIN)/ansible-lint

# --- roles and Molecule targets -------------------------------------------------------------

# Molecule boots real Debian 12 hosts with systemd as PID 1 (scripts/testhost: debootstrap +
# systemd-nspawn, no Docker); needs root. Each target removes its test hosts afterwards, also
# after a failure or an interrupt, and prints each scenario's wall time.
TESTHOST := $(PYTHON) scripts/testhost
.PHONY: molecule molecule-default molecule-split testhost-gc
# Runs at once (reliability alone): on 2 cores, five runs at once take about as long as one
# run takes alone plus half, instead of five times as long.
MOLECULE_JOBS ?= 5
export MOLECULE_JOBS
MOLECULE_ALL_RELEASES := ubuntu-26.04 ubuntu-24.04 ubuntu-22.04 debian-13 debian-12
molecule: ops-venv ## Molecule: default on Ubuntu 26.04 and Debian 12, split (Debian 13 + Ubuntu 22.04), reliability
	molecule/run.sh default split reliability
.PHONY: molecule-matrix
molecule-matrix: ops-venv ## Molecule: default on every supported release, split, reliability
	MOLECULE_RELEASES="$(MOLECULE_ALL_RELEASES)" molecule/run.sh default split reliability
molecule-default: ops-venv ## Molecule: all-in-one host (site.yml, idempotence, verify)
	molecule/run.sh default
molecule-split: ops-venv ## Molecule: database host + app/web host
	molecule/run.sh split
.PHONY: molecule-reliability
molecule-reliability: ops-venv ## Molecule: faults under load, hostile input, backup and restore
	molecule/run.sh reliability
.PHONY: test-testhost
test-testhost: ## every scripts/testhost command on a bare controller installs the tools it needs; stop and resume keep the disk
	scripts/testhost/bare-controller-test
	scripts/testhost/resume-test
testhost-gc: ## remove every test host left behind (Molecule's and the demo host)
	$(TESTHOST) gc
.PHONY: demo-host demo-host-destroy
demo-host: ops-venv ## boot a throwaway host with the whole stack and the demo office
	scripts/testhost/demo-host
demo-host-destroy: ## remove the demo host
	$(TESTHOST) down mt-demo

# --- benchmarks -------------------------------------------------------------------------------

# Measures on the throwaway host mt-bench (10.231.91.2) and writes docs/benchmarks.md; needs root
# and wrk on the controller (Debian package). The host stays up for the next run.
.PHONY: bench bench-again bench-destroy bench-tools
bench: ops-venv bench-tools ## PDF delivery, a million-record register, uploads, provisioning -> docs/benchmarks.md
	$(PYTHON) -m bench
bench-again: ops-venv bench-tools ## the current commit on the host the last bench left: upload, every list, statement, daily run
	$(PYTHON) -m bench --again
bench-tools:
	command -v wrk >/dev/null || apt-get install -y -qq wrk
bench-destroy: ## remove the benchmark host
	$(TESTHOST) down mt-bench
