# Two commands for a newcomer: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint install bench bench-env train clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

RUNTIME_STAMP := $(VENV)/.installed-runtime

# the demo needs only what a user's `pip install credscore` brings: no pytest, dask, playwright
$(RUNTIME_STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e .
	touch $(RUNTIME_STAMP)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP) $(RUNTIME_STAMP)

install: $(STAMP)

demo: $(RUNTIME_STAMP)  ## install the runtime dependencies, then score the bundled seed articles
	$(BIN)/credscore check seeds/ || test $$? -eq 1

# the code is formatted by hand (aligned continuation lines): ruff checks it, it does not reformat it
lint: $(STAMP)
	$(BIN)/ruff check credscore tests bench tools

test: $(STAMP)          ## install with dev deps, ruff, pytest
	$(BIN)/ruff check credscore tests bench tools
	$(BIN)/python -m pytest -q

bench-env: $(STAMP)     ## benchmark-only peers (slop-guard, defluff, proselint) in .venv-bench
	test -x .venv-bench/bin/python || $(PYTHON) -m venv .venv-bench
	.venv-bench/bin/python -m pip install -q -e . -r bench/requirements.txt

bench: bench-env
	.venv-bench/bin/python bench/run_all.py

clean:
	rm -rf build dist *.egg-info .pytest_cache .ruff_cache
