# The two commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
CORE_STAMP := $(VENV)/.core-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
PG_URL ?= $(MUTUALSCOPE_TEST_PG)
PY_DIRS := $(wildcard src tests bench)

.PHONY: demo test install system-deps lint typecheck pytest pytest-pg docs clean bench load-test \
	crash-trials fuzz

# The tests need every extra (recordings, protection, assist); the demo needs only the core.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,protection,recordings,assist]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

$(CORE_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	rm -f $(VENV)/.core-* && touch $(CORE_STAMP)

install: $(STAMP)

## make demo: set up, build the demo project in ./demo and run the main job on it.
demo: $(CORE_STAMP)
	$(BIN)/mutualscope demo --out demo $(DEMO_ARGS)

## make test: install what the tests need, then lint, type-check and run the suite
## on SQLite, and again on PostgreSQL when MUTUALSCOPE_TEST_PG names a server.
test: system-deps $(STAMP) lint typecheck pytest pytest-pg

system-deps:
	bash scripts/system-deps.sh

lint: $(STAMP)
	$(BIN)/ruff format --check $(PY_DIRS)
	$(BIN)/ruff check $(PY_DIRS)

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	env -u MUTUALSCOPE_TEST_PG $(BIN)/pytest -p no:cacheprovider

pytest-pg: $(STAMP)
	@if [ -n "$(PG_URL)" ]; then \
		echo "== the suite again on PostgreSQL"; \
		MUTUALSCOPE_TEST_PG="$(PG_URL)" $(BIN)/pytest -p no:cacheprovider; \
	else \
		echo "MUTUALSCOPE_TEST_PG is not set: skipping the PostgreSQL run"; \
	fi

docs: $(STAMP)
	$(BIN)/python -m mutualscope.cli.reference > docs/cli.md

## make bench [SCALE=small|medium|large]: every benchmark, and Taguette side by side at
## medium and large; writes bench/results.json and prints the table (docs/benchmarks.md).
SCALE ?= medium
bench: $(STAMP)
	$(BIN)/python -m bench.harness --scale $(SCALE)

## make load-test [LOAD_SECONDS=60 LOAD_CLIENTS=20]: coders writing through `serve` while
## imports, backups and other commands run beside it, on SQLite and (when PG_URL names a
## server) PostgreSQL; every acknowledged write is checked (docs/reliability.md).
LOAD_SECONDS ?= 60
LOAD_CLIENTS ?= 20
load-test: $(STAMP)
	$(BIN)/python -m bench.mixed_writers --seconds $(LOAD_SECONDS) --clients $(LOAD_CLIENTS) \
		--json bench/results/load-sqlite.json
	@if [ -n "$(PG_URL)" ]; then \
		$(BIN)/python -m bench.mixed_writers --seconds $(LOAD_SECONDS) \
			--clients $(LOAD_CLIENTS) --db "$(PG_URL)" --new-database \
			--json bench/results/load-postgresql.json; \
	fi

## make crash-trials [CRASH_TRIALS=104]: kill -9 `docs import`, `orgs import`, `refi import`
## and the server during coding at random moments, on SQLite and (when PG_URL names a
## server) PostgreSQL, and check each project; the table goes into docs/reliability.md.
CRASH_TRIALS ?= 104
crash-trials: $(STAMP)
	$(BIN)/python -m bench.crash_trials --trials $(CRASH_TRIALS) --write-docs docs/reliability.md \
		$(if $(PG_URL),--pg "$(PG_URL)",)

## make fuzz [FUZZ_SECONDS=1800] [FUZZ_SEED=1] [FUZZ_BACKEND=sqlite|postgresql]: damaged real
## files through every importer's command, each checked for a one-line answer within 60 s
## and 1 GB and an intact project; failing inputs go to test-artifacts/fuzz-failures/
## (docs/reliability.md). The test suite runs one minute of it, on SQLite.
FUZZ_SECONDS ?= 1800
FUZZ_SEED ?= 1
FUZZ_BACKEND ?= sqlite
fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzz.harness --seconds $(FUZZ_SECONDS) --seed $(FUZZ_SEED) \
		--backend $(FUZZ_BACKEND) $(if $(PG_URL),--pg "$(PG_URL)",) \
		--failures test-artifacts/fuzz-failures

clean:
	rm -rf $(VENV) demo .pytest_cache .mypy_cache .ruff_cache
