# Every target works from a fresh clone with only Python 3.11, make and npm on the machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup generate test check lint types docs bench clean

NODE_STAMP := tests/contract/node_modules/.installed

setup: $(STAMP) $(NODE_STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Prism, the mock server of the contract tests (tests/contract); node_modules is git-ignored.
$(NODE_STAMP): tests/contract/package-lock.json
	cd tests/contract && npm ci --no-audit --no-fund
	touch $@

generate: setup
	$(BIN)/oapigen generate

test: setup
	$(BIN)/python -m pytest -n 2 -q

lint: setup
	$(BIN)/ruff check generator tests
	$(BIN)/black --check --quiet generator tests bench
	$(BIN)/ruff check --config bench/ruff.toml bench
	$(BIN)/lint-imports --no-cache

# mypy cannot follow setuptools' editable finder (generator/ installs as oapigen): it reads the
# package through a link named oapigen.
TYPED := $(VENV)/typed
types: setup
	mkdir -p $(TYPED) && ln -sfn $(CURDIR)/generator $(TYPED)/oapigen
	MYPYPATH=$(TYPED) $(BIN)/mypy

check: lint types
	$(BIN)/oapigen generate --check

docs: setup
	$(BIN)/mkdocs build --strict

# Peers and their dependencies stay out of the dev install; BENCH_ARGS="--reps 3" and so on.
bench: setup
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache
