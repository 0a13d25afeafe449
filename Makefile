# Two commands for a newcomer: `make run` and `make test`. Everything else is what they call.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
export DJANGO_SETTINGS_MODULE := coproduce.settings

.PHONY: run test bench durability install install-dev assets chromium pango demo lint clean

run: install assets pango  ## Install, migrate SQLite, load the demo programme once, serve http://127.0.0.1:8000
	@mkdir -p var
	DJANGO_DEBUG=true $(PY) manage.py migrate --no-input -v0
	DJANGO_DEBUG=true $(PY) manage.py load_demo --if-empty
	@DJANGO_DEBUG=true $(PY) manage.py demo_logins
	DJANGO_DEBUG=true $(PY) manage.py runserver 127.0.0.1:8000

# One pytest worker per core (pytest-xdist; each worker has its own test database). TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= auto

test: install-dev assets chromium pango  ## Lint, then run the whole suite (set DATABASE_URL to run it on PostgreSQL)
	$(VENV)/bin/ruff check --quiet .
	$(VENV)/bin/ruff format --check --quiet .
	COPRODUCE_TESTING=true DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

bench: install-dev assets  ## Page latency and throughput under gunicorn, beside a bare Django view
	$(PY) bench/run.py $(BENCH_ARGS)

durability: install-dev  ## SIGKILL the app server mid-write 20 times; check nothing acknowledged is lost
	$(PY) bench/durability.py $(DURABILITY_ARGS)

lint: install-dev  ## What `make test` checks first: ruff's rules and formatting
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

$(VENV)/.stamp-runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.stamp-dev: $(VENV)/.stamp-runtime requirements-dev.txt
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.stamp-runtime
install-dev: $(VENV)/.stamp-dev

node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

STATIC_VENDOR := coproduce/static/vendor
assets: coproduce/static/css/main.css $(STATIC_VENDOR)/.stamp

coproduce/static/css/main.css: node_modules/.stamp $(wildcard coproduce/static_src/scss/*.scss)
	npx sass --quiet-deps --load-path=node_modules --style=compressed --no-source-map \
		coproduce/static_src/scss/main.scss $@

$(STATIC_VENDOR)/.stamp: node_modules/.stamp
	mkdir -p $(STATIC_VENDOR)
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js $(STATIC_VENDOR)/
	cp -r node_modules/govuk-frontend/dist/govuk/assets $(STATIC_VENDOR)/
	cp node_modules/htmx.org/dist/htmx.min.js $(STATIC_VENDOR)/
	cp node_modules/axe-core/axe.min.js $(STATIC_VENDOR)/axe.min.js
	touch $@

chromium:  ## Debian's Chromium for the browser tests (never a downloaded browser)
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

pango:  ## Debian's Pango, which WeasyPrint draws PDFs with
	@test -e /usr/lib/$$(uname -m)-linux-gnu/libpangoft2-1.0.so.0 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; }

clean:
	rm -rf $(VENV) node_modules coproduce/static/css coproduce/static/vendor staticfiles var
