# The only entry points: run, dev, test, lint, bench.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The app reads them too: SITE_URL (links in e-mails) defaults to http://HOST:PORT.
export HOST PORT

# One uvicorn process per core, but only with Redis: the in-memory channel
# layer lives in one process, so without REDIS_URL a live event raised in one
# process would never reach the sockets held by the others.
WEB_CONCURRENCY ?= $(if $(REDIS_URL),$(shell nproc),1)

# Lint caches live outside the checkout (one per checkout), so linting a fresh
# clone leaves nothing in it.
LINT_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/helpdesk-lint$(CURDIR)
export RUFF_CACHE_DIR ?= $(LINT_CACHE)/ruff
export MYPY_CACHE_DIR ?= $(LINT_CACHE)/mypy

# Events are small JSON sent to many sockets at once: compressing each copy
# costs more CPU and memory than it saves (see `make bench-ws`).
UVICORN_FLAGS := --ws-per-message-deflate false

FRONTEND := $(wildcard frontend/package.json)
FRONTEND_SOURCES := $(shell find frontend/src frontend/public frontend/index.html \
	frontend/vite.config.ts frontend/tsconfig*.json -type f 2>/dev/null)
FRONTEND_BUILD := $(if $(FRONTEND),frontend/dist/index.html)

.PHONY: run dev test test-backend test-frontend test-e2e lint format schema messages install bench bench-pg bench-ws bench-page fuzz

run: install $(FRONTEND_BUILD)  ## serve the whole app on HOST:PORT, with the e-mail worker
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) manage.py ensure_superuser
	$(PY) manage.py merge_search_index
	trap 'kill 0' EXIT; \
	$(PY) manage.py db_worker --no-reload & \
	$(PY) manage.py sla_scheduler & \
	$(PY) -m uvicorn config.asgi:application --host $(HOST) --port $(PORT) \
		--workers $(WEB_CONCURRENCY) $(UVICORN_FLAGS)

dev: install $(if $(FRONTEND),frontend/node_modules/.package-lock.json)  ## Django + Vite with hot reload
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py ensure_superuser
	trap 'kill 0' EXIT; \
	DEBUG=true $(PY) -m uvicorn config.asgi:application --reload --host $(HOST) --port $(PORT) & \
	DEBUG=true $(PY) manage.py db_worker & \
	DEBUG=true $(PY) manage.py sla_scheduler & \
	$(if $(FRONTEND),(cd frontend && npm run dev) &) \
	wait

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund

frontend/dist/index.html: frontend/node_modules/.package-lock.json $(FRONTEND_SOURCES)
	cd frontend && npm run build

test: test-backend test-frontend test-e2e  ## every test

test-backend: install
	$(PY) -m pytest -n 2 helpdesk bench

test-frontend: $(if $(FRONTEND),frontend/node_modules/.package-lock.json)
	$(if $(FRONTEND),cd frontend && npm test,@echo "no front end yet")

test-e2e: install $(FRONTEND_BUILD)
	$(if $(wildcard e2e/test_*.py),$(PY) -m pytest e2e,@echo "no e2e tests yet")

lint: install $(if $(FRONTEND),frontend/node_modules/.package-lock.json)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy config helpdesk e2e bench
	$(if $(FRONTEND),cd frontend && npm run lint && npm run typecheck)

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

schema: install  ## regenerate the OpenAPI document the front end's types come from
	$(PY) manage.py spectacular --validate --fail-on-warn --format openapi-json --file frontend/openapi.json
	$(if $(FRONTEND),cd frontend && npm run gen:types)

# The compiled .mo is committed, so a fresh machine needs no gettext tools;
# this target (which does: Debian's `gettext`) is for whoever changes a message.
messages: install  ## update helpdesk/locale/es's .po from the code's messages, then compile its .mo
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)
	$(PY) manage.py makemessages -l es --no-location -i '.venv/*' -i 'frontend/*' -i 'e2e/*' -i 'bench/*' -i 'data/*'
	$(PY) manage.py compilemessages -l es -i .venv

fuzz: install  ## Schemathesis over every operation, as a requester and as staff
	$(PY) -m e2e.fuzz_api $(or $(FUZZ_SECONDS),60)

bench: install  ## seed 100,000 tickets on SQLite, load the real server with wrk, print one table
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) -m bench.run $(BENCH_ARGS)

bench-pg: install  ## the same with 1,000,000 tickets on PostgreSQL at 127.0.0.1:5432
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) -m bench.run --postgres --tickets 1000000 $(BENCH_ARGS)

bench-page: install $(FRONTEND_BUILD)  ## ticket list page load time in Chromium
	$(PY) -m bench.page_load

bench-ws: install  ## WebSocket fan-out: 1,000 sockets on one process, delivery latency and memory
	$(PY) -m bench.ws_broadcast --sockets 1000 --rounds 20
