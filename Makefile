# Rete: `make run` to try it, `make test` to run the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Kept inside bin/ so that a venv whose executables are gone is reinstalled.
STAMP := $(BIN)/.rete-installed

.PHONY: help run test install lint check messages bench clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): requirements/base.txt requirements/dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements/dev.txt
	touch $(STAMP)

install: $(STAMP)  ## Create .venv and install the dependencies

run: $(STAMP)  ## Create the cache table, migrate, load the Italian demo data and users, serve on 127.0.0.1:8000 with a job worker
	@# The shared cache's table (CACHE_URL's default, README "Deployment"), then the schema.
	DEBUG=1 $(BIN)/python manage.py createcachetable
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py seed_demo
	@# The job worker (e-mail, reminders, digests) runs beside the web server and stops with it.
	@DEBUG=1 $(BIN)/python manage.py qcluster & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(STAMP)  ## Run the whole test suite (PostgreSQL when DATABASE_URL is set)
	$(BIN)/pytest

lint: $(STAMP)  ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: $(STAMP)  ## Django checks and missing migrations
	SECRET_KEY=check-only-secret-key $(BIN)/python manage.py check
	SECRET_KEY=check-only-secret-key $(BIN)/python manage.py makemigrations --check --dry-run

messages: $(STAMP)  ## Refresh and compile the Italian catalogue
	DEBUG=1 $(BIN)/python manage.py makemessages -l it --ignore=.venv --ignore=staticfiles --no-obsolete
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv

bench: $(STAMP)  ## Benchmark the main pages on the large data set (PostgreSQL; see bench/run.py)
	$(BIN)/python bench/run.py --prepare

clean:  ## Remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
