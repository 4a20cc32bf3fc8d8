from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from tests.factories import make_coding, make_document, make_user

from mutualscope.errors import Conflict, InvalidInput, NotFound
from mutualscope.services.codebook import (
    CodeIndex,
    add_code,
    delete_code,
    list_codes,
    merge_codes,
    move_code,
    rename_code,
    update_code,
)
from mutualscope.services.memos import add_memo
from mutualscope.storage.models import AuditEvent, Code, Coding, Memo


def paths(session: Session) -> list[str]:
    return [row["path"] for row in list_codes(session)]


def test_add_code_creates_missing_parents(session: Session) -> None:
    added = add_code(session, "Funding/Surplus", definition="Money left over", colour="#abc")
    assert added.created_parents == ["Funding"]
    assert added.code.colour == "#aabbcc"
    assert paths(session) == ["Funding", "Funding/Surplus"]
    assert session.scalar(select(func.count()).select_from(AuditEvent)) == 1


def test_add_code_refuses_duplicates_case_insensitively(session: Session) -> None:
    add_code(session, "Funding/Surplus")
    with pytest.raises(Conflict):
        add_code(session, "funding/surplus")


def test_add_code_refuses_empty_parts_and_bad_colours(session: Session) -> None:
    with pytest.raises(InvalidInput):
        add_code(session, "Funding//Surplus")
    with pytest.raises(InvalidInput):
        add_code(session, "Funding", colour="reddish")
    assert paths(session) == []


def test_rename_and_update(session: Session) -> None:
    add_code(session, "Funding/Surplus")
    add_code(session, "Funding/Charity")
    assert rename_code(session, "Funding/Charity", "Philanthropy") == "Funding/Philanthropy"
    with pytest.raises(Conflict):
        rename_code(session, "Funding/Philanthropy", "surplus")
    update_code(session, "Funding/Surplus", definition="Reinvested surplus", colour="#112233")
    row = next(r for r in list_codes(session) if r["path"] == "Funding/Surplus")
    assert row["definition"] == "Reinvested surplus" and row["colour"] == "#112233"


def test_move_refuses_cycles(session: Session) -> None:
    add_code(session, "A/B/C")
    with pytest.raises(InvalidInput, match="cycle"):
        move_code(session, "A", "A/B/C")
    with pytest.raises(InvalidInput, match="cycle"):
        move_code(session, "A", "A")
    assert move_code(session, "A/B/C", None) == "C"
    assert move_code(session, "C", "A") == "A/C"
    assert sorted(paths(session)) == ["A", "A/B", "A/C"]


def test_merge_moves_codings_folds_duplicates_and_merges_subcodes(session: Session) -> None:
    add_code(session, "Old/Child")
    add_code(session, "New/Child")
    index = CodeIndex.load(session)
    old, new = index.resolve("Old"), index.resolve("New")
    old_child = index.resolve("Old/Child")
    document = make_document(session)
    ana = make_user(session, "ana")
    make_coding(session, document, old, 0, 5, coder=ana)
    make_coding(session, document, new, 0, 5, coder=ana)  # duplicate once merged
    make_coding(session, document, old, 3, 9, coder=ana)
    make_coding(session, document, old_child, 1, 2, coder=ana)
    result = merge_codes(session, "Old", "New")
    assert (result.moved, result.folded) == (2, 1)
    assert paths(session) == ["New", "New/Child"]
    spans = sorted(session.execute(select(Coding.start, Coding.end)).all())
    assert spans == [(0, 5), (1, 2), (3, 9)]


def test_merge_refuses_self_and_descendants(session: Session) -> None:
    add_code(session, "A/B")
    with pytest.raises(InvalidInput):
        merge_codes(session, "A", "A")
    with pytest.raises(InvalidInput):
        merge_codes(session, "A", "A/B")
    with pytest.raises(NotFound):
        merge_codes(session, "A", "Z")


def test_delete_refuses_while_coded_unless_forced(session: Session) -> None:
    add_code(session, "A/B")
    code = CodeIndex.load(session).resolve("A/B")
    make_coding(session, make_document(session), code, 0, 3)
    with pytest.raises(Conflict, match="1 coding"):
        delete_code(session, "A")
    assert paths(session) == ["A", "A/B"]
    assert delete_code(session, "A", force=True) == 1
    assert paths(session) == []
    assert session.scalar(select(func.count()).select_from(Code)) == 0


def test_list_codes_counts_own_and_subcode_codings(session: Session) -> None:
    add_code(session, "A/B")
    index = CodeIndex.load(session)
    document = make_document(session)
    make_coding(session, document, index.resolve("A"), 0, 3)
    make_coding(session, document, index.resolve("A/B"), 0, 3)
    make_coding(session, document, index.resolve("A/B"), 4, 6)
    rows = {r["path"]: r for r in list_codes(session)}
    assert (rows["A"]["codings"], rows["A"]["codings_with_subcodes"]) == (1, 3)
    assert rows["A/B"]["depth"] == 1


def test_merge_folds_duplicates_without_coder_and_keeps_their_memos(session: Session) -> None:
    add_code(session, "Barriers/Tendering")
    add_code(session, "Competition")
    index = CodeIndex.load(session)
    text = "Staff said: “we lost the 𝔗ender”\r\nand then won the next one.\n"
    document = make_document(session, text=text)
    start = text.index("we lost")
    end = text.index("”")
    kept = make_coding(session, document, index.resolve("Competition"), start, end)
    folded = make_coding(session, document, index.resolve("Barriers/Tendering"), start, end)
    add_memo(session, "Said twice in the interview", coding_id=folded.id)
    result = merge_codes(session, "Barriers/Tendering", "Competition")
    assert (result.moved, result.folded) == (0, 1)
    coding = session.scalars(select(Coding)).one()
    assert coding.id == kept.id and text[coding.start : coding.end] == "we lost the 𝔗ender"
    memo = session.scalars(select(Memo)).one()
    assert (memo.text, memo.coding_id) == ("Said twice in the interview", kept.id)


@pytest.mark.parametrize("parent", [None, "Funding"])
def test_code_table_refuses_sibling_names_differing_in_case(
    session: Session, parent: str | None
) -> None:
    add_code(session, f"{parent}/Surplus" if parent else "Surplus")
    parent_id = CodeIndex.load(session).resolve(parent).id if parent else None
    session.add(Code(name=" surplus ", parent_id=parent_id))
    with pytest.raises(IntegrityError, match="name_key"):
        session.commit()
    session.rollback()
    session.add(Code(name="SURPLUS", parent_id=parent_id))
    with pytest.raises(IntegrityError, match="name_key"):
        session.commit()
    session.rollback()
    assert [p for p in paths(session) if p.lower().endswith("surplus")] == [
        f"{parent}/Surplus" if parent else "Surplus"
    ]


def test_rename_to_another_case_of_its_own_name_is_allowed(session: Session) -> None:
    add_code(session, "Funding/surplus")
    assert rename_code(session, "Funding/surplus", "Surplus") == "Funding/Surplus"
    assert paths(session) == ["Funding", "Funding/Surplus"]
