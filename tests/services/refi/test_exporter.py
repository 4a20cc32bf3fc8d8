from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.factories import (
    make_case,
    make_code,
    make_coding,
    make_document,
    make_organisation,
    make_participant,
    make_user,
)
from tests.io.refi.helpers import FIXTURES
from tests.services.refi.snapshot import snapshot, wipe

from mutualscope.errors import InvalidInput
from mutualscope.io.refi import read_qdc
from mutualscope.io.refi.xml import CODEBOOK_XSD, PROJECT_XSD, schema
from mutualscope.services.refi import export_qdc, export_qdpx, import_refi
from mutualscope.storage.models import Case, Document, Memo

CRLF_TEXT = "Interviewer: Hello.\nCEO: Line one of a Windows file.\nCEO: Another line.\n"
UNICODE_TEXT = (
    "Interviewer: Tell me about 2011.\n"
    "Directrice: Notre café coopératif — 40 % des salariés 🙂👩‍⚕️ sont sociétaires.\n"
    "Nurse: 日本語も少し。 Ελληνικά. עברית.\n"
)


def _validate(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        data = archive.read("project.qde")
    validator = schema(PROJECT_XSD)
    assert validator.validate(etree.fromstring(data)), validator.error_log


def _build(session: Session) -> None:
    ann, ben = make_user(session, "ann"), make_user(session, "Bén 🙂")
    org = make_organisation(session, name="Fictional Valley Care CIC")
    case = make_case(
        session,
        "Case 3",
        organisation_id=org.id,
        description="Community nursing",
        attributes={"variables": {"staff": 310, "region": "East of England", "cic": True}},
    )
    ceo = make_participant(session, "P7", role="CEO", case_id=case.id)
    make_participant(session, "P8", role="nurse", case_id=case.id, external=True, consent="unknown")
    make_participant(session, "P9", role="user", consent="withdrawn")
    enablers = make_code(session, "Enablers", codable=False, colour="#aabbcc", definition="Helps")
    funding = make_code(session, "Funding sources", parent=enablers, definition="£ and €")
    austerity = make_code(session, "Austerity 💸")
    doc1 = make_document(
        session,
        text=UNICODE_TEXT,
        name="Entretien – directrice.txt",
        case_id=case.id,
        turns=[("Directrice", 33, 110)],
        participants={"Directrice": ceo},
    )
    doc2 = make_document(session, text=CRLF_TEXT, name="windows.txt", kind="evidence")
    start = UNICODE_TEXT.index("Notre café")
    end = UNICODE_TEXT.index("sociétaires") + len("sociétaires")
    c1 = make_coding(session, doc1, funding, start, end, ann)
    make_coding(session, doc1, austerity, start, end, ben)  # same span, another code
    emoji = UNICODE_TEXT.index("🙂")
    make_coding(session, doc1, enablers, emoji, emoji + 3, ben)  # overlaps, splits no pair
    make_coding(session, doc1, funding, UNICODE_TEXT.index("日本語"), len(UNICODE_TEXT) - 1, None)
    make_coding(session, doc2, austerity, 0, len(CRLF_TEXT), ann)
    session.add_all(
        [
            Memo(title="Project memo", text="Thirty cases ✓", author_id=ann.id),
            Memo(title=None, text="About the directrice", document_id=doc1.id),
            Memo(title="Code memo", text="What counts as funding", code_id=funding.id),
            Memo(
                title="Coding memo",
                text="Double-coded on purpose",
                coding_id=c1.id,
                author_id=ben.id,
            ),
        ]
    )
    session.commit()


def test_exporter_round_trip_is_exact(session: Session, tmp_path: Path) -> None:
    _build(session)
    before = snapshot(session)
    path = tmp_path / "project.qdpx"
    report = export_qdpx(session, path=path)
    assert report.counts["codings"] == 5 and report.counts["documents"] == 2
    assert any("withdrew consent" in w for w in report.warnings)
    _validate(path)
    wipe(session)
    result = import_refi(session, path=path)
    assert result.dropped == [] and result.doubtful == []
    after = snapshot(session)
    expected = dict(before)
    expected["participants"] = [p for p in before["participants"] if p[5] != "withdrawn"]
    assert after == expected


def test_exporter_second_round_trip_keeps_guids_of_selections(
    session: Session, tmp_path: Path
) -> None:
    _build(session)
    first, second = tmp_path / "a.qdpx", tmp_path / "b.qdpx"
    export_qdpx(session, path=first)
    wipe(session)
    import_refi(session, path=first)
    export_qdpx(session, path=second)
    with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
        qde_a, qde_b = a.read("project.qde"), b.read("project.qde")
    tree_a, tree_b = etree.fromstring(qde_a), etree.fromstring(qde_b)
    ns = {"q": "urn:QDA-XML:project:1.0"}
    sel_a = sorted(tree_a.xpath("//q:PlainTextSelection/@guid", namespaces=ns))
    sel_b = sorted(tree_b.xpath("//q:PlainTextSelection/@guid", namespaces=ns))
    assert sel_a == sel_b and len(sel_a) == 4


def test_exporter_round_trips_an_imported_foreign_project(session: Session, tmp_path: Path) -> None:
    import_refi(session, path=FIXTURES / "atlas_like.qdpx")
    before = snapshot(session)
    path = tmp_path / "again.qdpx"
    export_qdpx(session, path=path)
    _validate(path)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    assert any(n.endswith(".docx") for n in names) and any(n.endswith(".pdf") for n in names)
    tree = etree.fromstring(zipfile.ZipFile(path).read("project.qde"))
    guids = set(tree.xpath("//@guid"))
    assert "5215CC69-B628-4E02-AFB9-9BEEAEE55808" in guids  # the tool's GUIDs written back
    assert "4191294A-E287-4510-95B0-69BCE4638E56" in guids  # ... selections' too
    wipe(session)
    import_refi(session, path=path)
    assert snapshot(session) == before


def test_exporter_demo_like_documents_keep_case_and_kind(session: Session, tmp_path: Path) -> None:
    _build(session)
    path = tmp_path / "p.qdpx"
    export_qdpx(session, path=path)
    wipe(session)
    import_refi(session, path=path)
    doc = session.scalar(select(Document).where(Document.name == "windows.txt"))
    assert doc is not None and doc.kind == "evidence"
    case = session.scalar(select(Case))
    assert case is not None and case.organisation is not None
    assert case.organisation.name == "Fictional Valley Care CIC"


def test_exporter_qdc_validates_and_round_trips(session: Session, tmp_path: Path) -> None:
    import_refi(session, path=FIXTURES / "nested_sets.qdc")
    path = tmp_path / "codes.qdc"
    export_qdc(session, path=path)
    validator = schema(CODEBOOK_XSD)
    assert validator.validate(etree.parse(str(path))), validator.error_log
    codebook = read_qdc(path)
    assert codebook.problems == []
    assert codebook.codes[0].children[0].color == "#dc0000"
    assert len(codebook.sets[0].member_codes) == 2


def test_exporter_empty_project_is_valid_but_an_empty_codebook_is_refused(
    session: Session, tmp_path: Path
) -> None:
    export_qdpx(session, path=tmp_path / "empty.qdpx")
    _validate(tmp_path / "empty.qdpx")
    with pytest.raises(InvalidInput, match="codebook is empty"):
        export_qdc(session, path=tmp_path / "empty.qdc")
    assert not (tmp_path / "empty.qdc").exists()
