# The one task runner: README, CI and people all call these targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
CATALOGS := $(wildcard locales/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)

.PHONY: install run test test-fast lint typecheck check catalogs extract-messages lock bench wheel clean

install: $(STAMP) $(COMPILED)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Locked, hash-checked dependencies (runtime + dev tools); the project itself in editable
# mode, so templates/, locales/ and content/ are read from the checkout.
$(STAMP): $(BIN)/python requirements.lock requirements-dev.lock pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

locales/%/LC_MESSAGES/messages.mo: locales/%/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/pybabel compile --statistics -i $< -o $@

catalogs: $(COMPILED)

# Canonical links follow the address served, unless NEARME_BASE_URL says otherwise.
run: install
	$(BIN)/nearme serve --host $(HOST) --port $(PORT) \
		$(if $(NEARME_BASE_URL),,--base-url http://$(HOST):$(PORT))

check: install
	$(BIN)/nearme check

# hadolint runs inside the test suite (tests/test_dockerfile.py).
test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

# The quick loop while working: no browser, no servers or subprocesses.
test-fast: install
	$(BIN)/python -m pytest -m "not browser and not slow"

# The installable tool (pipx install dist/nearme-*.whl), catalogs compiled into it.
wheel: install
	$(BIN)/python -m pip wheel --no-deps -q -w dist .

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/hadolint Dockerfile

typecheck: install
	$(BIN)/mypy

# Maintainers: after changing UI strings in templates or code.
extract-messages: install
	$(BIN)/pybabel extract -F babel.cfg --ignore-dirs='.* __pycache__ $(VENV)' -k _ -k gettext \
		--no-location --sort-output --project nearme -o locales/messages.pot .
	$(BIN)/pybabel update -i locales/messages.pot -d locales --no-fuzzy-matching

# Maintainers: after changing dependencies in pyproject.toml (needs uv).
lock:
	uv pip compile pyproject.toml --universal --python-version 3.11 \
		--generate-hashes --no-header -o requirements.lock
	uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
		--generate-hashes --no-header -o requirements-dev.lock

# Speed and memory figures for bench/RESULTS.md; never part of `make test`. Needs wrk
# (Debian package) for the serving and load benchmarks.
bench: install
	$(BIN)/python bench/bench_serve.py
	$(BIN)/python bench/bench_access_log.py
	$(BIN)/python bench/bench_connections.py
	$(BIN)/python bench/bench_load.py
	$(BIN)/python bench/bench_export.py
	$(BIN)/python bench/bench_audit.py
	$(BIN)/python bench/bench_crawl.py
	$(BIN)/python bench/bench_sitemap.py

clean:
	rm -rf $(VENV) locales/*/LC_MESSAGES/*.mo .pytest_cache .mypy_cache .ruff_cache build dist
