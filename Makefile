# setsquare — every target creates the environment it needs; nothing downloads a Python.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= $(shell scripts/find-python)
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON_PREFERENCE := only-system
export UV_CACHE_DIR ?= $(CURDIR)/.cache/uv
export PYTHONDONTWRITEBYTECODE := 1
# The venv's tools (uv, ruff, basedpyright, copier, hadolint) come first for every recipe,
# rendered projects' Makefiles included.
export PATH := $(CURDIR)/$(BIN):$(PATH)
DEMO_PYTHON ?= $(shell scripts/find-python 3.13 2>/dev/null || scripts/find-python 3.12)

.PHONY: env dist demo test test-fast test-matrix lint format typecheck check bench release clean

# The venv, and the tag of every release recorded in releases.toml (tags do not travel
# with a clone: this makes a plain `copier copy` of this checkout record a release).
env: $(VENV)/.synced
	@$(BIN)/python scripts/release.py tag

$(VENV)/.synced: pyproject.toml uv.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"
	$(BIN)/uv sync --frozen --python $(BIN)/python
	@touch $@

# setsquare's sdist and wheel. Rendered projects have setsquare as a dev dependency and
# this machine's index has no setsquare: demo and the tests hand uv this directory
# (UV_FIND_LINKS, given relative so no lock file names a path of this machine).
dist: env
	rm -rf dist
	$(BIN)/uv build --quiet --out-dir dist

# ./demo is kept out of git through .git/info/exclude, not .gitignore: tools in the demo
# (ruff, deptry) honour parent .gitignore files and would skip the demo's own files.
demo: dist  ## render a project with the built-in defaults into ./demo and run its gates
	rm -rf demo
	@exclude="$$(git rev-parse --git-path info/exclude)"; mkdir -p "$$(dirname "$$exclude")"; \
	grep -qxF /demo/ "$$exclude" 2>/dev/null || echo /demo/ >> "$$exclude"
	UV_FIND_LINKS=../dist UV_PYTHON=$(DEMO_PYTHON) $(BIN)/setsquare init demo --defaults --python $(patsubst python%,%,$(notdir $(DEMO_PYTHON)))
	UV_FIND_LINKS=../dist UV_PYTHON=$(DEMO_PYTHON) $(MAKE) -C demo check
	@echo "demo: rendered and gated project in ./demo:" && find demo -path demo/.venv -prune -o -type f -not -path '*/.git/*' -not -path '*cache*' -print | sort

test: dist  ## the whole suite: unit, integration (its own canon: layers, dependencies), the built wheel, rendered-template gates
	@rc=0; SETSQUARE_DIST=$(CURDIR)/dist $(BIN)/pytest -n 2 --cov --cov-report=term-missing tests || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; exit $$rc

test-fast: env  ## unit and integration tests only
	@rc=0; $(BIN)/pytest -m "not template" tests || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test-fast: pytest collected no tests" >&2; exit 1; fi; exit $$rc

test-matrix: dist  ## render and gate every combination of the template's options (long; prints a table)
	@if [ -z "$${SETSQUARE_TEST_POSTGRES_URL:-}" ] || [ -z "$${SETSQUARE_TEST_REDIS_URL:-}" ]; then \
		eval "$$(.ci/services start)"; fi; \
	SETSQUARE_DIST=$(CURDIR)/dist $(BIN)/python -m tests.template.matrix --jobs $${MATRIX_JOBS:-2} $${MATRIX_ONLY:+--only $$MATRIX_ONLY}

lint: env
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/ruff check src tests bench scripts

format: env
	$(BIN)/ruff format src tests bench scripts
	$(BIN)/ruff check --fix src tests bench scripts

typecheck: env
	$(BIN)/basedpyright

check: lint typecheck  ## setsquare's own code against its own canon, its layers and dependencies
	$(BIN)/lint-imports --no-logo
	$(BIN)/deptry src

release: env  ## cut release $(VERSION): bump every version, record it in releases.toml, commit, tag
	@test -n "$(VERSION)" || { echo "usage: make release VERSION=X.Y.Z" >&2; exit 2; }
	$(BIN)/python scripts/release.py cut $(VERSION)

bench: env  ## speed of setsquare check, init, update and conform against the raw tools
	$(BIN)/python -m bench.check_speed
	$(BIN)/python -m bench.project_speed

clean:
	rm -rf $(VENV) .cache demo .pytest_cache .ruff_cache .coverage build dist
