"""`mutualscope quotes`."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from sqlalchemy.orm import Session
from tests.coding_world import build_world, ok

Cli = Callable[..., Result]


def test_quotes_formats_filters_and_styles(cli: Cli, session: Session) -> None:
    build_world(session)
    quotes = json.loads(
        ok(cli("quotes", "Funding sources", "--subcodes", "--role", "CEO", "--format", "json"))
    )
    assert {q["attribution"] for q in quotes} == {"(CEO, case 3)"}
    md = ok(cli("quotes", "Austerity", "--coder", "ana", "--format", "md"))
    assert "(Commissioner)" in md and "case3-commissioner.txt" in md
    styled = ok(cli("quotes", "Funding sources/Surplus", "--coder", "ana", "--style", "of"))
    assert "(CEO of case 3)" in styled
    big = json.loads(
        ok(cli("quotes", "Austerity", "--where", "org.employees_min>=1000", "--format", "json"))
    )
    assert len(big) == 2
    header = ok(cli("quotes", "Austerity", "--format", "csv")).splitlines()[0]
    assert header.startswith("coding_id,code,text,attribution,role")


def test_quotes_refusals(cli: Cli, session: Session) -> None:
    build_world(session)
    result = cli("quotes", "Austerity", "--where", "employees>1000")
    assert result.exit_code == 1 and "org.FIELD" in result.output
    result = cli("quotes", "Nope")
    assert result.exit_code == 1 and "No code" in result.output


def test_quotes_out_writes_passages_attributed_as_reports(
    cli: Cli, session: Session, tmp_path: Path
) -> None:
    import docx
    import openpyxl

    build_world(session)
    out = tmp_path / "surplus.xlsx"
    said = ok(cli("quotes", "Funding sources", "--subcodes", "--format", "xlsx", "--out", str(out)))
    assert "surplus.xlsx (3 quotes)" in said
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    rows = [[c.value for c in row] for row in sheet.iter_rows(values_only=False)]
    surplus = next(r for r in rows if r[0] == "We used the surplus to pay for the pilot.")
    # Two coders' codings of the same words are one row.
    assert surplus[1:4] == ["(CEO of case 3)", "Funding sources/Surplus", "ana; ben"]
    word = tmp_path / "austerity.docx"
    ok(cli("quotes", "Austerity", "--format", "docx", "--out", str(word), "--style", "comma"))
    texts = [p.text for p in docx.Document(str(word)).paragraphs]
    assert "\u201cAusterity means savings come first\u201d (Commissioner)" in texts
    result = cli("quotes", "Austerity", "--format", "docx")
    assert result.exit_code == 2 and "--out FILE" in result.output


def test_matrix_out_with_totals(cli: Cli, session: Session, tmp_path: Path) -> None:
    build_world(session)
    out = tmp_path / "matrix.csv"
    ok(cli("matrix", "--cols", "case", "--format", "csv", "--out", str(out)))
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == ["code", "Case 3", "Case 4", "Total"]
    assert ["Austerity", "2", "0", "2"] in rows
    assert rows[-1] == ["Total", "6", "2", "8"]
