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
    assert out.read_text().startswith("path,description,colour\n")
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


FIXTURES = Path(__file__).parents[1] / "fixtures" / "codebooks"


def test_codes_import_taguette_export_says_what_it_read(cli: Cli) -> None:
    taguette = str(FIXTURES / "taguette-1.5-codebook.csv")
    output = ok(cli("codes", "import", taguette, "--dry-run"))
    assert "6 code names hold '.': if '.' separates levels in this file, import it with " in output
    assert output.endswith("nothing was changed.\n")
    assert "empty" in ok(cli("codes", "tree"))
    output = ok(cli("codes", "import", taguette, "--separator", "."))
    assert output == (
        "Read the columns tag (code paths), description (definitions).\n"
        "Left the columns number of highlights, number of documents (not part of a codebook).\n"
        f"Imported {taguette}: 9 added, 0 updated, 0 unchanged.\n"
    )
    assert "  funding  [0]\n    surplus  [0]" in ok(cli("codes", "tree"))
    dotted = ok(cli("codes", "export", "--format", "csv", "--separator", "."))
    assert "enablers.staff/member voice,Staff and members speaking up 🗣️,\n" in dotted
    slashed = ok(cli("codes", "export", "--format", "csv"))
    assert "enablers/staff\\/member voice,Staff and members speaking up 🗣️,\n" in slashed


def test_codes_import_refuses_a_bad_file_and_changes_nothing(cli: Cli, tmp_path: Path) -> None:
    ok(cli("codes", "add", "Funding"))
    path = tmp_path / "book.csv"
    path.write_text("tag,description\r\nNew,\r\nA//B,\r\n")
    result = cli("codes", "import", str(path))
    assert result.exit_code == 1
    assert (
        f"{path}: row 3: the code path 'A//B' has an empty level (level 2); remove the "
        "doubled '/', or write a '/' inside a name as '\\/'." in result.output
    )
    assert [r["path"] for r in json.loads(ok(cli("codes", "list", "--format", "json")))] == [
        "Funding"
    ]
    result = cli("codes", "export", "--format", "yaml", "--separator", ".")
    assert result.exit_code == 2 and "--separator applies to --format csv only" in result.output
