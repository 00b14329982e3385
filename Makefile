# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
DEMO_LIMIT ?= 3000
POSTGRES_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: run test venv lint check test-sqlite test-postgres superuser demo browsers bench clean

$(BIN)/.installed: requirements.txt requirements-dev.txt constraints.txt
	@command -v $(PYTHON) >/dev/null || { echo "Cần Python 3.11 ($(PYTHON)); đặt PYTHON=... nếu tên khác."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $@

venv: $(BIN)/.installed

var/dev-secret-key:
	mkdir -p var
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

## Serve the portal on http://127.0.0.1:8000 with SQLite and demo content.
run: venv var/dev-secret-key
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo_if_empty --limit $(DEMO_LIMIT) --site-address 127.0.0.1:8000
	$(MANAGE) rebuild_search_index --if-missing
	$(MANAGE) runserver 127.0.0.1:8000

## Create an administrator account (asks for the password; none is fixed or published).
superuser: venv var/dev-secret-key
	$(MANAGE) createsuperuser

## The whole suite: lint, Django checks, tests on SQLite, then on PostgreSQL.
test: venv lint check test-sqlite test-postgres

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) portal/locale/compile.py --check

check: venv
	mkdir -p var
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) makemigrations --check --dry-run

test-sqlite: venv
	$(BIN)/pytest

# With CI set, an unreachable PostgreSQL fails the run; on a laptop without it the run is skipped loudly.
test-postgres: venv
	@if $(PY) -m portal.core.dbcheck "$(POSTGRES_TEST_URL)"; then \
		DATABASE_URL="$(POSTGRES_TEST_URL)" $(BIN)/pytest -m "not browser"; \
	elif [ -n "$$CI" ]; then \
		echo "PostgreSQL at $(POSTGRES_TEST_URL) is unreachable and CI is set: failing."; exit 1; \
	else \
		echo "*** PostgreSQL at $(POSTGRES_TEST_URL) is unreachable: the PostgreSQL run was NOT done. ***"; \
	fi

## The production stack on loopback (PostgreSQL, Redis, nginx, granian) with the whole corpus, measured with wrk:
## bench/results.json. Installs wrk and nginx from Debian if missing; BENCH_ARGS="--seconds 5 --scale 1" is quicker.
bench: venv
	@command -v wrk >/dev/null && command -v nginx >/dev/null || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk nginx openssl; }
	$(PY) bench/production.py $(BENCH_ARGS)

## Install Debian's Chromium for the browser tests (needs root and apt).
browsers:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
