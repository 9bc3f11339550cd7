# The portal's everyday commands. `make run` is all a new user needs on Debian/Ubuntu:
# it installs what is missing, prepares the instance folder and starts the portal.

PYTHON ?= python3
VENV ?= .venv
# The venv is reinstalled when pyproject.toml is newer than this stamp.
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

export VENV

.DEFAULT_GOAL := help
# Steps depend on each other in order (apt before venv before anything that runs).
.NOTPARALLEL:
.PHONY: help run worker test test-postgres lint bench translations clean distclean venv system-packages system-packages-test

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo
	@echo "  Environment: PORT (8000), PORTAL_INSTANCE (./instance), DATABASE_URL, REDIS_URL,"
	@echo "  PORTAL_ADMIN_PASSWORD, PYTEST_ARGS (extra pytest arguments), TEST_DATABASE_URL."

run: system-packages venv ## Install what is missing, prepare the database, run web server + worker
	scripts/run-portal.sh

worker: system-packages venv ## Run only the background worker (OCR of queued documents)
	$(VENV)/bin/portal worker

test: system-packages-test venv ## Run the whole test suite (SQLite, or TEST_DATABASE_URL)
	$(VENV)/bin/pytest $(PYTEST_ARGS)

test-postgres: ## Run the test suite on throw-away PostgreSQL and Redis servers (as CI's second run)
	scripts/with-postgres.sh scripts/with-redis.sh $(MAKE) --no-print-directory test

lint: venv ## Check the code with ruff
	$(VENV)/bin/ruff check .

bench: system-packages venv ## Run every benchmarks/*.py
	@set -e; found=0; for script in benchmarks/*.py; do \
	    [ -e "$$script" ] || continue; found=1; \
	    echo "== $$script"; $(VENV)/bin/python "$$script"; \
	done; [ $$found = 1 ] || echo "no benchmarks yet"

translations: venv ## Extract user-facing strings, update the Japanese catalogue, compile it
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k N_ -k lazy_gettext --ignore-dirs='.venv tests' \
	    -o portal/translations/messages.pot .
	$(VENV)/bin/pybabel update -i portal/translations/messages.pot -d portal/translations
	$(VENV)/bin/pybabel compile -d portal/translations

clean: ## Remove caches and build leftovers (keeps .venv and instance/)
	rm -rf build .pytest_cache .ruff_cache .hypothesis *.egg-info tests/screenshots
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean ## Also remove the virtual environment (never the instance folder)
	rm -rf $(VENV)

venv: system-packages $(STAMP)

$(STAMP): pyproject.toml
	@if ! $(VENV)/bin/python -c '' 2>/dev/null; then \
	    echo "creating $(VENV)"; $(PYTHON) -m venv --clear $(VENV); \
	fi
	@echo "installing Python packages into $(VENV)"
	@$(VENV)/bin/pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

system-packages:
	@scripts/install-system-packages.sh

system-packages-test:
	@scripts/install-system-packages.sh chromium dovecot-imapd
