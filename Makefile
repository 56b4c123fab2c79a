# Two commands run the platform and its tests on a machine with nothing but Python 3.11:
#   make run    set up, start embedded PostgreSQL + Redis, migrate, load demo data, serve
#   make test   set up, start what the tests need, run the whole suite
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements/*.txt | sha1sum | cut -c1-12)

.PHONY: run test bench lint format messages services-stop reset

$(STAMP): requirements/base.txt requirements/dev.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) is required"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

run: $(STAMP)
	$(PY) -m tools.devstack run

test: $(STAMP)
	DEVSTACK_REDIS=0 $(PY) -m tools.devstack exec -- $(PY) -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(PY) -m tools.devstack exec -- $(PY) -m benchmarks.run $(BENCH_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

format: $(STAMP)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

messages: $(STAMP)
	$(PY) manage.py makemessages --all --ignore=.venv --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv

services-stop:
	$(PY) -m tools.devstack stop

reset:
	$(PY) -m tools.devstack reset
