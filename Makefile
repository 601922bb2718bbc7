# Two entry points for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   ?= .venv
SEEDS  ?= ../shared/seeds
HOST   ?= 127.0.0.1
PORT   ?= 8000
BIN     = $(VENV)/bin

.PHONY: setup run test ingest serve neo4j-build browser-deps clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Ingest the seeds (or SEEDS=folder) into the embedded store, then serve the API.
run: setup
	$(BIN)/policykg ingest $(SEEDS)
	$(BIN)/policykg serve --host $(HOST) --port $(PORT)

# The whole suite, with a real Neo4j (built from Maven Central and started by the tests)
# and headless Chromium for the Neo4j Browser test.
test: setup neo4j-build browser-deps
	$(BIN)/python -m pytest

neo4j-build: setup
	$(BIN)/python -c "from graph import neo4j_local; print('neo4j launcher:', neo4j_local.build())"

browser-deps:
	@bash scripts/ensure-chromium.sh

clean:
	rm -rf $(VENV) .policykg neo4j-local/target
