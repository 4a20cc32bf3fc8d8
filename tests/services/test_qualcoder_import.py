"""Importing a QualCoder project: every coding on the words QualCoder stored with it,
or listed as doubtful; the user's project never written; a round trip through .qdpx."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.io.qualcoder.projects import Quirks, build_quirks
from tests.services.refi.snapshot import project_state, snapshot, wipe

from mutualscope.services.code_index import CodeIndex
from mutualscope.services.refi import (
    DOUBTFUL_TITLE,
    DoubtfulImport,
    export_qdpx,
    import_refi,
    list_doubtful_codings,
)
from mutualscope.storage.models import Case, Code, Coding, Document, Memo, User


@pytest.fixture
def quirks(tmp_path: Path) -> Quirks:
    return build_quirks(tmp_path / "study.qda")


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_import_qualcoder_refuses_doubtful_codings_without_accept(
    session: Session, quirks: Quirks
) -> None:
    with pytest.raises(DoubtfulImport) as error:
        import_refi(session, path=quirks.folder)
    report = error.value.report
    (item,) = report.doubtful_codings
    assert item["coding"] == quirks.coding_guid(quirks.unplaceable)
    assert (item["start"], item["end"]) == (48, 70)  # as QualCoder stored them
    assert item["words"] == "Funding is short-term."
    assert "nowhere in the source" in item["reason"]
    assert item["alternatives"] == [
        {"counting": "QualCoder's text of the coding", "words": "a sentence deleted later"}
    ]
    assert item["code"] == "Barriers/Funding"
    assert _count(session, Document) == 0 and _count(session, Memo) == 0


def test_import_qualcoder_places_every_coding_on_its_words(
    session: Session, quirks: Quirks
) -> None:
    report = import_refi(session, path=quirks.folder, accept_doubtful=True)
    assert report.kind == "qualcoder" and report.origin == "QualCoder 3.6 (database v17)"
    assert report.imported == {
        "coders": 2,
        "codes": 12,
        "cases": 2,
        "documents": 3,
        "codings": 8,
        "memos": 6,
    }
    index = CodeIndex.load(session)
    codings = {c.guid: c for c in session.scalars(select(Coding))}
    docs = {d.id: d for d in session.scalars(select(Document))}
    for ctid, words in quirks.words.items():
        coding = codings[quirks.coding_guid(ctid)]
        assert docs[coding.document_id].text[coding.start : coding.end] == words, ctid
    unplaced = codings[quirks.coding_guid(quirks.unplaceable)]
    assert docs[unplaced.document_id].text[unplaced.start : unplaced.end] == (
        "Funding is short-term."
    )
    (marked,) = list_doubtful_codings(session)
    assert marked["coding"] == unplaced.id and "a sentence deleted later" in marked["note"]
    paths = sorted(index.path(c.code_id) for c in codings.values())
    assert "Enablers/Funding/Grants/Lottery grants" in paths
    assert "Austerity/Cuts" in paths and "Barriers/trust" in paths
    coders = {u.id: u.name for u in session.scalars(select(User))}
    by_words = {
        docs[c.document_id].text[c.start : c.end]: coders.get(c.coder_id or -1)
        for c in codings.values()
    }
    assert by_words["voice matters"] is None  # QualCoder recorded no owner
    assert by_words["we innovated"] == "ben"
    codes = {c.name: c for c in session.scalars(select(Code))}
    assert (codes["Lottery grants"].colour or "").lower() == "#a9e2f3"
    assert codes["Staff voice"].definition == "Staff say how things are run"
    assert not codes["Grants"].codable
    assert sorted(name for (name,) in session.execute(select(Code.name))).count("Funding") == 2
    cases = {c.label: c for c in session.scalars(select(Case))}
    assert cases["Case 1"].attributes["variables"] == {"Sector": "Health", "Staff": "120"}
    by_name = {d.name: d for d in docs.values()}
    assert by_name["Interview A"].case_id == cases["Case 1"].id
    assert by_name["Interview A"].attributes["variables"] == {"Interviewer": "Dee"}
    assert "\r" not in by_name["Interview B"].text
    titles = sorted(m.title or "" for m in session.scalars(select(Memo)))
    assert titles[:3] == ["Annotation: “Right to Request”", DOUBTFUL_TITLE, "Memo: Interview A"]
    assert "QualCoder import: study.qda" in titles and "Reflections" in titles
    note = session.scalar(select(Memo).where(Memo.coding_id.is_not(None), Memo.title.like("Sel%")))
    assert note is not None and note.text == "Spans two turns"
    dropped = "\n".join(report.dropped)
    assert "image source 'photo.jpg'" in dropped and "PDF source 'scan.pdf'" in dropped
    offsets = {o["document"]: o for o in report.offsets}
    assert offsets["Interview B"]["counting"] == "code points, CR LF counted as two"
    assert offsets["Interview B"]["basis"] == "tool"
    assert "1 where its editor counts" in offsets["Interview B"]["reason"]
    assert report.to_text().startswith("QualCoder import of study.qda (from QualCoder 3.6")


def test_import_qualcoder_dry_run_then_twice(session: Session, quirks: Quirks) -> None:
    dry = import_refi(session, path=quirks.folder, accept_doubtful=True, dry_run=True)
    assert dry.imported["codings"] == 8 and dry.memo_id is None
    assert _count(session, Document) == 0
    first = import_refi(session, path=quirks.data, accept_doubtful=True)
    state = project_state(session)
    again = import_refi(session, path=quirks.folder, accept_doubtful=True)
    assert again.earlier_import == first.memo_id and again.imported == {}
    merged = import_refi(session, path=quirks.folder, accept_doubtful=True, merge=True)
    assert merged.imported == {} and merged.matched["codings"] == 8
    assert project_state(session) == state


def test_import_qualcoder_never_writes_to_the_project_folder(
    session: Session, quirks: Quirks
) -> None:
    os.utime(quirks.data, ns=(10**18, 10**18))

    def fingerprint() -> dict[str, tuple[bytes, int]]:
        return {
            str(p): (p.read_bytes() if p.is_file() else b"", p.stat().st_mtime_ns)
            for p in sorted(quirks.folder.rglob("*"))
        }

    before = fingerprint()
    with pytest.raises(DoubtfulImport):
        import_refi(session, path=quirks.folder)
    import_refi(session, path=quirks.folder, accept_doubtful=True, dry_run=True)
    import_refi(session, path=quirks.data, accept_doubtful=True)
    assert fingerprint() == before


def test_qualcoder_project_round_trips_through_qdpx(
    session: Session, quirks: Quirks, tmp_path: Path
) -> None:
    import_refi(session, path=quirks.folder, accept_doubtful=True)
    before = snapshot(session)
    index = CodeIndex.load(session)
    spans = sorted(
        (c.guid, d.guid, c.start, c.end, index.path(c.code_id), u.name if u else None)
        for c, d, u in session.execute(
            select(Coding, Document, User)
            .join(Document, Document.id == Coding.document_id)
            .outerjoin(User, User.id == Coding.coder_id)
        ).tuples()
    )
    counts = {m.__name__: _count(session, m) for m in (Document, Code, Coding, Case, Memo)}
    path = tmp_path / "study.qdpx"
    export_qdpx(session, path=path)
    wipe(session)
    report = import_refi(session, path=path)
    assert report.doubtful_codings == [] and report.dropped == []
    assert snapshot(session) == before
    index = CodeIndex.load(session)
    assert (
        sorted(
            (c.guid, d.guid, c.start, c.end, index.path(c.code_id), u.name if u else None)
            for c, d, u in session.execute(
                select(Coding, Document, User)
                .join(Document, Document.id == Coding.document_id)
                .outerjoin(User, User.id == Coding.coder_id)
            ).tuples()
        )
        == spans
    )
    counts["Memo"] += 1  # the second import's own report
    assert {m.__name__: _count(session, m) for m in (Document, Code, Coding, Case, Memo)} == counts


def test_import_qualcoder_merge_adds_what_was_coded_since(session: Session, quirks: Quirks) -> None:
    import_refi(session, path=quirks.folder, accept_doubtful=True)
    db = sqlite3.connect(quirks.data)
    db.execute(
        "INSERT INTO code_text (cid, fid, seltext, pos0, pos1, owner, date, memo) "
        "VALUES (?, 3, 'short-term', 59, 69, 'cai', '2024-04-01 08:00:00', '')",
        (quirks.codes["Trust"],),
    )
    db.commit()
    db.close()
    report = import_refi(session, path=quirks.folder, accept_doubtful=True, merge=True)
    assert report.imported == {"coders": 1, "codings": 1}
    assert report.matched["codings"] == 8 and report.matched["documents"] == 3
    assert _count(session, Coding) == 9
    added = session.scalar(select(Coding).order_by(Coding.id.desc()).limit(1))
    assert added is not None
    doc = session.get(Document, added.document_id)
    assert doc is not None and doc.text[added.start : added.end] == "short-term"
