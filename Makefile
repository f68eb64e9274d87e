# Tacitus set-up and everyday targets. `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench bench-scale eval eval-plover train train-accurate train-silver clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,accurate]'
	touch $(STAMP)

demo: $(STAMP)  ## code the bundled demo corpus into demo.duckdb and print a summary
	$(BIN)/tacitus demo --db demo.duckdb
	@echo "Browse it: $(BIN)/tacitus serve --db demo.duckdb   (dashboard at http://localhost:8000/)"

test: $(STAMP)  ## lint and run the test suite
	$(BIN)/ruff check src tests scripts
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts

bench: $(STAMP)  ## Tacitus vs bare spaCy words/s on State Department press releases
	$(BIN)/tacitus bench --corpus $(SHARED)/corpus/state_dept_press_releases/articles.jsonl --limit 300 \
		$(if $(CODER),--coder $(CODER))

# LIMIT=200 for a quick run on an evenly spaced sample; OUTPUT=parquet: Dask workers write Parquet
bench-scale: $(STAMP)  ## Dask with 1 and 2 workers against --workers 2 on all of ../shared/corpus
	$(BIN)/tacitus bench-scale --corpus $(SHARED)/corpus $(if $(LIMIT),--limit $(LIMIT)) \
		$(if $(OUTPUT),--output $(OUTPUT))

eval: $(STAMP)  ## accuracy on annotated real news (dev set), the figure that counts
	$(BIN)/tacitus eval $(SHARED)/annotated/dev.jsonl --report eval-report.md

eval-plover: $(STAMP)  ## second view: the 322-sentence PLOVER development set
	$(BIN)/tacitus eval $(SHARED)/eval/plover_gsr.jsonl --report eval-plover-report.md

train: $(STAMP)  ## retrain the learned coder (src/tacitus/data/coder) from annotated train.jsonl
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[train]'
	$(BIN)/python -m tacitus.train_news --annotated $(SHARED)/annotated/train.jsonl \
		--corpus $(SHARED)/corpus

train-accurate: $(STAMP)  ## the slower, more accurate coder (a fine-tuned MiniLM tagger; --coder accurate)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[train,accurate]'
	$(BIN)/python -m tacitus.train_news --annotated $(SHARED)/annotated/train.jsonl \
		--corpus $(SHARED)/corpus --taggers 3 --joint --out src/tacitus/data/coder-accurate

train-silver: $(STAMP)  ## retrain the older silver-label layer (src/tacitus/data/model)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[train]'
	$(BIN)/python -m tacitus.train --corpus $(SHARED)/corpus

clean:
	rm -rf $(VENV) demo.duckdb eval-report.md eval-plover-report.md .pytest_cache .ruff_cache
