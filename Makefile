# The commands the README names. Everything before `runserver` is idempotent.
VENV ?= .venv
PYTHON := $(VENV)/bin/python
PORT ?= 8000
SYSTEM_PYTHON ?= python3

.PHONY: install setup run test lint pytest migrations-check bench

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PYTHON) || $(SYSTEM_PYTHON) -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e '.[dev]'
	touch $@

setup: install
	DJANGO_DEBUG=1 $(PYTHON) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PYTHON) manage.py load_election_data
	DJANGO_DEBUG=1 $(PYTHON) manage.py load_observer_data
	DJANGO_DEBUG=1 $(PYTHON) manage.py rebuild_search_index
	DJANGO_DEBUG=1 $(PYTHON) manage.py setup_roles
	DJANGO_DEBUG=1 $(PYTHON) manage.py populate_history --auto

run: setup
	DJANGO_DEBUG=1 $(PYTHON) manage.py runserver 127.0.0.1:$(PORT)

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
