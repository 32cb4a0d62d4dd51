# lagebild — two commands: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SEEDS ?= ../shared/seeds
DATA ?= ../shared/data
OUT ?= out/demo

.PHONY: demo test install dev bench train-ner clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

dev: $(VENV)/.dev-installed

demo: install
	$(BIN)/lagebild demo --seeds $(SEEDS) --out $(OUT)

test: dev
	$(BIN)/python -m pytest -q

bench: dev
	$(BIN)/python bench/run_all.py --data $(DATA)

train-ner: dev
	$(BIN)/python -m lagebild.stages.ner_train --data $(DATA) --out src/lagebild/models/de_ner

clean:
	rm -rf $(VENV) out .pytest_cache
