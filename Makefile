# lagebild — two commands: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SEEDS ?= ../shared/seeds
DATA ?= ../shared/data
OUT ?= out/demo

.PHONY: demo test install dev browser bench train-ner clean

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

# Headless Chromium for the browser tests (Debian package; tests skip with a reason without it).
browser:
	@command -v chromium >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) ; } || \
	  echo "note: chromium not installed; browser tests will be skipped"

test: dev browser
	$(BIN)/python -m pytest -q

bench: dev
	$(BIN)/python bench/run_all.py --data $(DATA)

# Every `lagebild eval` on the shared data (dev splits are documented in docs/BENCHMARKS.md).
eval: install
	$(BIN)/python bench/run_all.py --data $(DATA) --evals-only

train-ner: dev
	$(BIN)/python -m lagebild.stages.ner_train --data $(DATA) --out src/lagebild/models/de_ner

clean:
	rm -rf $(VENV) out .pytest_cache
