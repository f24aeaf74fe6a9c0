# One command to set up and run the main job, one to run the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= sqlite:///archive.db

.PHONY: demo install test lint unit clean

demo: install  ## set up, crawl the bundled fixtures into ./archive.db, show the summary and a record
	$(BIN)/fanwen crawl --db $(DB)
	$(BIN)/fanwen export --db $(DB) --format jsonl | head -n 1

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

lint: install
	$(BIN)/ruff check crawler storage tests
	$(BIN)/mypy

unit: install
	$(BIN)/pytest -m "not slow"

test: lint  ## ruff, mypy, then the whole pytest suite
	$(BIN)/pytest

clean:
	rm -rf $(VENV) archive.db archive.db-wal archive.db-shm .pytest_cache .mypy_cache .ruff_cache

.PHONY: fuzz

fuzz: install  ## the fuzz tests with 50x the suite's examples (some 15 minutes)
	FANWEN_FUZZ_PROFILE=fuzz-long $(BIN)/pytest --timeout=0 tests/test_fuzz_parsing.py

.PHONY: bench bench-smoke

bench: install  ## crawl benchmark, N = 1k/5k/20k, 3 rounds: bench-results/bench.json, profile.txt
	$(BIN)/python bench/run_bench.py

bench-smoke: install  ## the same at N = 200, one round, any server (about 30 s)
	$(BIN)/python bench/run_bench.py --smoke
