"""The crash trials' quick subset: kill -9 each kind of import and the server during
coding a few times, on this run's backend (PostgreSQL when MUTUALSCOPE_TEST_PG is set).
The full run is `make crash-trials` (bench/crash_trials.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import pg_server_url
from tests.reliability.databases import TrialDatabases
from tests.reliability.inputs import SCALES, build_inputs
from tests.reliability.trials import CrashTrials

#: Seeds per kind. `docs import` also has its own kill -9, SIGTERM and Ctrl-C trials in
#: tests/cli/test_docs.py; a server trial starts the server twice, so it runs once here.
SUBSET = [
    ("docs-import", 1),
    ("orgs-import", 1),
    ("orgs-import", 2),
    ("refi-import", 1),
    ("refi-import", 2),
    ("serve-coding", 1),
]


@pytest.fixture(scope="module")
def crash_trials(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[CrashTrials]:
    workdir = tmp_path_factory.mktemp("crash-trials")
    inputs = build_inputs(workdir / "inputs", SCALES["ci"])
    databases = TrialDatabases(backend, workdir, pg_server_url())
    try:
        yield CrashTrials(databases, inputs)
    finally:
        databases.close()


@pytest.mark.parametrize(("kind", "seed"), SUBSET)
def test_crash_trial_kill_9_leaves_a_consistent_project(
    crash_trials: CrashTrials, kind: str, seed: int
) -> None:
    result = crash_trials.run(kind, seed)
    assert result.problems == [], result.reproduce()
    if kind == "serve-coding":
        assert result.acknowledged > 0, "no coding was acknowledged before the kill"
