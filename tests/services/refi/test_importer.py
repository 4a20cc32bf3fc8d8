from __future__ import annotations

import random
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.factories import make_code, make_document
from tests.fixtures.refi.build import NVIVO12_SOURCES, nvivo12_coding_guid
from tests.io.refi.helpers import (
    DOUBTFUL_QUOTE,
    DOUBTFUL_TEXT,
    FIXTURES,
    doubtful_project,
    guid,
    one_source_project,
    write_zip,
)
from tests.services.refi.snapshot import project_state, snapshot, wipe_all

from mutualscope.errors import Conflict, InvalidInput, NotFound
from mutualscope.services.refi import (
    DoubtfulImport,
    import_refi,
    importer,
    list_doubtful_codings,
    settle_doubtful,
)
from mutualscope.storage.models import (
    AuditEvent,
    Case,
    Code,
    Coding,
    Document,
    DocumentFile,
    Memo,
    Participant,
    Segment,
    User,
)


def _count(session: Session, model: object) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0  # type: ignore[arg-type]


def _quotes(session: Session) -> dict[str, str]:
    rows = session.execute(
        select(Coding.guid, Coding.start, Coding.end, Document.text).join(Document)
    )
    return {g: text[s:e] for g, s, e, text in rows}


def test_importer_reads_the_atlas_like_fixture_with_exact_quotes(session: Session) -> None:
    report = import_refi(session, path=FIXTURES / "atlas_like.qdpx")
    quotes = _quotes(session)
    assert quotes["445A6AEC-1400-4502-919D-0867832FF211"] == (
        "We went live in April 2011 under Right to Request."
    )
    assert quotes["89B9918E-4209-4FE0-BEA0-0C7FF56D67A4"] == (
        "Staff own 60% of the shares – café meetings helped 🙂."
    )
    assert quotes["9AD860A5-3D53-4BDE-B5EE-A8FC613C1652"] == (
        "café meetings helped 🙂.\nInterviewer: And funding?"
    )
    assert quotes["4B8DD4A4-0C50-42D0-91F4-9E95AFBFC7F0"] == (
        "Social value is hard to weigh in a tender."
    )
    assert quotes["4B1F2D56-CCE9-46F9-8248-E110F3352C5A"] == "Surplus reinvested"
    assert quotes["CF4B56B4-A1C7-4B8A-8871-AF72137B5B89"].startswith("Focus group notes:")
    assert report.imported["codings"] == 9 and report.imported["documents"] == 4
    dropped = "\n".join(report.dropped)
    assert "B1CE75CA-1953-43E9-9CE4-26A9AAB4DC02" in dropped  # coding of a missing code
    assert "95916796-D0A0-4B49-80B0-5A5C8B94AE13" in dropped  # selection past the end
    for kind in ("picture source", "video source", "pdf region selections", "link", "graph"):
        assert kind in dropped


def test_importer_maps_users_cases_participants_notes_and_files(session: Session) -> None:
    import_refi(session, path=FIXTURES / "atlas_like.qdpx")
    ann = session.scalar(select(User).where(User.name == "Ann Analyst"))
    assert ann is not None and ann.password_hash is None
    assert ann.guid == "AD68FBE7-E1EE-4A82-A279-23CC698C89EB"
    case = session.scalar(select(Case).where(Case.label == "Case A"))
    assert case is not None and case.organisation is not None
    assert case.organisation.name == "Fictional Riverside Health CIC"
    assert case.attributes["variables"] == {"Employees": 420}
    person = session.scalar(select(Participant))
    assert person is not None and (person.label, person.role) == ("Jo, chief executive", "CEO")
    assert person.case_id == case.id
    interview = session.scalar(select(Document).where(Document.name.startswith("Interview")))
    assert interview is not None and interview.case_id == case.id
    memos = {m.title: m for m in session.scalars(select(Memo))}
    assert memos["About enablers"].code_id is not None
    assert memos["Interview context"].document_id == interview.id
    assert memos["Coding doubt"].coding_id is not None
    assert memos["Research plan"].document_id is None and memos["Research plan"].code_id is None
    assert any(t.startswith("Selection ") for t in memos)
    report_memo = next(m for t, m in memos.items() if t.startswith("REFI-QDA import"))
    assert "picture source" in report_memo.text
    speakers = set(
        session.scalars(select(Segment.speaker).where(Segment.document_id == interview.id))
    )
    assert speakers == {"Interviewer", "CEO"}
    formats = dict(session.execute(select(DocumentFile.filename, DocumentFile.media_type)).all())
    assert formats["Commissioner interview.docx"].endswith("wordprocessingml.document")
    assert _count(session, AuditEvent) == 1


def test_importer_nvivo_like_counts_crlf_as_one_and_composes_nfd(session: Session) -> None:
    report = import_refi(session, path=FIXTURES / "nvivo_like.qdpx")
    quotes = _quotes(session)
    assert quotes["10000000-0000-4000-8000-000000000000"] == (
        "We redesigned the rota ourselves — a real café culture."
    )
    assert quotes["10000000-0000-4000-8000-000000000001"] == "café culture.\nNurse: Users and staff"
    assert [o["counting"] for o in report.offsets] == ["code points, CR LF counted as one"]
    assert "4 have names matching their words under it" in report.offsets[0]["reason"]
    names = {c.name for c in session.scalars(select(Code))}
    assert "Staff/Users" in names
    colours = {c.colour for c in session.scalars(select(Code))}
    assert "#00ff00" in colours
    case = session.scalar(select(Case))
    assert case is not None
    assert case.attributes["variables"] == {
        "Ward": True,
        "Score": "7.50",
        "Interviewed": "2013-05-02",
    }
    assert session.scalar(select(User).where(User.name == "Coder 99999999")) is not None


def test_importer_reads_codebooks(session: Session) -> None:
    import_refi(session, path=FIXTURES / "spec_annex_a1.qdc")
    assert _count(session, Code) == 6
    report = import_refi(session, path=FIXTURES / "nested_sets.qdc", merge=True)
    assert report.imported == {"codes": 4, "sets": 1}
    voice = session.scalar(select(Code).where(Code.name == "Carers’ voice"))
    assert voice is not None and voice.parent is not None and voice.parent.name == "User forum"


def test_importer_refuses_a_project_with_content_unless_merging(session: Session) -> None:
    make_document(session, name="existing.txt")
    before = snapshot(session)
    with pytest.raises(Conflict, match="already has 1 documents"):
        import_refi(session, path=FIXTURES / "atlas_like.qdpx")
    assert snapshot(session) == before
    report = import_refi(session, path=FIXTURES / "atlas_like.qdpx", merge=True)
    assert report.imported["documents"] == 4


def test_importer_merge_matches_codes_by_guid_then_by_path(session: Session) -> None:
    enablers = make_code(session, "enablers")  # same path, other GUID, other case
    make_code(session, "Funding sources", parent=enablers)
    report = import_refi(session, path=FIXTURES / "atlas_like.qdpx", merge=True)
    assert report.matched["codes"] == 2
    assert _count(session, Code) == 5
    again = import_refi(session, path=FIXTURES / "atlas_like.qdpx", merge=True)
    assert again.matched["codes"] == 5 and again.matched["documents"] == 4
    assert again.matched["codings"] == 9 and "codings" not in again.imported
    assert _count(session, Coding) == 9


def test_importer_dry_run_changes_nothing(session: Session) -> None:
    before = snapshot(session)
    report = import_refi(session, path=FIXTURES / "atlas_like.qdpx", dry_run=True)
    assert report.imported["codings"] == 9 and report.memo_id is None
    assert snapshot(session) == before
    assert _count(session, Memo) == 0


def test_importer_nothing_importable_leaves_the_project_unchanged(
    session: Session, tmp_path: Path
) -> None:
    make_code(session, "Already here")
    qde = (
        one_source_project("abc", 0, 99)
        .replace(b"<CodeBook>", b"<X>")
        .replace(b"</CodeBook>", b"</X>")
    )
    path = write_zip(
        tmp_path / "bad.qdpx",
        {
            "project.qde": qde.replace(b"<TextSource", b"<PictureSource").replace(
                b"</TextSource>", b"</PictureSource>"
            )
        },
    )
    before = snapshot(session)
    with pytest.raises(InvalidInput, match=r"Nothing in .* could be imported"):
        import_refi(session, path=path, merge=True)
    assert snapshot(session) == before
    assert _count(session, AuditEvent) == 0


def test_importer_reports_case_references_to_missing_sources(
    session: Session, tmp_path: Path
) -> None:
    qde = one_source_project("Hello there", 0, 5).replace(
        b"</Project>",
        f'<Cases><Case guid="{guid(900)}" name="Case Z"><SourceRef targetGUID="{guid(901)}"/>'
        f'<SourceRef targetGUID="{guid(100)}"/></Case></Cases></Project>'.encode(),
    )
    report = import_refi(session, path=write_zip(tmp_path / "x.qdpx", {"project.qde": qde}))
    assert any(guid(901) in line and "not in the file" in line for line in report.doubtful)
    document = session.scalar(select(Document))
    assert document is not None and document.case is not None
    assert document.case.label == "Case Z"


def test_importer_reports_spans_outside_documents_with_ids(
    session: Session, tmp_path: Path
) -> None:
    path = write_zip(tmp_path / "x.qdpx", {"project.qde": one_source_project("abc", 1, 9)})
    report = import_refi(session, path=path)
    assert report.imported == {"codes": 1, "documents": 1}
    assert any(guid(200) in line and guid(300) in line for line in report.dropped)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a zip at all", "not a zip archive"),
        (b"PK\x03\x04truncated", "truncated or damaged"),
    ],
)
def test_importer_bad_archives_change_nothing(
    session: Session, tmp_path: Path, data: bytes, message: str
) -> None:
    path = tmp_path / "bad.qdpx"
    path.write_bytes(data)
    with pytest.raises(InvalidInput, match=message):
        import_refi(session, path=path)
    assert _count(session, Memo) == 0


def test_importer_refuses_doctype_in_project_qde(session: Session, tmp_path: Path) -> None:
    qde = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><Project name="&a;"/>'
    path = write_zip(tmp_path / "x.qdpx", {"project.qde": qde})
    with pytest.raises(InvalidInput, match="DOCTYPE"):
        import_refi(session, path=path)


def test_importer_malformed_xml_names_the_position(session: Session, tmp_path: Path) -> None:
    path = write_zip(tmp_path / "x.qdpx", {"project.qde": b"<Project>\n  <Users>\n</Project>"})
    with pytest.raises(InvalidInput, match=r"project.qde: malformed XML at line 3"):
        import_refi(session, path=path)


def test_importer_keeps_repeated_guids_once(session: Session, tmp_path: Path) -> None:
    note = f'<Note guid="{guid(700)}" name="N"><PlainTextContent>x</PlainTextContent></Note>'
    case = f'<Case guid="{guid(800)}" name="C"/>'
    qde = one_source_project("Hello", 0, 5).replace(
        b"</Project>",
        f"<Cases>{case}{case}</Cases><Notes>{note}{note}</Notes></Project>".encode(),
    )
    report = import_refi(session, path=write_zip(tmp_path / "x.qdpx", {"project.qde": qde}))
    assert report.imported["cases"] == 1 and report.imported["memos"] == 1
    assert sum("kept once" in line for line in report.doubtful) == 2, report.doubtful


def test_importer_reports_progress_by_stage(session: Session) -> None:
    lines: list[str] = []
    import_refi(session, path=FIXTURES / "nvivo_like.qdpx", progress=lines.append)
    assert lines[0] == "Reading nvivo_like.qdpx ..."
    assert any(line.startswith("1 documents") for line in lines)


def test_importer_dotnet_like_counts_utf16_units(session: Session) -> None:
    report = import_refi(session, path=FIXTURES / "dotnet_like.qdpx")
    quotes = set(_quotes(session).values())
    assert quotes == {"the surplus goes back into services", "Users sit on it and they vote"}
    assert [o["counting"] for o in report.offsets] == ["UTF-16 code units"]
    assert any("notes not in the file" in line for line in report.doubtful)


def test_importer_recognises_a_codebook_by_its_content(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "codebook.xml"
    path.write_bytes((FIXTURES / "spec_annex_a1.qdc").read_bytes())
    report = import_refi(session, path=path)
    assert report.kind == "qdc" and report.imported == {"codes": 6}


def test_importer_nvivo12_like_places_every_coding_on_its_words(session: Session) -> None:
    """NVivo 12 counts UTF-16 code units (CR LF as two) and leaves names empty."""
    report = import_refi(session, path=FIXTURES / "nvivo12_like.qdpx")
    quotes = _quotes(session)
    expected = {
        nvivo12_coding_guid(s, n): quote
        for s, (_guid, _text, chosen) in enumerate(NVIVO12_SOURCES.values())
        for n, (quote, _code) in enumerate(chosen)
    }
    assert quotes == expected
    assert report.doubtful_codings == []


def test_importer_doubtful_codings_are_listed_and_saved_only_when_accepted(
    session: Session, tmp_path: Path
) -> None:
    path = doubtful_project(tmp_path / "doubtful.qdpx")
    before = snapshot(session)
    with pytest.raises(DoubtfulImport, match="1 coding") as caught:
        import_refi(session, path=path)
    assert snapshot(session) == before and _count(session, Memo) == 0
    (item,) = caught.value.report.doubtful_codings
    start = DOUBTFUL_TEXT.index(DOUBTFUL_QUOTE)
    assert (item["document"], item["code"], item["coding"]) == (
        "Staff interview",
        "Voice",
        guid(300),
    )
    assert (item["start"], item["end"]) == (start, start + len(DOUBTFUL_QUOTE))
    assert (
        item["words"] == "said: nurses" and item["counting"] == "code points, CR LF counted as two"
    )
    assert {"counting": "UTF-16 code units, CR LF counted as two", "words": " said: nurse"} in item[
        "alternatives"
    ]
    assert "Doubtful codings (1, not imported)" in caught.value.report.to_text()

    report = import_refi(session, path=path, accept_doubtful=True)
    assert report.accepted_doubtful and report.imported["codings"] == 1
    (listed,) = list_doubtful_codings(session)
    assert (listed["document"], listed["code"], listed["words"]) == (
        "Staff interview",
        "Voice",
        "said: nurses",
    )
    assert "UTF-16 code units, CR LF counted as two: “said: nurse”" in listed["note"]
    assert settle_doubtful(session, coding_ids=[listed["coding"]]) == 1
    assert list_doubtful_codings(session) == []
    assert list(_quotes(session).values()) == ["said: nurses"]
    with pytest.raises(NotFound, match="Not marked doubtful"):
        settle_doubtful(session, coding_ids=[listed["coding"]])


class Crash(Exception):
    """Stands for the process dying at that point."""


@pytest.mark.parametrize(
    "stage",
    [
        "import_users",
        "import_codes",
        "import_cases",
        "import_documents",
        "import_codings",
        "import_notes",
        "record_event",
        "commit",
    ],
)
@pytest.mark.parametrize("merge", [False, True])
def test_importer_rerun_after_a_crash_at_any_stage_matches_one_clean_run(
    session: Session, monkeypatch: pytest.MonkeyPatch, stage: str, merge: bool
) -> None:
    path = FIXTURES / "atlas_like.qdpx"
    import_refi(session, path=path)
    clean = project_state(session)
    assert clean["rows"]["memo"] == 6 and clean["rows"]["audit_event"] == 1
    wipe_all(session)

    target = session if stage == "commit" else importer
    real = getattr(target, stage)

    def crash(*args: object, **kwargs: object) -> object:
        real(*args, **kwargs)
        raise Crash(stage)

    monkeypatch.setattr(target, stage, crash)
    with pytest.raises(Crash):
        import_refi(session, path=path)
    monkeypatch.undo()

    report = import_refi(session, path=path, merge=merge)
    assert project_state(session) == clean
    if stage == "commit":
        assert report.earlier_import is not None and report.memo_id is None
    else:
        assert report.earlier_import is None and report.memo_id is not None


def _damaged(data: bytes, rng: random.Random) -> bytes:
    damaged = bytearray(data)
    if rng.random() < 0.3:
        return bytes(damaged[: rng.randrange(len(damaged))])
    for _ in range(rng.randint(1, 8)):
        damaged[rng.randrange(len(damaged))] ^= 1 << rng.randrange(8)
    return bytes(damaged)


@pytest.mark.parametrize("inside", [False, True])
def test_importer_damaged_files_give_one_line_and_change_nothing(
    session: Session, tmp_path: Path, inside: bool
) -> None:
    """Truncations and bit flips of the archive (caught by its checks and CRCs), or of
    the files inside it re-packed with good CRCs (so the XML and texts are damaged)."""
    rng = random.Random(f"damage {inside}")
    original = FIXTURES / "nvivo12_like.qdpx"
    with zipfile.ZipFile(original) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    make_code(session, "Already here")
    before = snapshot(session)
    outcomes: Counter[str] = Counter()
    for attempt in range(60):
        path = tmp_path / f"damaged{attempt}.qdpx"
        if inside:
            name = rng.choice(sorted(members))
            write_zip(path, {**members, name: _damaged(members[name], rng)})
        else:
            path.write_bytes(_damaged(original.read_bytes(), rng))
        try:
            import_refi(session, path=path, merge=True, dry_run=True)
            outcomes["read"] += 1
        except InvalidInput as error:
            message = str(error)
            if not message.startswith("Nothing in"):  # that one lists what went wrong
                assert "\n" not in message and len(message) < 600, message
            outcomes[type(error).__name__] += 1
        assert snapshot(session) == before
    assert outcomes["InvalidInput"] >= 10, outcomes
