"""REFI-QDA import and the codebook's rules: a repeated coding is folded into the one it
repeats (its notes follow), sibling codes differing only in capitals are numbered."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.io.refi.helpers import guid, project_qde, write_zip

from mutualscope.services.codings import save_coding
from mutualscope.services.refi import import_refi
from mutualscope.storage.models import Code, Coding, Document, Memo

TEXT = "Nurse: we said &quot;&quot;no&quot;&quot; to the tender 🙂 𝔑.\r\nThen we won."
PLAIN = TEXT.replace("&quot;", '"')
QUOTE = '""no"" to the tender'


def selection(number: int, coding: int, *, code: int = 1, note: int | None = None) -> str:
    start = PLAIN.index(QUOTE)
    ref = f'<NoteRef targetGUID="{guid(note)}"/>' if note else ""
    return (
        f'<PlainTextSelection guid="{guid(number)}" startPosition="{start}" '
        f'endPosition="{start + len(QUOTE)}"><Coding guid="{guid(coding)}">'
        f'<CodeRef targetGUID="{guid(code)}"/>{ref}</Coding></PlainTextSelection>'
    )


def project(path: Path, selections: str, notes: str = "") -> Path:
    body = (
        f'<CodeBook><Codes><Code guid="{guid(1)}" name="Funding" isCodable="true"/>'
        f'<Code guid="{guid(2)}" name=" funding " isCodable="true"/></Codes></CodeBook>'
        f'<Sources><TextSource guid="{guid(100)}" name="Nurse interview">'
        f"<PlainTextContent>{TEXT}</PlainTextContent>{selections}</TextSource></Sources>"
        f"{notes}"
    )
    return write_zip(path, {"project.qde": project_qde(body)})


def test_import_folds_a_repeated_coding_and_keeps_its_note(
    session: Session, tmp_path: Path
) -> None:
    notes = (
        f'<Notes><Note guid="{guid(700)}" name="Why"><PlainTextContent>Said twice'
        "</PlainTextContent></Note></Notes>"
    )
    path = project(tmp_path / "x.qdpx", selection(200, 300) + selection(201, 301, note=700), notes)
    report = import_refi(session, path=path)
    assert report.imported["codings"] == 1
    assert any("1 coding(s) repeat another coding" in line for line in report.mapped)
    coding = session.scalars(select(Coding)).one()
    text = session.scalars(select(Document.text)).one()
    assert text[coding.start : coding.end] == QUOTE
    memo = session.scalars(select(Memo).where(Memo.text == "Said twice")).one()
    assert memo.coding_id == coding.id


def test_import_numbers_sibling_codes_differing_in_capitals(
    session: Session, tmp_path: Path
) -> None:
    path = project(tmp_path / "x.qdpx", selection(200, 300) + selection(201, 301, code=2))
    report = import_refi(session, path=path)
    names = session.scalars(select(Code.name).order_by(Code.id)).all()
    assert names == ["Funding", "funding (2)"]
    assert any("numbered" in line for line in report.mapped)
    spans = session.execute(select(Code.name, Coding.start, Coding.end).join(Code)).all()
    assert sorted(spans) == sorted(
        (name, PLAIN.index(QUOTE), PLAIN.index(QUOTE) + len(QUOTE)) for name in names
    )


def test_import_merge_folds_codings_the_project_has(session: Session, tmp_path: Path) -> None:
    path = project(tmp_path / "x.qdpx", selection(200, 300))
    import_refi(session, path=path)
    document = session.scalars(select(Document)).one()
    kept = session.scalars(select(Coding)).one()
    # The same coding again, in a file whose coding has another GUID.
    again = project(tmp_path / "y.qdpx", selection(201, 301))
    report = import_refi(session, path=again, merge=True)
    assert report.imported.get("codings", 0) == 0
    assert any("1 coding(s) repeat another coding" in line for line in report.mapped)
    assert [c.id for c in session.scalars(select(Coding))] == [kept.id]
    made = save_coding(session, document.name, "Funding", match=QUOTE)
    assert (made.created, made.coding.id) == (False, kept.id)
