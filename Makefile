# reelqa: `make demo` sets everything up and answers a question; `make test` runs the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# torch must be the CPU build and must come before the project, or pip pulls a CUDA build of
# several GB. Elsewhere, add: TORCH_PIP_ARGS="--index-url https://download.pytorch.org/whl/cpu"
TORCH_PIP_ARGS ?=
QUESTION ?= who voices Jay?

.PHONY: setup demo test lint bench clean

setup: $(VENV)/.installed

# PYTHONWARNINGS: setuptools' notice on every editable install is not ours to act on.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0 $(TORCH_PIP_ARGS)
	PYTHONWARNINGS='ignore:Editable installation' $(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: setup
	$(BIN)/reelqa index build
	$(BIN)/reelqa ask "$(QUESTION)"

test: setup
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check bot index config tests benchmarks
	$(BIN)/mypy bot index config

bench: setup
	$(BIN)/python benchmarks/bench_index.py

clean:
	rm -rf $(VENV) .reelqa .pytest_cache
