# The two commands a newcomer needs: `make run` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTEST_ARGS ?=
BENCH_ARGS ?=

.PHONY: run test test-order install messages makemessages migrate seed lint bench load drill cluster-check clean

# What production runs (requirements.txt) and the development and test tools beside it.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed

# Compiled catalogues (.mo) are build output, never committed.
messages: install
	@command -v msgfmt >/dev/null || { echo "GNU gettext is missing: apt-get install gettext (or brew install gettext)"; exit 1; }
	$(PY) manage.py compilemessages --ignore='.venv' --ignore='var' -v0

# After changing UI strings: refresh the catalogue, translate the new entries, commit the .po file.
makemessages: install
	$(PY) manage.py makemessages --locale=zh_Hans --ignore='.venv/*' --ignore='var/*' --ignore='tests/*' --no-obsolete
	$(PY) manage.py makemessages --locale=zh_Hans --domain=djangojs --ignore='.venv/*' --ignore='var/*' --no-obsolete

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

# Web server and task worker together; Ctrl-C stops both.
run: messages seed
	@echo "Portal: http://127.0.0.1:$(PORT)/   admin: http://127.0.0.1:$(PORT)/admin/"
	@$(PY) manage.py qcluster & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

test: messages lint
	$(PY) manage.py makemigrations --check --dry-run --settings=portal.settings.test
	$(PY) -m pytest $(PYTEST_ARGS)

# Not part of `make test`: the whole suite in several shuffled orders (pytest-randomly seeds) while
# bench/cpu_hog.py keeps every core busy; it stops at the first failing order. The proof that no
# test depends on the order or on a quiet machine. SEEDS="7 8 9" for other orders; with
# DATABASE_URL=postgres://... against PostgreSQL.
SEEDS ?= 1 2 3
test-order: messages
	@$(PY) bench/cpu_hog.py & hog=$$!; trap 'kill $$hog 2>/dev/null; wait $$hog 2>/dev/null' EXIT; \
	for seed in $(SEEDS); do \
		echo "== the suite in order $$seed, beside a CPU hog =="; \
		$(PY) -m pytest -p no:cacheprovider -p randomly --randomly-seed=$$seed $(PYTEST_ARGS) || exit 1; \
	done

# Not part of `make test`: times the public case pages against 100,000 cases in a separate SQLite
# database (var/bench/); exits 1 if a target is missed. E.g. BENCH_ARGS="--keep --explain".
# Every bench runs even when one misses a target; then make fails if any did.
bench: install
	@failed=""; \
	for bench in "cases.py $(BENCH_ARGS)" memory.py appraisal.py campaigns.py redemptions.py \
			page_weight.py; do \
		echo; echo "== bench/$$bench"; \
		$(PY) bench/$$bench || failed="$$failed $${bench%% *}"; \
	done; \
	if [ -n "$$failed" ]; then echo; echo "Targets missed in:$$failed"; exit 1; fi

# Not part of `make test`: the portal as production runs it (gunicorn ×2, two django-q2 workers,
# PostgreSQL on 127.0.0.1:5432, Redis) under a mixed locust load, 60 s per user count, until a
# target fails; prints the largest user count that holds. SQLITE=1: the embedded SQLite default.
# E.g. LOAD_ARGS="--keep --users 20" (see bench/load.py).
LOAD_ARGS ?=
load: messages
	$(PY) bench/load.py $(if $(SQLITE),--sqlite) $(LOAD_ARGS)

# Not part of `make test` (`.ci/run` runs it): the same stack through faults (a worker or web
# process killed, the database restarted, Redis down, SIGTERM as systemd sends it, a full disk),
# on a private PostgreSQL and Redis under var/drill/; prints PASS/FAIL per drill and exits 1 if
# any failed. E.g. DRILL_ARGS="--only redis-down --keep" (see bench/drill.py).
DRILL_ARGS ?=
drill: messages
	$(PY) bench/drill.py $(DRILL_ARGS)

# Not part of `make test`: deploy/README.md's layout on this machine (a private PostgreSQL primary
# and streaming replica, Redis, moto's S3, two gunicorn nodes behind nginx); proves a report, a
# rate limit and the page cache are shared, then a short load through nginx (bench/cluster_check.py).
cluster-check: messages
	@command -v nginx >/dev/null || { echo "nginx is missing: apt-get install nginx"; exit 1; }
	$(PY) bench/cluster_check.py

clean:
	rm -rf $(VENV) var
	find . -name '*.mo' -not -path './.venv/*' -delete
