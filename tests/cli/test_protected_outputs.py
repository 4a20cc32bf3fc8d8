"""Reports, quote lists, quote exports and ``refi export`` take the pseudonymised text once
``protect apply`` has built it, and the original words with ``--identifiable`` (SQLite,
and PostgreSQL when MUTUALSCOPE_TEST_PG is set)."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.factories import make_case, make_code, make_coding, make_document, make_participant

from mutualscope.io.refi import read_qdpx
from mutualscope.storage.codebook import Code

TEXT = (
    "Interviewer: How did it start?\n"
    "Sarah: Dave Patel rang me on 07700 900123 about the budget.\n"
    "Nurse: I heard it from Sarah Jenkins, on the ward.\n"
)
LATER = "Interviewer: And then?\nNurse: Sarah Jenkins left in the spring.\n"
CODED = "Dave Patel rang me on 07700 900123"
HEARD = "I heard it from Sarah Jenkins"
PROTECTED = "[Person 1] rang me on [phone]"
PROTECTED_HEARD = "I heard it from [CEO, case 3]"
NAMES = ("Sarah", "Jenkins", "Dave", "Patel", "07700")
TEMPLATE = (
    "# {{ title }}\n\n## Evidence\n\n{% for q in quotes('Funding', 5) %}{{ q }}\n\n{% endfor %}"
)


def pseudonyms_in(text: str) -> set[str]:
    return set(re.findall(r"\[[^\]]+\]", text))


def has_no_names(text: str) -> bool:
    return not any(name in text for name in NAMES)


@pytest.fixture
def protected(session: Session, cli: Callable[..., Result]) -> None:
    """Case 3's CEO (Sarah Jenkins) named in a coded passage, reviewed and pseudonymised."""
    case = make_case(session, "Case 3")
    ceo = make_participant(
        session, "C3 CEO", role="ceo", real_name="Sarah Jenkins", case_id=case.id,
        consent="granted",
    )  # fmt: skip
    nurse = make_participant(session, "C3 Nurse", role="nurse", case_id=case.id, consent="granted")
    a, b = TEXT.index("Sarah:"), TEXT.index("Nurse:")
    doc = make_document(
        session, text=TEXT, name="case-3.txt",
        turns=[("Interviewer", 0, a), ("Sarah", a, b), ("Nurse", b, len(TEXT))],
        participants={"Sarah": ceo, "Nurse": nurse},
    )  # fmt: skip
    code = make_code(session, "Funding")
    make_coding(session, doc, code, TEXT.index(CODED), TEXT.index(CODED) + len(CODED))
    make_coding(session, doc, code, TEXT.index(HEARD), TEXT.index(HEARD) + len(HEARD))
    assert cli("protect", "scan", "--all", "--save", "--model", "off").exit_code == 0
    found = json.loads(
        cli("protect", "findings", "--status", "proposed", "--format", "json").output
    )["findings"]
    assert cli("protect", "accept", *[str(f["id"]) for f in found]).exit_code == 0
    result = cli("protect", "apply", "--all")
    assert result.exit_code == 0, result.output


def test_quotes_command_shows_pseudonyms_and_identifiable_names(
    cli: Callable[..., Result], protected: None
) -> None:
    result = cli("quotes", "Funding", "--format", "json")
    assert result.exit_code == 0, result.output
    quotes = json.loads(result.stdout)
    assert [q["text"] for q in quotes] == [PROTECTED, PROTECTED_HEARD]
    assert has_no_names(result.stdout)
    md = cli("quotes", "Funding", "--format", "md").stdout
    assert {"[Person 1]", "[phone]", "[CEO, case 3]"} <= pseudonyms_in(md)
    assert has_no_names(md)
    plain = cli("quotes", "Funding", "--identifiable", "--format", "json")
    assert [q["text"] for q in json.loads(plain.stdout)] == [CODED, HEARD]
    assert "[Person" not in plain.stdout


def test_matrix_and_cooccurrence_cells_show_pseudonyms_and_identifiable_names(
    cli: Callable[..., Result], protected: None
) -> None:
    """A matrix cell's and a co-occurrence cell's quotes are quotes too (they were the
    original words, names and all)."""
    for args in (("matrix", "--cols", "case", "--cell", "Funding", "Case 3"),
                 ("cooccurrence", "--cell", "Funding", "Funding")):  # fmt: skip
        result = cli(*args, "--format", "json")
        assert result.exit_code == 0, result.output
        assert sorted(q["text"] for q in json.loads(result.stdout)) == sorted(
            [PROTECTED, PROTECTED_HEARD]
        )
        assert has_no_names(result.stdout)
        plain = cli(*args, "--identifiable", "--format", "json")
        assert sorted(q["text"] for q in json.loads(plain.stdout)) == sorted([CODED, HEARD])


def test_report_markdown_and_html_quote_the_pseudonymised_text(
    cli: Callable[..., Result], protected: None, tmp_path: Path
) -> None:
    template = tmp_path / "t.md.j2"
    template.write_text(TEMPLATE, encoding="utf-8")
    md, html = tmp_path / "r.md", tmp_path / "r.html"
    result = cli(
        "report", "build", "--template", str(template), "--out", str(md), "--out", str(html)
    )
    assert result.exit_code == 0, result.output
    # Markdown escapes the brackets: \[Person 1\].
    text = md.read_text(encoding="utf-8").replace("\\[", "[").replace("\\]", "]")
    assert f"\u201c{PROTECTED}\u201d" in text and f"\u201c{PROTECTED_HEARD}\u201d" in text
    assert has_no_names(text)
    assert "Quotes are taken from the pseudonymised text (built " in text
    page = html.read_text(encoding="utf-8")
    assert "[Person 1] rang me on [phone]" in page and has_no_names(page)
    assert "Quotes are taken from the pseudonymised text (built " in page
    plain = tmp_path / "plain.md"
    result = cli(
        "report", "build", "--template", str(template), "--out", str(plain), "--identifiable"
    )
    assert result.exit_code == 0, result.output
    original = plain.read_text(encoding="utf-8").replace("\\[", "[").replace("\\]", "]")
    assert f"\u201c{CODED}\u201d" in original and "Sarah Jenkins" in original
    assert "Quotes are taken from the identifiable original text" in original


def test_quotes_export_csv_is_pseudonymised(
    cli: Callable[..., Result], protected: None, tmp_path: Path
) -> None:
    out = tmp_path / "q.csv"
    result = cli("quotes", "Funding", "--format", "csv", "--out", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [r["quote"] for r in rows] == [PROTECTED, PROTECTED_HEARD]
    assert has_no_names(out.read_text(encoding="utf-8"))
    plain = tmp_path / "plain.csv"
    cli("quotes", "Funding", "--format", "csv", "--out", str(plain), "--identifiable")
    rows = list(csv.DictReader(io.StringIO(plain.read_text(encoding="utf-8-sig"))))
    assert [r["quote"] for r in rows] == [CODED, HEARD]


def test_refi_export_sources_and_codings_are_pseudonymised(
    cli: Callable[..., Result], protected: None, tmp_path: Path
) -> None:
    out = tmp_path / "p.qdpx"
    result = cli("refi", "export", "--out", str(out), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["text"] == "pseudonymised"
    with zipfile.ZipFile(out) as archive:
        assert all(has_no_names(archive.read(n).decode("utf-8")) for n in archive.namelist())
    project = read_qdpx(out)
    (source,) = project.sources
    assert "Nurse: I heard it from [CEO, case 3], on the ward." in source.text
    selected = sorted(source.text[s.start : s.end] for s in source.selections)
    assert selected == [PROTECTED_HEARD, PROTECTED]
    assert sorted(s.name for s in source.selections) == [PROTECTED_HEARD, PROTECTED]
    plain = tmp_path / "plain.qdpx"
    result = cli("refi", "export", "--out", str(plain), "--identifiable", "--format", "json")
    assert json.loads(result.output)["text"] == "identifiable"
    (source,) = read_qdpx(plain).sources
    assert sorted(source.text[s.start : s.end] for s in source.selections) == [CODED, HEARD]


def test_a_document_without_pseudonymised_text_is_named_not_mixed_silently(
    cli: Callable[..., Result], protected: None, session: Session, tmp_path: Path
) -> None:
    doc = make_document(session, text=LATER, name="later.txt")
    code = session.scalars(select(Code).where(Code.name == "Funding")).one()
    start = LATER.index("Sarah")
    make_coding(session, doc, code, start, start + len("Sarah Jenkins left"))
    result = cli("quotes", "Funding", "--format", "json")
    assert [q["text"] for q in json.loads(result.stdout)][-1] == "Sarah Jenkins left"
    assert "1 document quoted has no pseudonymised text" in result.stderr
    assert "later.txt" in result.stderr
    template = tmp_path / "t.md.j2"
    template.write_text(TEMPLATE, encoding="utf-8")
    md = tmp_path / "r.md"
    result = cli("report", "build", "--template", str(template), "--out", str(md))
    assert result.exit_code == 0, result.output
    text = md.read_text(encoding="utf-8").replace("\\[", "[").replace("\\]", "]")
    assert "no pseudonymised text made on its current words" in text and "later.txt" in text
    qdpx = tmp_path / "p.qdpx"
    exported = json.loads(cli("refi", "export", "--out", str(qdpx), "--format", "json").output)
    assert any("later.txt" in w for w in exported["warnings"])
