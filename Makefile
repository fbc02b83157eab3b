# Every target works from a fresh clone with only Python 3.11, make and npm on the machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup generate test check lint types docs bench clean

NODE_STAMP := tests/contract/node_modules/.installed

CHROMIUM := /usr/bin/chromium

setup: $(STAMP) $(NODE_STAMP) $(CHROMIUM)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Prism, the mock server of the contract tests (tests/contract); node_modules is git-ignored.
$(NODE_STAMP): tests/contract/package-lock.json
	cd tests/contract && npm ci --no-audit --no-fund
	touch $@

# The browser tests (tests/docs) drive Debian's Chromium through Playwright, which is never let
# download a browser of its own. Needs root, as `make setup` has here; a no-op once installed.
$(CHROMIUM):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium

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

# The docs site as a user publishes it: pages and mkdocs.yml from `oapigen docs`, then MkDocs
# Material (build/ is git-ignored; open build/docs/site/index.html).
docs: setup
	rm -rf build/docs
	$(BIN)/oapigen docs --out build/docs/pages --mkdocs
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict -f build/docs/mkdocs.yml

# Peers and their dependencies stay out of the dev install; BENCH_ARGS="--reps 3" and so on.
bench: setup
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache
