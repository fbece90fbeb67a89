# The two commands a newcomer needs (README):
#   make run    set up .venv, index the corpus (../shared/corpus unless POLICYQA_CORPUS is set), open the chat
#   make test   set up .venv (+ Debian chromium for the browser tests), run the whole test suite
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export POLICYQA_CORPUS ?= $(abspath ../shared/corpus)

$(BIN)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# torch pinned to the CPU build: an unpinned torch is a multi-GB CUDA download
	$(BIN)/pip install -q "torch==2.13.0" -e ".[test]"
	touch $@

setup: $(BIN)/.installed

chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; }

run: setup
	$(BIN)/python app.py

test: setup chromium
	$(BIN)/python -m pytest

.PHONY: setup chromium run test
