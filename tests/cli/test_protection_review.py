"""``mutualscope protect findings|accept|reject|add|apply|pseudonym|key|archive`` (SQLite,
and PostgreSQL when MUTUALSCOPE_TEST_PG is set)."""

from __future__ import annotations

import csv
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.factories import make_case, make_code, make_coding, make_document, make_participant

from mutualscope.storage.documents import Document

TEXT = (
    "Interviewer: How did it start?\n"
    "Sarah: Dave Patel from Luton rang me on 07700 900123 about the budget.\n"
    "Nurse: I heard it from Sarah in Luton, on the ward.\n"
)


@pytest.fixture
def project_with_turns(session: Session) -> None:
    case = make_case(session, "Case 3")
    ceo = make_participant(
        session, "C3 CEO", role="ceo", real_name="Sarah Jenkins", case_id=case.id
    )
    nurse = make_participant(session, "C3 Nurse", role="nurse", case_id=case.id)
    a, b = TEXT.index("Sarah:"), TEXT.index("Nurse:")
    doc = make_document(
        session, text=TEXT, name="case-3.txt",
        turns=[("Interviewer", 0, a), ("Sarah", a, b), ("Nurse", b, len(TEXT))],
        participants={"Sarah": ceo, "Nurse": nurse},
    )  # fmt: skip
    code = make_code(session, "Funding")
    make_coding(session, doc, code, TEXT.index("Dave"), TEXT.index(" about"))
    make_coding(session, doc, code, TEXT.index("I heard"), TEXT.index(", on"))


def _json(cli: Callable[..., Result], *args: str) -> dict[str, object]:
    result = cli(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def _review_all(cli: Callable[..., Result]) -> None:
    assert cli("protect", "scan", "--all", "--save", "--model", "off").exit_code == 0
    found = _json(cli, "protect", "findings", "--status", "proposed")["findings"]
    assert isinstance(found, list)
    ids = [str(f["id"]) for f in found]
    assert cli("protect", "accept", *ids).exit_code == 0
    result = cli("protect", "add", "case-3.txt", "--kind", "place", "--text", "luton")
    assert result.exit_code == 0, result.output
    assert cli("protect", "apply", "--all").exit_code == 0


def test_protect_review_apply_and_key(
    cli: Callable[..., Result], project_with_turns: None, tmp_path: Path
) -> None:
    saved = _json(cli, "protect", "scan", "case-3.txt", "--save", "--model", "off")["saved"]
    assert saved == {"new": 6, "found_again": 0, "dropped": 0, "moved": 0, "lost": []}
    found = _json(cli, "protect", "findings", "case-3.txt")["findings"]
    assert isinstance(found, list)
    assert [(f["kind"], f["text"], f["status"]) for f in found] == [
        ("person", "Sarah", "proposed"),
        ("person", "Dave Patel", "proposed"),
        ("place", "Luton", "proposed"),
        ("phone", "07700 900123", "proposed"),
        ("person", "Sarah", "proposed"),
        ("place", "Luton", "proposed"),
    ]
    luton = [str(f["id"]) for f in found if f["text"] == "Luton"]
    result = cli("protect", "reject", *luton)
    assert result.exit_code == 0 and "rejected" in result.output
    _review_all(cli)  # a second scan: the rejected Luton stays rejected, then added again
    statuses = {(f["text"], f["status"]) for f in _json(cli, "protect", "findings")["findings"]}  # type: ignore[attr-defined]
    assert ("Luton", "accepted") in statuses
    assert cli("protect", "pseudonym", "Luton", "[a town in the East]").exit_code == 0
    applied = _json(cli, "protect", "apply", "case-3.txt")
    assert applied["replaced"] == 6
    out = tmp_path / "key.csv"
    result = cli("protect", "key", "--out", str(out))
    assert result.exit_code == 0 and "keep it safe" in result.output
    with out.open(encoding="utf-8") as handle:
        key = {(r["kind"], r["original"], r["replacement"]) for r in csv.DictReader(handle)}
    assert key == {
        ("person", "Sarah", "[CEO, case 3]"),
        ("person", "Dave Patel", "[Person 1]"),
        ("place", "Luton", "[a town in the East]"),
        ("phone", "07700 900123", "[phone]"),
    }


def test_protect_archive_refuses_without_archiving_consent(
    cli: Callable[..., Result], project_with_turns: None, tmp_path: Path
) -> None:
    _review_all(cli)
    cli("people", "consent", "C3 CEO", "--archiving", "yes")
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "deposit.zip"
    result = cli("protect", "archive", str(out))
    assert result.exit_code == 1
    assert "1 participant(s) whose words are in the transcripts have not consented" in result.output
    assert (
        "C3 Nurse (archiving unknown)" in result.output and "Nothing was written" in result.output
    )
    assert list(folder.iterdir()) == []


def test_protect_archive_leaves_out_the_unconsented(
    cli: Callable[..., Result], project_with_turns: None, tmp_path: Path
) -> None:
    _review_all(cli)
    cli("people", "consent", "C3 CEO", "--archiving", "yes")
    out = tmp_path / "deposit"
    result = cli("protect", "archive", str(out), "--exclude-unconsented")
    assert result.exit_code == 0, result.output
    assert "Left out: 1 turn(s) of C3 Nurse" in result.output
    (transcript,) = (out / "transcripts").iterdir()
    assert transcript.read_text(encoding="utf-8") == (
        "Interviewer: How did it start?\n"
        "[CEO, case 3]: [Person 1] from [Town A] rang me on [phone] about the budget.\n"
        "[turn left out: no consent to archiving]"
    )
    with (out / "codings.csv").open(encoding="utf-8") as handle:
        codings = list(csv.DictReader(handle))
    assert [(c["code"], c["text"]) for c in codings] == [
        ("Funding", "[Person 1] from [Town A] rang me on [phone]")
    ]
    consent = (out / "consent.csv").read_text(encoding="utf-8")
    assert "C3 Nurse,nurse,Case 3,unknown,unknown,unknown,unknown,left out" in consent
    assert "Sarah" not in consent and "Jenkins" not in consent
    with zipfile.ZipFile(out / "project.qdpx") as qdpx:
        qde = qdpx.read("project.qde").decode("utf-8")
    assert "Sarah" not in qde and "Dave" not in qde and "Luton" not in qde
    assert "[Person 1] from [Town A] rang me on [phone]" in qde
    assert "Nothing was written" not in (out / "README.md").read_text(encoding="utf-8")


def test_protect_bad_input_messages(
    cli: Callable[..., Result], project_with_turns: None, tmp_path: Path
) -> None:
    result = cli("protect", "archive", str(tmp_path / "a.zip"))
    assert result.exit_code == 1 and "No document has been scanned" in result.output
    cli("protect", "scan", "--all", "--save", "--model", "off")
    result = cli("protect", "archive", str(tmp_path / "a.zip"), "--exclude-unconsented")
    assert result.exit_code == 1 and "run `mutualscope protect apply --all` first" in result.output
    assert cli("protect", "apply", "--all").exit_code == 0
    cli("people", "consent", "C3 CEO", "--archiving", "yes")
    result = cli("protect", "archive", str(tmp_path / "a.zip"), "--exclude-unconsented")
    assert result.exit_code == 1
    # The nurse's turn is left out, and the findings in it with it.
    assert "Findings nobody has reviewed would be archived as they are: case-3.txt (4)" in (
        result.output
    )
    assert cli("protect", "accept", "1").exit_code == 0
    result = cli("protect", "archive", str(tmp_path / "a.zip"), "--exclude-unconsented")
    assert result.exit_code == 1
    assert "accepted or added after the pseudonymised text was built: case-3.txt (1)" in (
        result.output
    )
    assert not (tmp_path / "a.zip").exists()
    result = cli("protect", "accept", "999")
    assert result.exit_code == 1 and "No finding 999" in result.output
    result = cli("protect", "add", "case-3.txt", "--kind", "person", "--start", "5")
    assert result.exit_code == 1 and "Give both --start and --end" in result.output
    result = cli("protect", "add", "case-3.txt", "--kind", "person", "--start", "9", "--end", "4")
    assert result.exit_code == 1 and "offsets run from 0 to 154" in result.output
    result = cli("protect", "apply")
    assert result.exit_code == 1 and "or give --all" in result.output
    result = cli("protect", "pseudonym", "Nobody", "[X]")
    assert result.exit_code == 1 and "No pseudonym for 'Nobody' yet" in result.output
    (tmp_path / "taken").mkdir()
    result = cli("protect", "archive", str(tmp_path / "taken"))
    assert result.exit_code == 1 and "already exists" in result.output


def test_protect_findings_marks_stale_ones(
    cli: Callable[..., Result], project_with_turns: None, session: Session
) -> None:
    cli("protect", "scan", "--all", "--save", "--model", "off")
    doc = session.scalar(select(Document).where(Document.name == "case-3.txt"))
    assert doc is not None
    doc.text = "Interviewer: Hello.\n" + TEXT.split("\n", 1)[1]
    session.commit()
    result = cli("protect", "findings", "--kind", "phone")
    assert result.exit_code == 0
    assert "07700 900123  0.95        proposed (stale: scan again)" in result.output
    result = cli("protect", "accept", "4")
    assert result.exit_code == 1 and "made on an earlier text of 'case-3.txt'" in result.output
