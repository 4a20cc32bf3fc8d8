"""Importing transcripts: formats, duplicates, replace, speaker maps, failures."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.factories import make_code, make_coding
from tests.io.transcripts.pdfs import make_pdf, numbered_lines

from mutualscope.errors import InvalidInput, NotFound
from mutualscope.io.transcripts import TableOptions
from mutualscope.io.transcripts.speakermap import SpeakerMapping
from mutualscope.services import imports
from mutualscope.services.audit import list_events
from mutualscope.services.cases import add_case
from mutualscope.services.documents import list_documents, load_document
from mutualscope.services.import_sources import collect_sources
from mutualscope.services.imports import import_documents
from mutualscope.services.participants import add_participant
from mutualscope.services.search import search_segments
from mutualscope.storage.documents import Document, DocumentFile, Segment

FIXTURES = Path(__file__).parents[1] / "fixtures" / "transcripts"
GOOD = [
    "interview.docx", "interview.odt", "interview.pdf", "teams.vtt", "interview.srt",
    "turns.csv", "turns.xlsx", "interview.html", "interview.md", "messy-labels.txt",
]  # fmt: skip


def count(session: Session, model: type) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_import_documents_every_format(session: Session) -> None:
    report = import_documents(session, [FIXTURES / name for name in GOOD])
    assert [o.status for o in report.outcomes] == ["imported"] * len(GOOD)
    view = load_document(session, "teams.vtt")
    assert view.source_format == "vtt"
    assert [(s.speaker, s.time_start) for s in view.segments] == [
        ("Facilitator", 0.0),
        ("Physiotherapist", 3.5),
        ("Facilitator", 69.5),
    ]
    stored = session.get(DocumentFile, view.id)
    assert stored is not None and stored.content == (FIXTURES / "teams.vtt").read_bytes()
    assert [e.action for e in list_events(session)].count("import") == len(GOOD)


def test_import_documents_same_file_again_is_skipped(session: Session) -> None:
    import_documents(session, [FIXTURES / "interview.srt"])
    report = import_documents(session, [FIXTURES / "interview.srt"])
    assert report.outcomes[0].status == "skipped"
    assert "already imported as 'interview.srt'" in report.outcomes[0].message
    assert count(session, Document) == 1


def test_import_documents_replace_reports_lost_codings(session: Session, tmp_path: Path) -> None:
    import_documents(session, [FIXTURES / "interview.srt"])
    doc = session.scalar(select(Document))
    assert doc is not None
    make_coding(session, document=doc, code=make_code(session), start=0, end=5)
    report = import_documents(session, [FIXTURES / "interview.srt"], replace=True)
    assert report.outcomes[0].status == "replaced"
    assert "1 codings on it removed" in report.outcomes[0].message
    assert count(session, Document) == 1


def test_import_documents_different_file_with_taken_name_fails(
    session: Session, tmp_path: Path
) -> None:
    import_documents(session, [FIXTURES / "interview.srt"])
    other = tmp_path / "interview.srt"
    other.write_text("1\n00:00:01,000 --> 00:00:02,000\nR1: Something else.\n")
    report = import_documents(session, [other])
    assert report.failed[0].message.endswith("use --replace to replace it")


def test_import_documents_failure_rolls_back_that_file_only(
    session: Session, tmp_path: Path
) -> None:
    for name in ("interview.srt", "scanned.pdf", "interview.md"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    paths = [tmp_path / "interview.srt", tmp_path / "scanned.pdf", tmp_path / "interview.md"]
    stopped = import_documents(session, paths)
    assert [o.status for o in stopped.outcomes] == ["imported", "failed"]
    assert stopped.stopped
    assert count(session, Document) == 1
    assert count(session, DocumentFile) == 1
    kept_going = import_documents(session, paths, keep_going=True)
    assert [o.status for o in kept_going.outcomes] == ["skipped", "failed", "imported"]
    assert "scanned.pdf: the PDF has no text layer" in kept_going.failed[0].message
    assert count(session, Document) == 2


def test_import_documents_storage_failure_loses_only_that_file(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that fails mid-batch (a full disk, say) rolls back the batch, writes its
    earlier files again and reports only the failing one."""
    real = imports.index_segments

    def failing(conn: Any, doc_id: int, seg_ids: Any, passages: Any) -> None:
        if "innovation" in repr(passages):  # otter.txt
            raise OSError("disk full")
        real(conn, doc_id, seg_ids, passages)

    monkeypatch.setattr(imports, "index_segments", failing)
    paths = [FIXTURES / n for n in ("interview.srt", "teams.vtt", "otter.txt", "interview.md")]
    report = import_documents(session, paths, keep_going=True)
    assert [o.status for o in report.outcomes] == ["imported", "imported", "failed", "imported"]
    assert "otter.txt: cannot be read: disk full" in report.failed[0].message
    assert sorted(d.name for d in list_documents(session)) == [
        "interview.md", "interview.srt", "teams.vtt",
    ]  # fmt: skip
    assert {o.document_id for o in report.outcomes if o.document_id} == {
        d.id for d in list_documents(session)
    }
    assert count(session, Segment) == sum(o.turns for o in report.outcomes)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("binary.txt", "binary file"),
        ("empty.txt", "empty"),
        ("protected.docx", "password-protected"),
        ("corrupt.docx", "not a valid .docx"),
        ("encrypted.pdf", "password-protected"),
        ("encrypted.odt", "password-protected"),
        ("bad-timing.vtt", "line 4"),
    ],
)
def test_import_documents_bad_files_change_nothing(
    session: Session, name: str, message: str
) -> None:
    report = import_documents(session, [FIXTURES / name], keep_going=True)
    assert report.failed and message in report.failed[0].message
    assert name in report.failed[0].message
    assert (count(session, Document), count(session, Segment)) == (0, 0)


def test_import_documents_no_speakers_warns(session: Session) -> None:
    report = import_documents(session, [FIXTURES / "no-speakers.txt"], kind="other")
    assert report.outcomes[0].warnings == [
        "no recognisable speakers: imported as one unattributed segment"
    ]
    assert load_document(session, "no-speakers.txt").kind == "other"


def test_import_documents_speaker_map_links_participants(session: Session) -> None:
    add_case(session, label="Case 4")
    add_participant(session, label="Case 4 Nurse", role="nurse", case="Case 4")
    add_participant(session, label="Interviewer", role="interviewer")
    mapping = [
        SpeakerMapping(None, "interviewer", "Interviewer", 2),
        SpeakerMapping("interview.srt", "Nurse", "Case 4 Nurse", 3),
    ]
    import_documents(session, [FIXTURES / "interview.srt"], case="Case 4", speaker_map=mapping)
    view = load_document(session, "interview.srt")
    assert [(s.participant, s.role, s.role_group, s.case) for s in view.segments] == [
        ("Interviewer", "interviewer", "research", "Case 4"),
        ("Case 4 Nurse", "nurse", "staff", "Case 4"),
        ("Interviewer", "interviewer", "research", "Case 4"),
    ]


def test_import_documents_checks_options_before_reading(session: Session) -> None:
    with pytest.raises(NotFound):
        import_documents(session, [FIXTURES / "interview.srt"], case="Case 99")
    with pytest.raises(InvalidInput, match="Unknown document kind"):
        import_documents(session, [FIXTURES / "interview.srt"], kind="diary")
    with pytest.raises(InvalidInput, match="no participant 'Nobody'"):
        import_documents(
            session,
            [FIXTURES / "interview.srt"],
            speaker_map=[SpeakerMapping(None, "R1", "Nobody", 2)],
        )
    assert count(session, Document) == 0


def test_collect_sources_walks_folders_and_names_by_relative_path(tmp_path: Path) -> None:
    (tmp_path / "case1").mkdir()
    shutil.copy(FIXTURES / "interview.md", tmp_path / "case1" / "a.md")
    (tmp_path / "case1" / "notes.rtf").write_text("skip me")
    sources = collect_sources([tmp_path])
    assert [s.name for s in sources] == ["case1/a.md"]
    with pytest.raises(InvalidInput, match="no such file or folder"):
        collect_sources([tmp_path / "missing"])


def test_import_documents_many_files_read_ahead_in_a_worker(
    session: Session, tmp_path: Path
) -> None:
    """Enough files to be read ahead in a worker process: outcomes stay in file order, a
    bad file among them fails alone with its message, and the rest are searchable."""
    from mutualscope.services.read_ahead import MIN_ITEMS
    from mutualscope.services.search import search_segments

    names = []
    for number in range(MIN_ITEMS + 2):
        name = f"interview-{number:02d}.txt"
        (tmp_path / name).write_text(
            f"Interviewer: What changed in year {number}?\n"
            f"CEO: We opened clinic{number} with the surplus.\n",
            encoding="utf-8",
        )
        names.append(name)
    shutil.copy(FIXTURES / "binary.txt", tmp_path / "interview-05b.txt")
    names.insert(6, "interview-05b.txt")
    report = import_documents(session, [tmp_path], keep_going=True)
    assert [o.name for o in report.outcomes] == names
    assert [o.status for o in report.outcomes].count("imported") == MIN_ITEMS + 2
    assert [o.name for o in report.failed] == ["interview-05b.txt"]
    assert "interview-05b.txt" in report.failed[0].message
    assert "binary file" in report.failed[0].message
    hits = search_segments(session, "clinic7")
    assert [(h.document, h.speaker) for h in hits] == [("interview-07.txt", "CEO")]


def test_import_documents_file_imported_meanwhile_by_another_process(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process commits the same file between this import's duplicate check and
    its write (the check is made to miss it, as it would before that commit): the file is
    reported as imported by another process, not as the database's error with its SQL,
    and the files before it in the batch are kept."""
    other = tmp_path / "other"
    other.mkdir()
    (other / "interview.srt").write_text(
        "1\n00:00:01,000 --> 00:00:02,000\nR1: Something else, “quoted” 𝄞.\n", encoding="utf-8"
    )
    import_documents(session, [FIXTURES / "interview.srt"])
    real = imports._existing
    missed: set[str] = set()

    def checked_before_the_other_commit(conn: Session, name: str, checksum: str) -> Any:
        if name == "interview.srt" and checksum not in missed:
            missed.add(checksum)
            return None
        return real(conn, name, checksum)

    monkeypatch.setattr(imports, "_existing", checked_before_the_other_commit)
    paths = [FIXTURES / "teams.vtt", FIXTURES / "interview.srt", FIXTURES / "interview.md"]
    report = import_documents(session, paths, keep_going=True)
    assert [o.status for o in report.outcomes] == ["imported", "skipped", "imported"]
    assert report.outcomes[1].message == (
        "imported by another process while this import ran (as 'interview.srt')"
    )
    different = import_documents(session, [other / "interview.srt"])
    assert different.outcomes[0].status == "failed"
    assert different.outcomes[0].message == (
        f"{other / 'interview.srt'}: another process imported a different document named "
        "'interview.srt' while this import ran; use --replace to replace it"
    )
    names = {d.name: d.id for d in list_documents(session)}
    assert sorted(names) == ["interview.md", "interview.srt", "teams.vtt"]
    assert report.outcomes[0].document_id == names["teams.vtt"]
    assert report.outcomes[1].document_id == names["interview.srt"]
    assert load_document(session, "interview.srt").text.startswith("INTERVIEWER:")


TABLES = FIXTURES / "tables"
BY_INTERVIEW = TableOptions(document_column="Interview")


def stored_turns(session: Session, name: str) -> list[tuple[Any, ...]]:
    doc = session.scalars(select(Document).where(Document.name == name)).one()
    return [
        (s.speaker, doc.text[s.start : s.end], s.time_start, s.time_end, s.attributes)
        for s in doc.segments
    ]


def test_import_documents_one_table_of_many_interviews(session: Session) -> None:
    path = TABLES / "many-interviews.csv"
    report = import_documents(session, [path], table_options=BY_INTERVIEW)
    assert [(o.name, o.status, o.turns, o.last_of_file) for o in report.outcomes] == [
        ("many-interviews – Case 2 CEO", "imported", 3, False),
        ("many-interviews – Case 5 Nurse", "imported", 4, True),
    ]
    assert report.files == 1 and not report.interrupted
    columns = report.outcomes[0].columns
    assert columns is not None and columns.ignored == ["Notes (empty)"]
    assert stored_turns(session, "many-interviews – Case 2 CEO") == [
        ("Interviewer", "When did you spin out, and why?", 3.0, 9.0, None),
        ("CEO", 'In 2011, under the "Right to Request". We wanted\nto stop asking permission.',
         9.0, 90.5, {"Sentiment": "positive"}),
        ("Interviewer", "And the board? 🙂", 90.5, None, None),
    ]  # fmt: skip
    nurse = session.scalars(
        select(Document).where(Document.name == "many-interviews – Case 5 Nurse")
    ).one()
    assert nurse.attributes == {"variables": {"Interview": "Case 5 Nurse", "Site": "Hull"}}
    original = session.get(DocumentFile, nurse.id)
    assert original is not None and original.filename == "many-interviews – Case 5 Nurse.csv"
    assert original.media_type == "text/csv"
    assert original.content.startswith(b"Interview,Speaker,Time_Mark,Text,Site,Sentiment,Notes\r\n")
    assert nurse.checksum == hashlib.sha256(original.content).hexdigest()
    assert load_document(session, nurse.id).text.endswith("Nurse: No.")

    again = import_documents(session, [path], table_options=BY_INTERVIEW)
    assert [o.status for o in again.outcomes] == ["skipped", "skipped"]
    # Without the option the same file is one document of its own.
    whole = import_documents(session, [path])
    assert [(o.name, o.turns) for o in whole.outcomes] == [("many-interviews.csv", 7)]
    assert count(session, Document) == 3


def test_import_documents_a_bad_interview_in_a_table_fails_alone(
    session: Session, tmp_path: Path
) -> None:
    path = tmp_path / "study.csv"
    path.write_text(
        "Interview,Speaker,Start,Text\nA,R1,00:01,Hello.\nB,R2,soon,Hi.\nC,R3,4,Bye.\n",
        encoding="utf-8",
    )
    stopped = import_documents(session, [path], table_options=BY_INTERVIEW)
    assert [(o.name, o.status) for o in stopped.outcomes] == [
        ("study – A", "imported"),
        ("study – B", "failed"),
    ]
    assert stopped.stopped and stopped.files == 1
    assert stopped.outcomes[1].message == (
        f"{path}: document 'B' (column Interview): the turn table has errors\n"
        "  row 3, column Start: expected seconds or hh:mm:ss, got 'soon'"
    )
    report = import_documents(session, [path], table_options=BY_INTERVIEW, keep_going=True)
    assert [(o.name, o.status) for o in report.outcomes] == [
        ("study – A", "skipped"),
        ("study – B", "failed"),
        ("study – C", "imported"),
    ]
    assert sorted(d.name for d in list_documents(session)) == ["study – A", "study – C"]


def test_import_documents_split_tables_read_ahead_in_a_worker(
    session: Session, tmp_path: Path
) -> None:
    paths = []
    for number in range(9):  # enough files for the read-ahead worker
        path = tmp_path / f"batch-{number}.csv"
        path.write_text(
            "Interview\tSpeaker\tTime\tText\tRoom\n"
            f'{number}-a\tInterviewer\t0\t"Why ""mutual""?"\t1\n'
            f"{number}-a\tR1\t2.5\tBecause.\t2\n{number}-b\tR2\t0\tStaff own it.\t3\n",
            encoding="utf-8",
        )
        paths.append(path)
    report = import_documents(session, paths, table_options=BY_INTERVIEW)
    assert report.count("imported") == 18 and report.files == 9
    assert stored_turns(session, "batch-8 – 8-a") == [
        ("Interviewer", 'Why "mutual"?', 0.0, 2.5, {"Room": "1"}),
        ("R1", "Because.", 2.5, None, {"Room": "2"}),  # as written
    ]


def test_import_documents_numbered_pdf_stores_the_words_without_margin_numbers(
    session: Session, tmp_path: Path
) -> None:
    lines = [
        "Interviewer:\tWhat changed\tafter the spin-out?",
        "R1:\tWe stopped  asking permission;",
        "25 staff\tjoined the board.",
        "",
    ] * 8
    path = tmp_path / "numbered.pdf"
    path.write_bytes(make_pdf(numbered_lines(lines, first=101)))
    report = import_documents(session, [path])
    assert report.outcomes[0].warnings == ["32 line numbers in the margin left out of the text"]
    view = load_document(session, "numbered.pdf")
    assert [(s.speaker, s.text) for s in view.segments][:2] == [
        ("Interviewer", "What changed after the spin-out?"),
        ("R1", "We stopped asking permission;\n25 staff joined the board."),
    ]
    doc = session.get(Document, view.id)
    assert doc is not None
    assert doc.attributes == {
        "import_warnings": ["32 line numbers in the margin left out of the text"]
    }
    # A coding on words that ran across a tab holds exactly those words.
    start = view.text.index("asking permission;\n25 staff")
    coding = make_coding(session, doc, make_code(session, "Autonomy"), start, start + 27)
    assert view.text[coding.start : coding.end] == "asking permission;\n25 staff"
    hits = search_segments(session, '"stopped asking permission"')
    assert len(hits) == 8 and {hit.document for hit in hits} == {"numbered.pdf"}


def test_import_documents_a_document_name_past_the_limit_fails_alone(
    session: Session, tmp_path: Path
) -> None:
    path = tmp_path / "study.csv"
    long_value = "Ŵ" * 320
    path.write_text(f"Interview,Speaker,Text\nA,R1,Hello.\n{long_value},R2,Hi.\n", encoding="utf-8")
    report = import_documents(session, [path], table_options=BY_INTERVIEW, keep_going=True)
    assert [o.status for o in report.outcomes] == ["imported", "failed"]
    assert report.outcomes[1].message == (
        f"{path}: the document {('study – ' + long_value)[:60]!r}… would have a name of "
        "328 characters, and a document's name may have 300; shorten the values of the "
        "document column or the file's name"
    )
