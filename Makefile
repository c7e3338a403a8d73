# The two commands the README starts with: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test test-here lint format install

$(BIN)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

run: $(BIN)/.installed
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --if-empty
	@echo "Starting web, Celery worker and beat: open http://127.0.0.1:8000 and sign in with a login above."
	$(BIN)/honcho start -f Procfile.dev

# The whole suite on the real servers (PostgreSQL, Redis, Elasticsearch, Chromium: installed
# and started on loopback first if they are not up, .ci/with-services.sh), then again on the
# embedded default (SQLite, filesystem broker, database search); both must pass
# (.ci/test-runs.sh prints each run's duration).
test: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=enablement.settings.test
	bash .ci/test-runs.sh

# The suite on whatever DATABASE_URL / CELERY_BROKER_URL / ELASTICSEARCH_URL say (embedded
# defaults when unset); tests needing a missing server skip, except with CI=true.
test-here: $(BIN)/.installed
	$(BIN)/pytest

lint:
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format:
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .
