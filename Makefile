# Developer entry points. GNU make; works as root on a fresh Debian 12 with python3 3.11.
PY ?= python3
VENV ?= .venv
MANAGE = $(VENV)/bin/python manage.py
PYTEST_ARGS ?=
# Tests run on every core (pytest-xdist); a worker that runs out of tests takes half of another's
# (worksteal: better balanced than a module per worker; a module-scoped fixture may then be set
# up on both workers). XDIST= runs them in one process.
XDIST ?= -n auto --dist worksteal
# Compiled modules (pytest's rewritten tests among them) are kept under var/pycache, even where
# PYTHONDONTWRITEBYTECODE is set, so a run (each worker, each subprocess) doesn't compile again.
PYTEST = PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=$(CURDIR)/var/pycache $(VENV)/bin/pytest

# Debian packages: WeasyPrint needs HarfBuzz subsetting; the tests also drive Chromium,
# read PDFs with poppler and compile translations with gettext.
DEBS_RUN = libharfbuzz-subset0
DEBS_TEST = libharfbuzz-subset0 chromium poppler-utils gettext
DEBS_MESSAGES = gettext

# $(call ensure_debs,<packages>): install what is missing (as root) or say how to.
define ensure_debs
	@missing=""; \
	for p in $(1); do \
		dpkg -s $$p 2>/dev/null | grep -q '^Status: install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing Debian packages:$$missing"; \
			apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
		else \
			echo "Missing Debian packages:$$missing. Install them with:" >&2; \
			echo "  sudo apt-get install -y --no-install-recommends$$missing" >&2; \
			exit 1; \
		fi; \
	fi
endef

.PHONY: help sysdeps sysdeps-run install run test test-fast lint format messages

help:
	@echo "make run       start the development server on http://127.0.0.1:8000"
	@echo "make test      run the whole test suite, as CI does (PYTEST_ARGS=... to pass options)"
	@echo "make test-fast the tests that need no browser, no real PDF and no subprocess"
	@echo "make lint      ruff check + ruff format --check"
	@echo "make format    ruff format + ruff check --fix"
	@echo "make messages  update and compile locale/en translations"

sysdeps:
	$(call ensure_debs,$(DEBS_TEST))

sysdeps-run:
	$(call ensure_debs,$(DEBS_RUN))

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(VENV)/bin/python || $(PY) -m venv $(VENV)
	$(VENV)/bin/pip install -q -c constraints.txt -e ".[dev]"
	touch $@

# Development: .env (written once: DEBUG=true and a random SECRET_KEY) configures manage.py.
run: sysdeps-run install .env
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) runserver 127.0.0.1:8000

.env: | $(VENV)/.installed
	$(VENV)/bin/python -m seapp.devenv .env

test: sysdeps install
	$(PYTEST) $(XDIST) $(PYTEST_ARGS)

# The inner loop: no Chromium, no WeasyPrint render, no subprocess, no Debian packages needed.
test-fast: install
	$(PYTEST) $(XDIST) -m "not slow and not e2e" $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: install
	$(call ensure_debs,$(DEBS_MESSAGES))
	DEBUG=true $(MANAGE) makemessages -l en --add-location=file \
		--ignore=.venv --ignore=staticfiles --ignore=static/vendor --ignore=var
	DEBUG=true $(MANAGE) compilemessages -l en -l nl --ignore=.venv
