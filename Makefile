# The commands the README names. Everything before `runserver` is idempotent.
VENV ?= .venv
PYTHON := $(VENV)/bin/python
PORT ?= 8000
SYSTEM_PYTHON ?= python3

MANAGE := DJANGO_DEBUG=1 $(PYTHON) manage.py
ADDRESS := http://127.0.0.1:$(PORT)/

.PHONY: install setup run admin test lint pytest migrations-check bench messages

install: $(VENV)/.installed

# A .venv without a working pip (left by an interrupted first run) is rebuilt from scratch.
$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -m pip --version >/dev/null 2>&1 || { \
		echo "Creating the virtual environment in $(VENV)"; \
		rm -rf $(VENV) && $(SYSTEM_PYTHON) -m venv $(VENV); }
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e '.[dev]'
	touch $@

# Quiet: what a newcomer sees last is where the site is and how to reach the admin.
setup: install
	@$(MANAGE) migrate --noinput --verbosity 0
	@$(MANAGE) load_election_data
	@$(MANAGE) load_observer_data
	@$(MANAGE) rebuild_search_index --verbosity 0
	@$(MANAGE) setup_roles
	@out=$$($(MANAGE) populate_history --auto 2>&1) || { echo "$$out"; exit 1; }
	@echo
	@echo "Ready. 'make run' serves the site at $(ADDRESS)"
	@echo "Editors: 'make admin' creates an administrator; then sign in at $(ADDRESS)admin/"

run: setup
	@echo
	@$(MANAGE) runserver 127.0.0.1:$(PORT)

admin: setup
	@$(MANAGE) createsuperuser
	@echo "Sign in at $(ADDRESS)admin/ ('make run' serves the site)."

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

migrations-check: install
	DJANGO_SECRET_KEY=check DJANGO_ALLOWED_HOSTS=localhost $(PYTHON) manage.py makemigrations --check --dry-run
	DJANGO_SECRET_KEY=check DJANGO_ALLOWED_HOSTS=localhost $(PYTHON) manage.py check

pytest: install
	$(VENV)/bin/pytest

test: lint migrations-check pytest

bench: install
	bash scripts/bench

# After changing or adding a marked string: refresh the Khmer catalogue, translate what is
# new in locale/km/LC_MESSAGES/django.po, then run this again to compile it (GNU gettext).
# The compiled django.mo is committed, so running the site needs neither step.
messages: install
	$(MANAGE) makemessages -l km --no-location --no-obsolete --ignore=.venv --ignore=node_modules --ignore=staticfiles
	$(MANAGE) compilemessages -l km --ignore=.venv
