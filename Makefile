# The two commands: `make run` (portal with demo data, no servers needed) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: deps run test services lint migrations-check compose-check backup restore bench bench-queries drills load scan clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

deps: $(BIN)/.installed node_modules/.package-lock.json

## Run the portal on http://$(HOST):$(PORT) with demo data, a Celery worker and beat: the
## Procfile's processes under honcho, which stops them all on Ctrl-C or SIGTERM. Links in
## emails and the calendar feed follow HOST and PORT unless PORTAL_BASE_URL is set.
run: export PORTAL_HOST = $(HOST)
run: export PORTAL_PORT = $(PORT)
run: deps
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	@echo "Portal: http://$(HOST):$(PORT)/   Admin: http://$(HOST):$(PORT)/admin/   Emails: var/mail/"
	PATH="$(CURDIR)/$(BIN):$$PATH" exec $(BIN)/honcho start --no-colour

## Run the whole test suite against PostgreSQL, Redis, a Celery worker, SMTP and Chromium.
test: deps services
	$(BIN)/pytest

services:
	bash scripts/test-services.sh

## ruff, the import layers (pyproject.toml's [tool.importlinter]) and djlint on the templates.
lint: deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/djlint templates --lint

migrations-check: deps
	$(BIN)/python manage.py makemigrations --check --dry-run

compose-check:
	SECRET_KEY=compose-validation-only docker-compose -f docker-compose.yml config -q

## Benchmark on PostgreSQL: seed a large office, gunicorn + wrk, ratios to floor and admin.
bench: deps services
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

## The benchmark pages' query counts at full scale (100,000 mobilities, about two minutes);
## `make test` checks them at 10 projects.
bench-queries: deps services
	$(BIN)/pytest -m bench tests/bench

## Fault drills (PostgreSQL and Redis restarted under load) and the load run, each on a
## PostgreSQL cluster and a Redis of its own (needs root, as CI has). `make test` runs them too.
drills: deps services
	$(BIN)/pytest -m drill tests/drills

## The load run alone: 50 simulated users for LOAD_SECONDS (default a minute).
LOAD_SECONDS ?= 60
load: deps services
	DRILL_LOAD_SECONDS=$(LOAD_SECONDS) $(BIN)/pytest tests/drills/test_load.py

## Security scan: wapiti and sqlmap against the portal under gunicorn on 127.0.0.1 (installs
## them if missing; a PostgreSQL database portal_scan of its own). Exits 1 on any finding.
scan: deps services
	bash scripts/scan.sh $(SCAN_ARGS)

## Back up the database (DATABASE_URL, default the local SQLite file) to var/backups/.
backup:
	bash scripts/backup.sh

## Restore a backup: make restore FILE=var/backups/portal-....dump
restore:
	bash scripts/restore.sh "$(FILE)"

clean:
	rm -rf var db.sqlite3 staticfiles
