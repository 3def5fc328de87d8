# poll_app: `make run` serves the app, `make test` checks it. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: install run test test-tools browser screenshots lint format lock clean bench openapi

install: $(INSTALLED)

$(INSTALLED): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $@

run: install
	$(BIN)/python manage.py db upgrade
	$(BIN)/python manage.py run

test: install lint browser test-tools
	$(BIN)/python -m pytest

# Test-only tools from npm (package.json, locked by package-lock.json): axe-core, which the
# accessibility tests inject into every page. Installs npm with apt-get when missing (root).
test-tools: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	$(call needs,npm)
	npm ci --no-audit --no-fund
	touch $@

# The browser tests (tests/web) drive Debian's chromium. When it is missing, install it if
# we can (root and apt-get); if it is still missing, CI fails, anywhere else they are skipped.
CHROMIUM := /usr/bin/chromium
browser:
	@if [ ! -x $(CHROMIUM) ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium \
			|| echo "apt-get could not install chromium" >&2; \
	fi
	@if [ -x $(CHROMIUM) ]; then :; \
	elif [ -n "$$CI" ]; then \
		echo "FAILED: CI must run the browser tests, but $(CHROMIUM) is missing" \
			"(installing it needs root and apt-get)" >&2; \
		exit 1; \
	else \
		echo "browser tests will be skipped: $(CHROMIUM) is missing" \
			"(install it as root with: apt-get install chromium)"; \
	fi

screenshots: install browser
	SCREENSHOT_DIR=docs/screenshots $(BIN)/python -m pytest tests/web/test_screenshots.py

# $(call needs,COMMAND): install the Debian package COMMAND with apt-get when the command is
# missing and we can (root and apt-get); fail the target if it is still missing.
define needs
	@if ! command -v $(1) >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $(1) \
			|| echo "apt-get could not install $(1)" >&2; \
	fi
	@command -v $(1) >/dev/null 2>&1 || { \
		echo "FAILED: make $@ needs $(1) (install it as root with: apt-get install $(1))" >&2; \
		exit 1; }
endef

# `make bench` (not part of `make test`, about 7-8 minutes): the app under gunicorn on 127.0.0.1,
# driven by wrk, on PostgreSQL (a database it makes on postgresql://postgres@127.0.0.1:5432,
# or BENCH_POSTGRES_URL, and drops) and on SQLite, against a bare Flask ceiling. Writes
# bench/results/latest.md and latest.json. Installs wrk with apt-get when missing (as root).
bench: install
	$(call needs,wrk)
	$(BIN)/python -m bench.run

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -r om_core config.py app.py manage.py
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# docs/openapi.json is the OpenAPI document the app serves at /api/openapi.json, committed so
# that a change to the API shows in review; tests/api/test_openapi.py fails when they differ.
openapi: install
	APP_CONFIG=development $(BIN)/python manage.py openapi write docs/openapi.json

lock: install
	{ sed -n '1,2p' constraints.txt; $(BIN)/pip freeze --exclude-editable | sort -f; } > constraints.txt.new
	mv constraints.txt.new constraints.txt

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache .hypothesis
