"""`import_codings`: codings from each tool's export, placed on the words they were made on."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.codings_import_world import build_import_world

from mutualscope.errors import InvalidInput
from mutualscope.services.code_index import CodeIndex
from mutualscope.services.coding_imports import import_codings
from mutualscope.storage.codebook import Code, Coding
from mutualscope.storage.documents import Document
from mutualscope.storage.memos import Memo
from mutualscope.storage.users import User

FIXTURES = Path(__file__).parent.parent / "fixtures" / "codings"

Coded = tuple[str, str, str | None, str]


def coded_words(session: Session) -> set[Coded]:
    """Every coding as (document, code path, coder, the words it holds)."""
    index = CodeIndex.load(session)
    query = (
        select(Document.name, Document.text, Coding.code_id, Coding.start, Coding.end, User.name)
        .join(Document, Coding.document_id == Document.id)
        .outerjoin(User, Coding.coder_id == User.id)
    )
    return {
        (name, index.path(code_id), coder, text[start:end])
        for name, text, code_id, start, end, coder in session.execute(query)
    }


def counts(session: Session) -> tuple[int, int, int, int]:
    return tuple(  # type: ignore[return-value]
        session.scalar(select(func.count()).select_from(table))
        for table in (Coding, Code, Memo, User)
    )


def write(tmp_path: Path, text: str, name: str = "codings.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_codings_import_maxqda_places_each_segment_on_its_words(session: Session) -> None:
    build_import_world(session)
    result = import_codings(session, FIXTURES / "maxqda-coded-segments.xlsx")
    assert (result.dialect, result.rows, result.added, result.duplicates) == ("maxqda", 5, 5, 0)
    assert coded_words(session) == {
        ("case3-ceo.txt", "Funding sources/Surplus", "ana", "We used the surplus"),
        ("case3-ceo.txt", "Social value", "ben", 'the organi-\nsation\'s "social value" grew'),
        ("case3-ceo.txt", "Commissioning", "ana",
         "Interviewer:\tAnd the commissioners?\nCEO:\tThe commissioners funded the evaluation"),
        ("nurse-interview.docx", "Culture and leadership/Staff engagement and ownership", "ben",
         "As shareholders we have a say"),
    }  # fmt: skip
    # The same words twice: paragraph 2 and paragraph 5, told apart by Begin and End.
    ceo = session.scalar(select(Document).where(Document.name == "case3-ceo.txt"))
    assert ceo is not None
    starts = sorted(
        session.scalars(
            select(Coding.start).where(
                Coding.document_id == ceo.id, Coding.end - Coding.start == 19
            )
        )
    )
    assert starts == [ceo.text.index("We used"), ceo.text.rindex("We used")]
    memos = session.scalars(select(Memo.text).where(Memo.coding_id.is_not(None))).all()
    assert memos == ["Pilot paid from surplus"]


def test_codings_import_atlasti_reads_two_codes_in_a_cell(session: Session) -> None:
    build_import_world(session)
    result = import_codings(session, FIXTURES / "atlasti-quotations.csv")
    assert (result.dialect, result.rows, result.codings, result.added) == ("atlasti", 3, 5, 5)
    passage = (
        'We used the surplus to pay for the pilot, and the organi-\nsation\'s "social value" grew.'
    )
    assert coded_words(session) == {
        ("case3-ceo.txt", "Funding sources/Surplus", "cara", passage),
        ("case3-ceo.txt", "Social value", "cara", passage),
        ("case3-ceo.txt", "Commissioning", "cara",
         "The commissioners funded the evaluation \u2013 it helped a lot."),
        ("case3-ceo.txt", "Austerity", "cara",
         "The commissioners funded the evaluation \u2013 it helped a lot."),
        ("nurse-interview.docx", "Culture and leadership/Staff engagement and ownership", "cara",
         "It's \"our\" organisation now \u2014 nobody else's."),
    }  # fmt: skip
    assert result.tolerant == 3 and result.exact == 0


def test_codings_import_nvivo_table_and_reference_export(session: Session) -> None:
    build_import_world(session)
    result = import_codings(session, FIXTURES / "nvivo-coded-text.xlsx")
    assert (result.dialect, result.added) == ("nvivo", 2)
    result = import_codings(session, FIXTURES / "nvivo-surplus-references.txt", coder="dw")
    assert (result.dialect, result.added) == ("nvivo-text", 3)
    assert coded_words(session) == {
        ("commissioner.txt", "Austerity", "DW",
         "Austerity means savings come first; tenders favour big providers."),
        ("case3-ceo.txt", "Funding sources/Surplus", "DW",
         "We used the surplus again in 2013 \U0001f600."),
        ("case3-ceo.txt", "Funding sources/Surplus", "dw",
         "We used the surplus to pay for the pilot, and the organi-\n"
         'sation\'s "social value" grew.'),
        ("case3-ceo.txt", "Funding sources/Surplus", "dw",
         "We used the surplus again in 2013 \U0001f600."),
        ("nurse-interview.docx", "Funding sources/Surplus", "dw",
         "As shareholders we have a say"),
    }  # fmt: skip


def test_codings_import_generic_offsets_context_and_occurrence(session: Session) -> None:
    build_import_world(session)
    result = import_codings(session, FIXTURES / "codings.csv", coder="eve")
    assert (result.dialect, result.added) == ("generic", 4)
    ceo = session.scalar(select(Document.text).where(Document.name == "case3-ceo.txt"))
    assert ceo is not None
    assert coded_words(session) == {
        ("case3-ceo.txt", "Funding sources/Surplus", "dan",
         "We used the surplus again in 2013 \U0001f600"),
        ("case3-ceo.txt", "Funding sources/Surplus", "dan", "We used the surplus"),
        ("case3-ceo.txt", "Austerity", "dan", "We used the surplus"),
        ("nurse-interview.docx", "Culture and leadership/Staff engagement and ownership", "eve",
         'It\'s "our" organisation'),
    }  # fmt: skip
    by_context = session.scalar(
        select(Coding.start)
        .join(Memo, Memo.coding_id == Coding.id)
        .where(Memo.text == "By context")
    )
    assert by_context == ceo.rindex("We used the surplus")


def test_codings_import_twice_adds_nothing_the_second_time(session: Session) -> None:
    build_import_world(session)
    for name in ("maxqda-coded-segments.xlsx", "atlasti-quotations.csv", "codings.csv"):
        import_codings(session, FIXTURES / name)
    before = counts(session), coded_words(session)
    for name in ("maxqda-coded-segments.xlsx", "atlasti-quotations.csv", "codings.csv"):
        again = import_codings(session, FIXTURES / name)
        assert again.added == 0 and again.duplicates == again.codings > 0
    assert (counts(session), coded_words(session)) == before


def test_codings_import_refuses_unplaced_rows_and_changes_nothing(
    session: Session, tmp_path: Path
) -> None:
    build_import_world(session)
    path = write(
        tmp_path,
        "document,code,text\n"
        "case3-ceo.txt,Austerity,We used the surplus\n"
        "case3-ceo.txt,Austerity,We sold the building\n"
        "missing.txt,Austerity,anything\n"
        "commissioner.txt,Austerity,tenders favour big providers\n",
    )
    before = counts(session)
    with pytest.raises(InvalidInput) as raised:
        import_codings(session, path)
    error = raised.value
    assert str(error).startswith(
        f"{path}: 3 of 4 row(s) could not be placed; nothing was imported."
    )
    ceo = session.scalar(select(Document.text).where(Document.name == "case3-ceo.txt"))
    assert ceo is not None
    first, second = ceo.index("We used the"), ceo.rindex("We used the")
    assert error.problems[0] == (
        f"row 2 (case3-ceo.txt): matches 2 places: {first}, {second}; add context or an "
        "occurrence number"
    )
    assert error.problems[1].startswith("row 3 (case3-ceo.txt): does not occur in the document")
    assert error.problems[2].startswith("row 4 (missing.txt): no document 'missing.txt'")
    assert counts(session) == before

    result = import_codings(session, path, skip_unplaced=True)
    assert (result.added, len(result.unplaced)) == (1, 3)
    assert [u.line for u in result.unplaced] == [2, 3, 4]


def test_codings_import_missing_codes_refused_or_created(session: Session, tmp_path: Path) -> None:
    build_import_world(session)
    path = write(
        tmp_path,
        "document,code,text\n"
        "commissioner.txt,Barriers::Tendering,tenders favour big providers\n"
        "commissioner.txt,Barriers > Tendering,savings come first\n"
        "commissioner.txt,Austerity,Austerity means\n",
    )
    before = counts(session)
    with pytest.raises(InvalidInput) as raised:
        import_codings(session, path)
    assert "1 code(s) are not in the codebook; nothing was imported" in str(raised.value)
    assert raised.value.problems == ["Barriers/Tendering (first on row 2)"]
    assert counts(session) == before

    dry = import_codings(session, path, create_codes=True, dry_run=True)
    assert (dry.codings, dry.added, dry.duplicates) == (3, 3, 0)
    assert dry.created_codes == ["Barriers/Tendering"]
    assert counts(session) == before

    result = import_codings(session, path, create_codes=True)
    assert (result.added, result.created_codes) == (3, ["Barriers/Tendering"])
    assert ("commissioner.txt", "Barriers/Tendering", None, "savings come first") in coded_words(
        session
    )


def test_codings_import_dry_run_changes_nothing(session: Session) -> None:
    build_import_world(session)
    before = counts(session)
    result = import_codings(session, FIXTURES / "atlasti-quotations.csv", dry_run=True)
    assert (result.placed, result.codings, result.added, result.duplicates) == (3, 5, 5, 0)
    assert counts(session) == before


def test_codings_import_dry_run_counts_what_the_real_run_would(
    session: Session, tmp_path: Path
) -> None:
    build_import_world(session)
    path = write(
        tmp_path,
        "document,code,text\n"
        "commissioner.txt,Austerity,savings come first\n"
        "commissioner.txt,Austerity,savings come first\n"
        "commissioner.txt,Austerity,Austerity means\n",
    )
    dry = import_codings(session, path, coder="ana", dry_run=True)
    assert (dry.codings, dry.added, dry.duplicates) == (3, 2, 1)
    before = counts(session)
    real = import_codings(session, path, coder="ana")
    assert (real.added, real.duplicates) == (2, 1)
    assert counts(session) != before
    after = counts(session)
    again = import_codings(session, path, coder="ana", dry_run=True)
    assert (again.added, again.duplicates) == (0, 3)
    # Another coder's codings of the same words are new; so is a coder not made yet.
    other = import_codings(session, path, coder="bo", dry_run=True)
    assert (other.added, other.duplicates) == (2, 1)
    assert counts(session) == after


def test_codings_import_offsets_checked_against_the_text(session: Session, tmp_path: Path) -> None:
    build_import_world(session)
    # Offsets another tool counted in UTF-16 units (the emoji as two) are one too far:
    # the text says which words were meant, and wins.
    path = write(
        tmp_path,
        "document,code,start,end,text\n"
        "case3-ceo.txt,Austerity,264,299,We used the surplus again in 2013 \U0001f600\n"
        "case3-ceo.txt,Austerity,5000,5010,\n",
    )
    with pytest.raises(InvalidInput) as raised:
        import_codings(session, path)
    assert raised.value.problems == [
        "row 3 (case3-ceo.txt): the offsets 5000-5010 do not fit the document (length 300)"
    ]
    import_codings(session, path, skip_unplaced=True)
    assert coded_words(session) == {
        ("case3-ceo.txt", "Austerity", None, "We used the surplus again in 2013 \U0001f600")
    }


def test_codings_import_memo_not_added_twice(session: Session, tmp_path: Path) -> None:
    build_import_world(session)
    path = write(
        tmp_path,
        "document,code,text,memo,coder\ncommissioner.txt,Austerity,savings come first,Key,ana\n",
    )
    import_codings(session, path)
    import_codings(session, path)
    assert session.scalars(select(Memo.text)).all() == ["Key"]
