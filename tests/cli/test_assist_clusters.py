"""``mutualscope assist clusters``: uncoded passages in groups, named, with examples,
as a table, JSON and CSV, with the packaged model; bad --k is refused."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

FIXTURE = Path(__file__).parents[1] / "fixtures" / "assist" / "risk-interview.txt"
NURSE = "Since the spin-out we were allowed to try new things without fear of blame 🙂."
QUESTION = "What changed after the spin-out?"


def test_assist_cli_clusters_groups_uncoded_turns(cli: Callable[..., Result]) -> None:
    assert cli("docs", "import", str(FIXTURE)).exit_code == 0
    cli("assist", "index")

    found = cli("assist", "clusters", "--k", "2", "--format", "json")
    table = cli("assist", "clusters", "--k", "2")
    rows = list(csv.DictReader(io.StringIO(cli("assist", "clusters", "--k", "3",
                                               "--format", "csv").stdout)))  # fmt: skip

    assert found.exit_code == 0, found.output
    groups = json.loads(found.stdout)
    assert [g["number"] for g in groups] == [1, 2]
    assert sum(g["size"] for g in groups) == 6  # the interviewer's question left out
    examples = [e for g in groups for e in g["examples"]]
    assert all(e["document"] == "risk-interview.txt" for e in examples)
    assert NURSE in {e["match"] for e in examples}
    assert QUESTION not in {e["match"] for e in examples}
    assert next(e for e in examples if e["match"] == NURSE)["speaker"] == "Nurse"
    assert table.output.startswith("6 of 7 passages not coded, in 2 groups:")
    assert "risk-interview.txt" in table.output and "(Nurse)" in table.output
    assert {r["cluster"] for r in rows} == {"1", "2", "3"}
    assert set(rows[0]) == {"cluster", "size", "name", "example"}
    asked = json.loads(cli("assist", "clusters", "--k", "2", "--questions",
                           "--format", "json").stdout)  # fmt: skip
    assert sum(g["size"] for g in asked) == 7


def test_assist_cli_clusters_refuses_a_bad_k(cli: Callable[..., Result]) -> None:
    assert cli("docs", "import", str(FIXTURE)).exit_code == 0
    cli("assist", "index")

    too_many = cli("assist", "clusters", "--k", "7")
    too_few = cli("assist", "clusters", "--k", "1")

    assert too_many.exit_code != 0 and "too few to group in 7" in too_many.output
    assert too_few.exit_code != 0 and "--k must be between 2 and 50, not 1" in too_few.output
