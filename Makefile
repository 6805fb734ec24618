# The two set-up commands: `make run` and `make test`. Both create .venv with the machine's python3.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
TEST_SETTINGS := DJANGO_SETTINGS_MODULE=alliance.settings.test

.PHONY: run test lint check messages mutation worker worker-imports beat clean python-version

python-version:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
		{ echo "Python 3.11 or newer is required; '$(PYTHON)' is $$($(PYTHON) --version 2>&1)."; exit 1; }

$(BIN)/python: | python-version
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.base: requirements/base.txt requirements/production.txt requirements/constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/production.txt
	touch $@

$(VENV)/.dev: requirements/dev.txt $(VENV)/.base
	$(BIN)/pip install --quiet -r requirements/dev.txt
	touch $@

messages: $(VENV)/.base
	$(MANAGE) compilemessages --ignore=.venv --verbosity 0

run: $(VENV)/.base messages
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo
	$(MANAGE) runserver 127.0.0.1:8000

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: $(VENV)/.dev messages
	$(TEST_SETTINGS) $(MANAGE) check --fail-level WARNING
	$(TEST_SETTINGS) $(MANAGE) makemigrations --check --dry-run

test: lint check
	$(TEST_SETTINGS) $(BIN)/pytest

# Mutation testing of the permission and money code (docs/security.md#16-mutation-testing); not
# part of `make test` or CI. One module: `make mutation MUTANTS='members.permissions*'`.
MUTANTS ?=
mutation: $(VENV)/.dev messages
	rm -rf mutants
	$(TEST_SETTINGS) $(BIN)/mutmut run --max-children 1 $(MUTANTS)
	$(BIN)/mutmut export-cicd-stats
	@$(BIN)/python -c 'import json; print("Mutants generated: %(total)s; killed %(killed)s, timed out" \
		" %(timeout)s, survived %(survived)s, without tests %(no_tests)s (mutmut results lists" \
		" the survivors)." % json.load(open("mutants/mutmut-cicd-stats.json")))'

# One worker per queue (docs/operations-tasks.md): `worker` for the short tasks (emails, digests,
# webhooks), `worker-imports` for course imports and feed syncs; `beat` once for the whole site.
worker: $(VENV)/.base
	$(BIN)/celery --app alliance worker --queues celery --hostname default@%h --loglevel INFO

worker-imports: $(VENV)/.base
	$(BIN)/celery --app alliance worker --queues imports --hostname imports@%h --concurrency 1 --loglevel INFO

beat: $(VENV)/.base
	$(BIN)/celery --app alliance beat --loglevel INFO

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
