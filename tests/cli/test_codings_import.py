"""`mutualscope codings import`, and the tolerant matching `codings add --match` shares."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from sqlalchemy.orm import Session
from tests.coding_world import ok
from tests.codings_import_world import CEO, NURSE, build_import_world

from mutualscope.cli.codings import IMPORT_FORMATS
from mutualscope.io.codings import DIALECT_KEYS

Cli = Callable[..., Result]
FIXTURES = Path(__file__).parent.parent / "fixtures" / "codings"


def listed(cli: Cli) -> set[tuple[str, str, str]]:
    rows = json.loads(ok(cli("codings", "list", "--format", "json")))
    return {(r["document"], r["code"], r["text"]) for r in rows}


def test_codings_import_reports_what_it_did(cli: Cli, session: Session) -> None:
    build_import_world(session)
    output = ok(cli("codings", "import", str(FIXTURES / "maxqda-coded-segments.xlsx")))
    assert output.splitlines() == [
        f"{FIXTURES / 'maxqda-coded-segments.xlsx'}: read as maxqda; 5 row(s), 5 placed "
        "(3 exactly, 2 by tolerant matching).",
        "Added 5 coding(s); 0 were in the project already.",
        "Columns not read: Color, Document group, Weight score, Modified by, Modified, "
        "Created, Area, Coverage %.",
    ]
    again = ok(cli("codings", "import", str(FIXTURES / "maxqda-coded-segments.xlsx")))
    assert "Added 0 coding(s); 5 were in the project already." in again
    assert (
        "case3-ceo.txt",
        "Social value",
        'the organi-\nsation\'s "social value" grew',
    ) in listed(cli)


def test_codings_import_json_report(cli: Cli, session: Session) -> None:
    build_import_world(session)
    report = json.loads(
        ok(cli("codings", "import", str(FIXTURES / "atlasti-quotations.csv"), "--format", "json"))
    )
    assert {k: report[k] for k in ("format", "rows", "placed", "codings", "added")} == {
        "format": "atlasti",
        "rows": 3,
        "placed": 3,
        "codings": 5,
        "added": 5,
    }
    assert report["columns"]["text"] == "Quotation Content"
    assert report["ignored_columns"] == ["ID", "Quotation Name", "Created", "Density"]


def test_codings_import_dry_run_counts_the_codings_there_already(
    cli: Cli, session: Session
) -> None:
    build_import_world(session)
    path = str(FIXTURES / "maxqda-coded-segments.xlsx")
    dry = ok(cli("codings", "import", path, "--dry-run"))
    assert "Dry run: 5 would be added, 0 are in the project already; nothing changed." in dry
    ok(cli("codings", "import", path))
    again = ok(cli("codings", "import", path, "--dry-run"))
    assert "Dry run: 0 would be added, 5 are in the project already; nothing changed." in again
    report = json.loads(ok(cli("codings", "import", path, "--dry-run", "--format", "json")))
    assert {k: report[k] for k in ("codings", "added", "duplicates", "dry_run")} == {
        "codings": 5,
        "added": 0,
        "duplicates": 5,
        "dry_run": True,
    }


def test_codings_import_refuses_unplaced_rows_with_row_and_reason(
    cli: Cli, session: Session, tmp_path: Path
) -> None:
    build_import_world(session)
    path = tmp_path / "codings.csv"
    path.write_text(
        "document,code,text\n"
        "case3-ceo.txt,Austerity,We used the surplus\n"
        "commissioner.txt,Austerity,savings come first\n",
        encoding="utf-8",
    )
    result = cli("codings", "import", str(path))
    first, second = CEO.index("We used"), CEO.rindex("We used")
    assert result.exit_code == 1
    assert "1 of 2 row(s) could not be placed; nothing was imported." in result.output
    assert (
        f"row 2 (case3-ceo.txt): matches 2 places: {first}, {second}; add context or an "
        "occurrence number"
    ) in result.output
    assert listed(cli) == set()
    dry = cli("codings", "import", str(path), "--dry-run")
    assert dry.exit_code == 1 and listed(cli) == set()
    output = ok(cli("codings", "import", str(path), "--skip-unplaced", "--coder", "ana"))
    assert "1 row(s) left out:" in output and "row 2 (case3-ceo.txt): matches 2" in output
    assert listed(cli) == {("commissioner.txt", "Austerity", "savings come first")}


def test_codings_import_missing_codes_and_dry_run(
    cli: Cli, session: Session, tmp_path: Path
) -> None:
    build_import_world(session)
    path = tmp_path / "codings.csv"
    path.write_text(
        "document,code,text\ncommissioner.txt,Barriers\\Tendering,tenders favour\n",
        encoding="utf-8",
    )
    result = cli("codings", "import", str(path))
    assert result.exit_code == 1
    assert "1 code(s) are not in the codebook; nothing was imported. Create them with " in (
        result.output
    )
    assert "Barriers/Tendering (first on row 2)" in result.output
    dry = ok(cli("codings", "import", str(path), "--create-codes", "--dry-run"))
    assert "Dry run: 1 would be added, 0 are in the project already; nothing changed." in dry
    assert "Codes would be created: Barriers/Tendering." in dry
    assert listed(cli) == set()
    ok(cli("codings", "import", str(path), "--create-codes"))
    assert listed(cli) == {("commissioner.txt", "Barriers/Tendering", "tenders favour")}


def test_codings_import_nvivo_reference_export_needs_its_node(
    cli: Cli, session: Session, tmp_path: Path
) -> None:
    build_import_world(session)
    text = (FIXTURES / "nvivo-surplus-references.txt").read_text(encoding="utf-8-sig")
    unnamed = tmp_path / "references.txt"
    unnamed.write_text(text.split("\n", 1)[1], encoding="utf-8")
    result = cli("codings", "import", str(unnamed))
    assert result.exit_code == 1 and "does not name its node; give the code with --code" in (
        result.output
    )
    ok(cli("codings", "import", str(unnamed), "--code", "Funding sources/Surplus"))
    assert ("nurse-interview.docx", "Funding sources/Surplus", "As shareholders we have a say") in (
        listed(cli)
    )


def test_codings_import_bad_files_are_refused_with_how_to_fix(
    cli: Cli, session: Session, tmp_path: Path
) -> None:
    build_import_world(session)
    path = tmp_path / "codings.csv"
    path.write_text("file name,theme list\na,b\n", encoding="utf-8")
    result = cli("codings", "import", str(path))
    assert result.exit_code == 1
    assert "has no column for: code, text or start" in result.output
    assert "Its columns are: file name, theme list." in result.output
    result = cli("codings", "import", str(tmp_path / "absent.csv"))
    assert result.exit_code == 1 and "no such file" in result.output
    pdf = tmp_path / "codings.xlsx"
    pdf.write_bytes(b"%PDF-1.4 not a table")
    result = cli("codings", "import", str(pdf))
    assert result.exit_code == 1 and "is a PDF document, not a CSV or XLSX file" in result.output


def test_codings_import_formats_are_the_readers(cli: Cli) -> None:
    assert IMPORT_FORMATS == DIALECT_KEYS
    assert "--skip-unplaced" in ok(cli("codings", "import", "--help"))


def test_codings_add_match_is_tolerant(cli: Cli, session: Session) -> None:
    build_import_world(session)
    output = ok(
        cli(
            "codings", "add", "case3-ceo.txt", "--code", "Social value", "--match",
            "the organisation\u2019s \u201csocial value\u201d grew",
        )
    )  # fmt: skip
    assert output.startswith("Added coding ")
    assert listed(cli) == {
        ("case3-ceo.txt", "Social value", 'the organi-\nsation\'s "social value" grew')
    }
    result = cli("codings", "add", "case3-ceo.txt", "--code", "Austerity", "--match", "we  used")
    assert result.exit_code == 1
    assert "does not occur in the document" in result.output


def test_codings_import_taguette_highlights_with_a_separator(
    cli: Cli, session: Session, tmp_path: Path
) -> None:
    """Taguette's highlights export (id, document, tag, content; CR LF) of a project whose
    tags use '.' for levels, read against a codebook imported with --separator '.'."""
    build_import_world(session)
    ok(cli("codes", "add", "Enablers/Spaces for experimentation"))
    path = tmp_path / "highlights.csv"
    path.write_bytes(
        b"id,document,tag,content\r\n"
        b'7,case3-ceo,Enablers.Spaces for experimentation,"We didn\'t ask permission."\r\n'
        b"8,commissioner,Enablers.Spaces for experimentation,"
        b"Austerity means savings come first\r\n"
    )
    refused = cli("codings", "import", str(path))
    assert refused.exit_code == 1
    assert "Enablers.Spaces for experimentation (first on row 2)" in refused.output
    output = ok(cli("codings", "import", str(path), "--separator", "."))
    assert "Added 2 coding(s)" in output
    assert "Columns not read: id." in output
    assert {
        ("case3-ceo.txt", "Enablers/Spaces for experimentation", "We didn't ask permission."),
        (
            "commissioner.txt",
            "Enablers/Spaces for experimentation",
            "Austerity means savings come first",
        ),
    } <= listed(cli)


def test_codings_import_separator_keeps_an_escaped_one_in_a_name(
    cli: Cli, session: Session, tmp_path: Path
) -> None:
    build_import_world(session)
    ok(cli("codes", "add", "Funding/v2.0 grants"))
    path = tmp_path / "codings.csv"
    path.write_text(
        "document,code,text\ncommissioner.txt,Funding.v2\\.0 grants,tenders favour\n",
        encoding="utf-8",
    )
    ok(cli("codings", "import", str(path), "--separator", "."))
    assert ("commissioner.txt", "Funding/v2.0 grants", "tenders favour") in listed(cli)


def test_codings_import_refuses_a_blank_separator_before_reading(
    cli: Cli, session: Session, tmp_path: Path
) -> None:
    build_import_world(session)
    result = cli("codings", "import", str(tmp_path / "absent.csv"), "--separator", " ")
    assert result.exit_code == 1
    assert "The separator ' ' has no character but spaces" in result.output


def test_codings_export_then_import_keeps_every_coding_on_its_words(
    cli: Cli, session: Session, tmp_path: Path
) -> None:
    """Our own table of codings, out and back in: the same project finds every coding
    there already; after the codings are removed, the file puts each back on its span."""
    build_import_world(session)
    ok(cli("codings", "import", str(FIXTURES / "maxqda-coded-segments.xlsx")))
    ok(cli("codings", "import", str(FIXTURES / "atlasti-quotations.csv")))
    ok(cli("codes", "add", "Staff\\/member voice"))
    match = "As shareholders we have a say"
    ok(cli("codings", "add", "nurse-interview.docx", "--code", "Staff\\/member voice",
           "--coder", "cai", "--match", match))  # fmt: skip

    def spans() -> set[tuple[str, str, str | None, int, int, str]]:
        rows = json.loads(ok(cli("codings", "list", "--format", "json")))
        return {
            (r["document"], r["code"], r["coder"], r["start"], r["end"], r["text"]) for r in rows
        }

    before = spans()
    assert len(before) == 11
    assert ("nurse-interview.docx", "Staff\\/member voice", "cai", NURSE.index(match),
            NURSE.index(match) + len(match), match) in before  # fmt: skip
    files = []
    for fmt in ("csv", "xlsx"):
        out = tmp_path / f"codings.{fmt}"
        ok(cli("codings", "export", "--format", fmt, "--out", str(out)))
        again = ok(cli("codings", "import", str(out)))
        assert "11 row(s), 11 placed (11 exactly, 0 by tolerant matching)" in again
        assert "Added 0 coding(s); 11 were in the project already." in again
        files.append(out)
    for row in json.loads(ok(cli("codings", "list", "--format", "json"))):
        ok(cli("codings", "remove", str(row["coding_id"])))
    assert spans() == set()
    for out in files:
        ok(cli("codings", "import", str(out)))
        assert spans() == before
        for row in json.loads(ok(cli("codings", "list", "--format", "json"))):
            ok(cli("codings", "remove", str(row["coding_id"])))


def test_codings_import_taguette_untagged_highlight_is_listed_as_unplaced(
    cli: Cli, session: Session, tmp_path: Path
) -> None:
    """Taguette exports a highlight without tags with an empty tag cell (docs/moving-in.md)."""
    build_import_world(session)
    path = tmp_path / "highlights.csv"
    path.write_text(
        "id,document,tag,content\n"
        "1,commissioner.txt,Austerity,savings come first\n"
        "2,commissioner.txt,,tenders favour big providers\n",
        encoding="utf-8",
    )
    refused = cli("codings", "import", str(path), "--separator", ".")
    assert refused.exit_code == 1 and listed(cli) == set()
    assert "row 3 (commissioner.txt): the code cell is empty" in refused.output
    output = ok(cli("codings", "import", str(path), "--separator", ".", "--skip-unplaced"))
    assert "row 3 (commissioner.txt): the code cell is empty" in output
    assert listed(cli) == {("commissioner.txt", "Austerity", "savings come first")}
