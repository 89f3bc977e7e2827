# French complaint de-escalation assistant (Rasa 3.6).
# Newcomers need two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa

# Runtime settings (override on the command line or in the environment).
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL ?= 2
export PYTHONWARNINGS ?= ignore::DeprecationWarning
export SQLALCHEMY_SILENCE_UBER_WARNING ?= 1
export RASA_HOST ?= 127.0.0.1
export RASA_PORT ?= 5005
export ACTION_PORT ?= 5055
SHELL_PORT ?= 5006
export SANIC_HOST ?= 127.0.0.1
export ACTION_SERVER_URL ?= http://127.0.0.1:$(ACTION_PORT)/webhook
export VAR_DIR ?= $(CURDIR)/var
export TRACKER_STORE_URL ?= sqlite:///$(VAR_DIR)/tracker.db
# the action server answers only Rasa, which sends this secret (make run creates it in var/ when unset)
export ACTION_SERVER_TOKEN ?= $(shell cat "$(VAR_DIR)/action_server_token" 2>/dev/null)
# several Rasa instances share a Redis (lock store, widget pushes); empty: one instance, no Redis
export REDIS_URL ?=
export TICKET_DB_URL ?= sqlite:///$(VAR_DIR)/tickets.db
export TICKET_SPOOL_PATH ?= $(VAR_DIR)/ticket_spool.jsonl
export RASA_URL ?= http://$(RASA_HOST):$(RASA_PORT)
export WEB_PORT ?= 8080
# sites allowed to open the widget's socket (comma-separated); empty: the demo page's origins
export WEB_ALLOWED_ORIGINS ?=

MODEL := models/current.tar.gz
REPORTS := reports
# what the model is built from (the review desk, litige/review, reads conversations: not a training input)
TRAIN_INPUTS := config.yml domain.yml $(filter-out litige/review/%,$(shell find data components litige -type f -name '*.yml' -o -type f -name '*.py'))
INSTALLED := $(VENV)/.installed
# pip-audit lives in its own venv: its dependencies never touch the locked set
AUDIT_VENV := .venv-audit
PIP_AUDIT_VERSION := 2.10.1
# Locust (make bench) lives in its own venv too
BENCH_VENV := .venv-bench
LOCUST_VERSION := 2.46.0
WEB_INSTALLED := web/node_modules/.installed

.PHONY: help install train validate lint audit test test-actions test-nlu test-core test-e2e eval bench bench-emotion profile bench-review run run-prod shell tickets report markers demo-reset lock clean

help:
	@echo "make run          install, train if needed, start the bot and the advisors' console (Ctrl-C stops it)"
	@echo "make run-prod     the production topology here: PostgreSQL, Redis, two Rasa instances behind nginx (Ctrl-C stops it)"
	@echo "make test         everything CI runs (lint, validate, unit, NLU floor, stories, end-to-end)"
	@echo "make install      create .venv (Python 3.10), install the locked dependencies and the widget (npm ci)"
	@echo "make train        train the model if data/config changed ($(MODEL))"
	@echo "make validate     rasa data validate --fail-on-warnings"
	@echo "make lint         ruff"
	@echo "make audit        pip-audit on requirements.lock and npm audit on the widget, against security/audit-exceptions.yml"
	@echo "make test-actions unit tests of actions and components (pytest)"
	@echo "make test-nlu     held-out NLU evaluation, fails under the macro-F1 floor"
	@echo "make test-core    conversation tests (tests/test_stories.yml)"
	@echo "make test-e2e     end-to-end tests through the real servers"
	@echo "make eval         print held-out NLU metrics and confusions (reports/ has Rasa's files)"
	@echo "make bench        our bot against Rasa's stock starter bot with Locust, 1/10/50 customers (reports/bench/bench.json; ARGS=\"--skip-prod\")"
	@echo "make profile      where one turn's time goes: NLU, policies, action server, tracker store (reports/bench/profile.json)"
	@echo "make bench-emotion latency figures (emotion component vs whole NLU parse)"
	@echo "make report       the review desk's figures over a period (ARGS=\"--weeks 4 --json\"; python -m litige.review --help)"
	@echo "make bench-review the review desk: list and page load times on 10,000 conversations (reports/bench/review.json)"
	@echo "make markers      the KPIs of markers.yml on the tracker store (rasa evaluate markers: reports/markers.csv)"
	@echo "make tickets      list the complaint tickets (python -m litige.tickets --help for more)"
	@echo "make demo-reset   rebuild the demo order system, dated from today (python -m litige.backoffice)"
	@echo "make shell        talk to the bot in the terminal (needs the action server: make run)"

$(INSTALLED): requirements.in requirements.lock tools/install.sh tools/find_python.sh
	@VENV=$(VENV) tools/install.sh
	@touch $@

$(WEB_INSTALLED): web/package.json web/package-lock.json
	@command -v npm >/dev/null || { echo "install: npm is missing (Node.js 18+ with npm installs the chat widget)"; exit 1; }
	npm ci --prefix web --no-audit --no-fund --loglevel=error
	@touch $@

install: $(INSTALLED) $(WEB_INSTALLED)

# --skip-validation: `make validate` (part of `make test`) checks the data and the domain and
# fails on warnings, where `rasa train` only printed them; reading the YAML twice cost 20 s
$(MODEL): $(TRAIN_INPUTS) | $(INSTALLED)
	@mkdir -p models
	$(RASA) train --skip-validation --fixed-model-name current --out models
	@touch $@

train: $(MODEL)

validate: $(INSTALLED)
	$(RASA) data validate --fail-on-warnings

lint: $(INSTALLED)
	$(VENV)/bin/ruff check actions components channels console litige scheduler stores tools tests
	$(VENV)/bin/ruff format --check actions components channels console litige scheduler stores tools tests

test-actions: $(INSTALLED) $(WEB_INSTALLED)
	$(PY) -m pytest tests --ignore=tests/e2e

test-nlu: $(MODEL)
	$(PY) -m tools.eval_nlu --model $(MODEL) --out $(REPORTS)/nlu --check --no-plots

test-core: $(MODEL)
	$(RASA) test core --model $(MODEL) --stories tests/test_stories.yml \
		--fail-on-prediction-errors --out $(REPORTS)/core

test-e2e: $(MODEL) $(WEB_INSTALLED)
	$(PY) -m pytest tests/e2e

$(AUDIT_VENV)/.installed: | $(INSTALLED)
	$(PY) -m venv $(AUDIT_VENV)
	$(AUDIT_VENV)/bin/pip install --quiet pip-audit==$(PIP_AUDIT_VERSION)
	@touch $@

audit: $(INSTALLED) $(AUDIT_VENV)/.installed $(WEB_INSTALLED)
	$(PY) -m tools.audit --pip-audit $(AUDIT_VENV)/bin/pip-audit

test: lint validate audit test-actions test-nlu test-core test-e2e
	@echo "make test: all green"

eval: $(MODEL)
	$(PY) -m tools.eval_nlu --model $(MODEL) --out $(REPORTS)/nlu

$(BENCH_VENV)/.installed: | $(INSTALLED)
	$(PY) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet locust==$(LOCUST_VERSION)
	@touch $@

bench: $(MODEL) $(BENCH_VENV)/.installed
	$(PY) -m tools.bench_compare --train-ours --rounds 3 --duration 20 $(ARGS)

profile: $(MODEL)
	$(PY) -m tools.profile_turn --conversations 3

bench-emotion: $(MODEL)
	$(PY) -m tools.bench_emotion --model $(MODEL)

bench-review: $(MODEL)
	$(PY) -m tools.bench_review

run: $(MODEL) $(WEB_INSTALLED)
	@mkdir -p $(VAR_DIR)
	$(PY) -m tools.stack

run-prod: $(MODEL) $(WEB_INSTALLED)
	@mkdir -p $(VAR_DIR)
	$(PY) -m tools.prod

tickets: $(INSTALLED)
	$(PY) -m litige.tickets list

report: $(INSTALLED)
	$(PY) -m litige.review report $(ARGS)

markers: $(INSTALLED)
	@mkdir -p $(REPORTS)
	rm -f $(REPORTS)/markers*.csv
	$(RASA) evaluate markers all --config markers.yml --domain domain.yml --endpoints endpoints.yml \
		--stats-file-prefix $(REPORTS)/markers $(REPORTS)/markers.csv

demo-reset: $(INSTALLED)
	@mkdir -p $(VAR_DIR)
	$(PY) -m litige.backoffice reset

shell: $(MODEL)
	$(RASA) shell --model $(MODEL) --endpoints endpoints.yml --port $(SHELL_PORT)

lock: $(INSTALLED)
	@{ echo "# Full resolved dependency set (Python 3.10, Linux x86_64). Regenerate with: make lock"; \
	  $(VENV)/bin/pip freeze --all --exclude pip --exclude setuptools --exclude wheel; } > requirements.lock

clean:
	rm -rf models $(REPORTS) .rasa .pytest_cache .ruff_cache
