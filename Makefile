# newsclean — every target creates .venv and installs the package when it is missing.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SHARED ?= ../shared
WORK ?= work

.PHONY: process serve serve-stop test eval bench check clean help

help:  ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

process: $(STAMP)  ## clean raw/ into processed/ (only new or changed inputs)
	$(BIN)/newsclean process raw processed

serve: $(STAMP)  ## keep the stages built in the background: reruns into processed/ start at once
	@mkdir -p $(WORK)
	nohup $(BIN)/newsclean serve processed > $(WORK)/serve.log 2>&1 &
	@echo "newsclean: building the stages; messages in $(WORK)/serve.log; make serve-stop stops it"

serve-stop: $(STAMP)  ## stop the server that `make serve` started
	$(BIN)/newsclean serve processed --stop

test: $(STAMP)  ## the test suite (CI runs this)
	$(BIN)/pytest -q

check: $(STAMP)  ## load the configuration and build every stage
	$(BIN)/newsclean check

eval: $(STAMP)  ## the seed scores (longer evaluations: see README)
	$(BIN)/newsclean process raw $(WORK)/seeds -q --force; test $$? -le 3
	$(BIN)/python $(SHARED)/tools/score_seeds.py $(WORK)/seeds/articles.jsonl || true

# Each area keeps its own targets (eval-repair, train-ner, bench ...) in mk/<area>.mk.
-include mk/*.mk

clean:  ## remove the virtualenv and work directories
	rm -rf $(VENV) $(WORK) *.egg-info
