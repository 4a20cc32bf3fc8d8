"""The coding commands end to end: codes, codings, memos, quotes, matrix, agreement."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from sqlalchemy.orm import Session
from tests.coding_world import build_world

Cli = Callable[..., Result]


def ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.output


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
    assert result.exit_code == 1 and "part 2 is empty" in result.output
    ok(cli("codes", "add", "A/B"))
    result = cli("codes", "move", "A", "--under", "A/B")
    assert result.exit_code == 1 and "cycle" in result.output
    assert cli("codes", "merge", "A", "Nope").exit_code == 1


def test_codings_quotes_and_memos(cli: Cli, session: Session) -> None:
    build_world(session)
    ok(
        cli(
            "codings",
            "add",
            "case3-ceo.txt",
            "--code",
            "Austerity",
            "--match",
            "helped a lot",
            "--coder",
            "cara",
            "--memo",
            "Relief?",
        )
    )
    result = cli(
        "codings", "add", "case3-ceo.txt", "--code", "Austerity", "--match", "commissioners"
    )
    assert result.exit_code == 1 and "ambiguous" in result.output
    result = cli(
        "codings", "add", "case3-ceo.txt", "--code", "Austerity", "--start", "9", "--end", "3"
    )
    assert result.exit_code == 1 and "before start" in result.output
    page = json.loads(
        ok(cli("codings", "list", "--limit", "2", "--offset", "1", "--format", "json"))
    )
    assert len(page) == 2
    rows = json.loads(ok(cli("codings", "list", "--coder", "cara", "--format", "json")))
    assert [r["text"] for r in rows] == ["helped a lot"]
    quotes = json.loads(
        ok(cli("quotes", "Funding sources", "--subcodes", "--role", "CEO", "--format", "json"))
    )
    assert {q["attribution"] for q in quotes} == {"(CEO, case 3)"}
    md = ok(cli("quotes", "Austerity", "--coder", "ana", "--format", "md"))
    assert "(Commissioner)" in md
    assert "(CEO of case 3)" in ok(cli("quotes", "Austerity", "--coder", "cara", "--style", "of"))
    big = json.loads(
        ok(cli("quotes", "Austerity", "--where", "org.employees_min>=1000", "--format", "json"))
    )
    assert len(big) == 3
    ok(cli("memos", "add", "Check the date", "--doc", "case3-ceo.txt"))
    memos = json.loads(ok(cli("memos", "list", "--format", "json")))
    assert [m["on"] for m in memos] == ["coding", "document"]
    ok(cli("codings", "remove", str(rows[0]["coding_id"])))
    assert cli("codings", "remove", "99999").exit_code == 1


def test_codings_export_formats(cli: Cli, session: Session, tmp_path: Path) -> None:
    build_world(session)
    text = ok(cli("codings", "export", "--format", "csv"))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 8 and "org_size_band" in rows[0]
    data = json.loads(ok(cli("codings", "export", "--format", "json", "--code", "Austerity")))
    assert {r["attribution"] for r in data} == {"(Commissioner)"}
    out = tmp_path / "codings.xlsx"
    ok(cli("codings", "export", "--format", "xlsx", "--out", str(out)))
    assert out.stat().st_size > 0
    assert cli("codings", "export", "--format", "xlsx").exit_code == 2


def test_matrix_and_cooccurrence(cli: Cli, session: Session) -> None:
    build_world(session)
    table = ok(cli("matrix", "--cols", "role"))
    assert table.splitlines()[0].split() == ["code", "CEO", "Commissioner", "Nurse"]
    cells = json.loads(ok(cli("matrix", "--cols", "case", "--rollup", "--format", "json")))
    funding = next(c for c in cells if c["row"] == "Funding sources" and c["column"] == "Case 3")
    assert funding["value"] == 4
    quotes = json.loads(
        ok(
            cli(
                "matrix",
                "--cols",
                "role",
                "--cell",
                "Austerity",
                "commissioner",
                "--format",
                "json",
            )
        )
    )
    assert len(quotes) == 2
    text = ok(cli("cooccurrence", "--scope", "document", "--format", "csv"))
    assert text.startswith("row,column,row_dimension,column_dimension,measure,value")
    assert cli("matrix", "--cols", "colour").exit_code == 1


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_agreement_formats(cli: Cli, session: Session, fmt: str) -> None:
    build_world(session)
    output = ok(cli("agreement", "--coders", "ana", "ben", "--format", fmt))
    if fmt == "json":
        report = json.loads(output)
        assert report["coders"] == ["ana", "ben"] and report["unit"] == "character"
        assert "characters" in report["compared"]
        assert report["pooled"]["kappa"] is not None
    elif fmt == "csv":
        assert output.splitlines()[-1].startswith("(pooled),")
    else:
        assert "Units: characters" in output and "(pooled)" in output


def test_agreement_refusals(cli: Cli, session: Session) -> None:
    build_world(session)
    result = cli("agreement", "--coders", "ana")
    assert result.exit_code == 1 and "two different coders" in result.output
    assert cli("agreement", "--coders", "ana", "zed").exit_code == 1
