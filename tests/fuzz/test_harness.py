"""The fuzzing harness: a bounded run of it, and the judge it relies on.

The bounded run is what CI affords: about a minute of cases, from a fixed seed, on
SQLite. It runs once per CI build, not again in the PostgreSQL pass: the readers it
exercises are the same on both backends (they run before anything is written, and the
limits are one set), so a second pass would double the time to find nothing new, and
what differs on PostgreSQL (what a column holds) is tested on both backends in
tests/services/test_organisation_imports.py. ``make fuzz`` runs for as long as asked,
on either backend (FUZZ_BACKEND=postgresql).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from tests.fuzz.harness import fuzz, judge, make_case
from tests.fuzz.process import Run
from tests.fuzz.project import SqliteWorkspace, fingerprint
from tests.fuzz.seeds import importers, write_seeds

CI_SEED = 20261202
CI_SECONDS = float(os.environ.get("FUZZ_CI_SECONDS", "60"))


def test_fuzzing_every_importer_finds_no_traceback_runaway_or_changed_project(
    backend: str, tmp_path: Path
) -> None:
    if backend != "sqlite":
        pytest.skip("the bounded fuzzing run is made once per CI build, on SQLite")
    summary = fuzz(
        seed=CI_SEED,
        seconds=CI_SECONDS,
        workdir=tmp_path / "work",
        failures=tmp_path / "failures",
        say=False,
    )
    failed = [f"case {c.number} ({c.importer}, {c.mutations}): {c.reason}" for c in summary.failed]
    assert failed == [], f"inputs saved in {tmp_path / 'failures'}"
    assert len(summary.cases) >= 5
    assert {c.outcome for c in summary.cases} <= {"accepted", "refused"}


def _run(returncode: int, stderr: str, **changes: float) -> Run:
    values = {"seconds": 1.0, "peak_rss_mb": 100.0}
    values.update(changes)
    return Run(
        ("orgs", "import", "x.csv"),
        returncode,
        "",
        stderr,
        values["seconds"],
        values["peak_rss_mb"],
        values["seconds"] >= 60,
    )


@pytest.fixture
def space(tmp_path: Path) -> SqliteWorkspace:
    template = tmp_path / "template.db"
    with sqlite3.connect(template) as conn:
        conn.execute("CREATE TABLE organisation (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO organisation (name) VALUES ('Fenmarsh Health CIC')")
    space = SqliteWorkspace(str(tmp_path / "project.db"), fingerprint(str(template)), template)
    space.reset()
    return space


def test_judge_accepts_a_one_line_refusal_that_changed_nothing(
    space: SqliteWorkspace, tmp_path: Path
) -> None:
    orgs = importers(tmp_path)[0]
    refusal = "Error: x.csv: 2 rows with problems; nothing was imported.\n  row 2, ...\n"
    assert judge(orgs, _run(1, refusal), space) == ("refused", "")


@pytest.mark.parametrize(
    ("run", "reason"),
    [
        (
            _run(1, 'Traceback (most recent call last):\n  File "x"\nzlib.error: -3\n'),
            "a traceback",
        ),
        (_run(1, "Error: a\nError: b\n"), "more than one Error: line"),
        (_run(1, "Error: " + "x" * 3000 + "\n"), "a refusal of 3,007 characters"),
        (_run(1, "Something went wrong\n"), "exit 1 without an Error: line"),
        (_run(2, "Usage: mutualscope ...\n"), "exit code 2"),
        (_run(-9, ""), "killed by signal 9"),
        (_run(1, "Error: x\n", seconds=60.2), "no answer within 60 s"),
        (_run(1, "Error: x\n", peak_rss_mb=1500), "peak RSS 1500 MB"),
        (
            _run(0, "/x/openpyxl/reader.py:12: UserWarning: Unknown extension\n"),
            "a Python warning in the output",
        ),
        (_run(1, "Error: x\nWarning: odd\n"), "unexpected output: 'Warning: odd'"),
    ],
)
def test_judge_fails_what_a_user_should_never_see(
    space: SqliteWorkspace, tmp_path: Path, run: Run, reason: str
) -> None:
    orgs = importers(tmp_path)[0]
    assert judge(orgs, run, space) == ("FAILED", reason)


def test_judge_fails_a_refusal_that_changed_the_project(
    space: SqliteWorkspace, tmp_path: Path
) -> None:
    with sqlite3.connect(space.url) as conn:
        conn.execute("UPDATE organisation SET name = 'Fenmarsh Health'")
    orgs = importers(tmp_path)[0]
    assert judge(orgs, _run(1, "Error: x\n"), space) == (
        "FAILED",
        "refused, but the project changed",
    )


def test_a_case_is_made_again_exactly_from_its_seed_and_number(tmp_path: Path) -> None:
    write_seeds(tmp_path / "seeds")
    choices = importers(tmp_path / "seeds")
    made = []
    for folder in (tmp_path / "a", tmp_path / "b"):
        folder.mkdir()
        case, path = make_case(7, 31, choices, folder)
        made.append((case.importer, case.seed_file, case.mutations, path.read_bytes()))
    assert made[0] == made[1]
    other, path = make_case(7, 32, choices, tmp_path / "a")
    assert (other.mutations, path.read_bytes()) != made[0][2:]
