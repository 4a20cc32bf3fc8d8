from __future__ import annotations

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from tests.coding_world import build_world
from tests.factories import make_code, make_document

from mutualscope.errors import InvalidInput, NotFound
from mutualscope.services.codebook import merge_codes
from mutualscope.services.codings import (
    add_coding,
    codings_dataframe,
    export_rows,
    list_codings,
    remove_coding,
    save_coding,
    write_coding,
)
from mutualscope.storage.models import Coding, Document, Memo, User

#: Astral characters, doubled quotes and a CR LF: offsets are code points.
QUIRKY = 'Dr 𝔄da: "We said ""no"" 🙂 to the tender.\r\nThen the surplus paid for it."\n'


def count(session: Session, model: type) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_add_by_match_records_coder_time_and_memo(session: Session) -> None:
    world = build_world(session)
    coding = add_coding(
        session, "case3-ceo.txt", "Austerity", match="helped a lot", coder="cara", memo="Why?"
    )
    assert world.ceo_doc.text[coding.start : coding.end] == "helped a lot"
    cara = session.scalars(select(User).where(User.name == "cara")).one()
    assert (cara.role, cara.password_hash) == ("coder", None)
    assert coding.coder_id == cara.id and coding.created_at is not None
    assert session.scalars(select(Memo.text).where(Memo.coding_id == coding.id)).one() == "Why?"


def test_add_by_offsets_counts_code_points(session: Session) -> None:
    build_world(session)
    coding = add_coding(session, "case3-ceo.txt", "Austerity", start=0, end=11)
    assert (coding.start, coding.end) == (0, 11)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"match": "not in the text"}, "does not occur"),
        ({"match": "commissioners"}, "ambiguous"),
        ({"start": 5, "end": 2}, "before start"),
        ({"start": 0, "end": 10_000}, "past the end"),
        ({"start": 0}, "--start and --end"),
        ({"match": "CEO", "start": 0, "end": 3}, "not both"),
    ],
)
def test_bad_spans_change_nothing(session: Session, kwargs: dict, message: str) -> None:
    build_world(session)
    before = count(session, Coding)
    with pytest.raises(InvalidInput, match=message) as caught:
        add_coding(session, "case3-ceo.txt", "Austerity", **kwargs)
    assert "case3-ceo.txt" in str(caught.value)
    assert count(session, Coding) == before


def test_unknown_document_and_code(session: Session) -> None:
    build_world(session)
    with pytest.raises(NotFound):
        add_coding(session, "nope.txt", "Austerity", start=0, end=1)
    with pytest.raises(NotFound):
        add_coding(session, "case3-ceo.txt", "Nope", start=0, end=1)


def test_occurrence_picks_one_of_several_matches(session: Session) -> None:
    world = build_world(session)
    coding = add_coding(session, "case3-ceo.txt", "Austerity", match="commissioners", occurrence=2)
    assert coding.start == world.ceo_doc.text.rindex("commissioners")


def test_remove_keeps_memos_as_project_memos(session: Session) -> None:
    build_world(session)
    coding = add_coding(session, "case3-ceo.txt", "Austerity", match="helped", memo="keep me")
    remove_coding(session, coding.id)
    assert session.get(Coding, coding.id) is None
    assert session.scalars(select(Memo).where(Memo.text == "keep me")).one().coding_id is None
    with pytest.raises(NotFound):
        remove_coding(session, coding.id)


def test_list_filters(session: Session) -> None:
    build_world(session)
    assert len(list_codings(session)) == 8
    assert len(list_codings(session, code="Funding sources", subcodes=True)) == 4
    assert len(list_codings(session, document="case4-nurse.txt")) == 2
    assert len(list_codings(session, role="nurse", coder="ana")) == 1
    assert {r["case"] for r in list_codings(session, case="3")} == {"Case 3"}
    everything = list_codings(session)
    assert list_codings(session, offset=2, limit=3) == everything[2:5]
    row = list_codings(session, code="Austerity", coder="ana")[0]
    assert set(row) == {
        "coding_id", "code", "document", "start", "end", "text", "role", "case", "coder",
        "created_at",
    }  # fmt: skip


def quirky_document(session: Session) -> Document:
    make_code(session, "Barriers")
    return make_document(session, text=QUIRKY, name='quirky ""quotes"".txt')


@pytest.mark.parametrize("coder", ["ana", None])
def test_add_coding_twice_returns_the_existing_coding(session: Session, coder: str | None) -> None:
    doc = quirky_document(session)
    first = save_coding(session, doc.name, "barriers", match='""no"" 🙂', coder=coder)
    again = save_coding(
        session, doc.name, " Barriers ", match='""no"" 🙂', coder=coder, memo="Again"
    )
    assert (first.created, again.created) == (True, False)
    assert again.coding.id == first.coding.id
    assert doc.text[again.coding.start : again.coding.end] == '""no"" 🙂'
    assert count(session, Coding) == 1
    # The memo given with the repeated coding is kept, on the coding that exists.
    memo = session.scalars(select(Memo)).one()
    assert (memo.text, memo.coding_id) == ("Again", first.coding.id)
    rows = list_codings(session)
    assert [(r["text"], r["coder"]) for r in rows] == [('""no"" 🙂', coder)]


def test_add_coding_same_span_by_another_coder_is_a_second_coding(session: Session) -> None:
    doc = quirky_document(session)
    words = "the surplus paid for it"
    made = [save_coding(session, doc.name, "Barriers", match=words, coder=c) for c in ("ana", None)]
    assert [m.created for m in made] == [True, True]
    assert sorted((r["text"], r["coder"] or "") for r in list_codings(session)) == [
        (words, ""),
        (words, "ana"),
    ]


@pytest.mark.parametrize("coder", ["ana", None])
def test_coding_table_refuses_a_duplicate_written_directly(
    session: Session, coder: str | None
) -> None:
    doc = quirky_document(session)
    saved = save_coding(session, doc.name, "Barriers", match="surplus", coder=coder).coding
    row = {
        "document_id": doc.id, "code_id": saved.code_id, "start": saved.start,
        "end": saved.end, "coder_id": saved.coder_id,
    }  # fmt: skip
    with pytest.raises(IntegrityError, match="code_id"):
        session.execute(insert(Coding), [row])
    session.rollback()
    assert count(session, Coding) == 1


def test_write_coding_on_a_code_merged_meanwhile_is_not_found(session: Session) -> None:
    doc = quirky_document(session)
    old = make_code(session, "Old theme")
    make_code(session, "New theme")
    merge_codes(session, "Old theme", "New theme")
    # A coder who read the codebook before the merge saves a coding on the old code.
    with pytest.raises(NotFound, match="'Old theme' was merged into 'New theme'"):
        write_coding(session, doc.id, doc.name, old.id, "Old theme", (0, 2), coder_id=None)
    assert count(session, Coding) == 0


def test_export_rows_and_dataframe_carry_organisation_fields(session: Session) -> None:
    world = build_world(session)
    rows = export_rows(session, code="Austerity")
    assert len(rows) == 2
    assert rows[0]["org_name"] == world.big.name
    assert rows[0]["org_size_band"] == "1000-plus"
    assert rows[0]["org_region"] == "East of England"
    frame = codings_dataframe(session)
    assert len(frame) == 8
    assert {"code", "top_code", "text", "attribution", "org_employees_min"} <= set(frame.columns)
