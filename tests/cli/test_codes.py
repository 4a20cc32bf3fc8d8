"""`mutualscope codes`: the codebook from the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from sqlalchemy.orm import Session
from tests.coding_world import build_world, ok

Cli = Callable[..., Result]


def test_codes_commands(cli: Cli, tmp_path: Path) -> None:
    ok(
        cli(
            "codes",
            "add",
            "Funding sources/Surplus",
            "--definition",
            "Reinvested",
            "--colour",
            "#123",
        )
    )
    assert "Funding sources  [0]\n  Surplus  [0]" in ok(cli("codes", "tree"))
    ok(cli("codes", "rename", "Funding sources/Surplus", "Surplus reinvested"))
    ok(cli("codes", "add", "Barriers"))
    ok(cli("codes", "move", "Funding sources", "--under", "Barriers"))
    rows = json.loads(ok(cli("codes", "list", "--format", "json")))
    assert [r["path"] for r in rows] == [
        "Barriers",
        "Barriers/Funding sources",
        "Barriers/Funding sources/Surplus reinvested",
    ]
    assert rows[2]["colour"] == "#112233"
    out = tmp_path / "book.csv"
    ok(cli("codes", "export", "--format", "csv", "--out", str(out)))
    assert out.read_text().startswith("path,definition,colour\n")
    ok(cli("codes", "delete", "Barriers"))
    assert "empty" in ok(cli("codes", "tree"))
    assert "1 added" not in ok(cli("codes", "import", str(out)))
    assert "seed" in ok(cli("codes", "preset"))
    assert "added" in ok(cli("codes", "preset", "seed"))


def test_codes_bad_input_exits_non_zero(cli: Cli) -> None:
    result = cli("codes", "add", "Funding//Surplus")
    assert result.exit_code == 1 and "has an empty level (level 2)" in result.output
    ok(cli("codes", "add", "A/B"))
    result = cli("codes", "move", "A", "--under", "A/B")
    assert result.exit_code == 1 and "cycle" in result.output
    assert cli("codes", "merge", "A", "Nope").exit_code == 1


def test_a_slash_inside_a_name_is_written_escaped_everywhere(cli: Cli, session: Session) -> None:
    build_world(session)
    ok(cli("codes", "add", "Staff\\/member voice/Pay and rewards", "--colour", "#1b9e77"))
    rows = json.loads(ok(cli("codes", "list", "--format", "json")))
    by_path = {row["path"]: row for row in rows}
    assert by_path["Staff\\/member voice"]["name"] == "Staff/member voice"
    assert by_path["Staff\\/member voice/Pay and rewards"]["depth"] == 1
    match = "the staff council meets monthly"
    for code in ("Staff\\/member voice", "staff\\/MEMBER voice/pay and rewards"):
        ok(cli("codings", "add", "case4-nurse.txt", "--code", code, "--match", match))
    exported = json.loads(ok(cli("codings", "export", "--format", "json")))
    mine = {row["code"]: row for row in exported if row["text"] == match}
    assert set(mine) >= {"Staff\\/member voice", "Staff\\/member voice/Pay and rewards"}
    assert mine["Staff\\/member voice/Pay and rewards"]["top_code"] == "Staff\\/member voice"
    quotes = json.loads(ok(cli("quotes", "Staff\\/member voice", "--subcodes", "--format", "json")))
    assert [q["text"] for q in quotes] == [match, match]
    ok(cli("codes", "rename", "Staff\\/member voice", "Staff\\/member say"))
    # The tree shows names as they are, not as paths write them.
    assert "Staff/member say  [1 (2 with sub-codes)]" in ok(cli("codes", "tree"))
    result = cli("codes", "rename", "Staff\\/member say", "Staff/Member")
    assert result.exit_code == 1
    assert "write a '/' inside a name as '\\/', or use `codes move`" in result.output
