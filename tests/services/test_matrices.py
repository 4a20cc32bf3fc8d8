from __future__ import annotations

import pytest
from sqlalchemy.orm import Session
from tests.coding_world import build_world
from tests.factories import make_coding

from mutualscope.errors import InvalidInput
from mutualscope.services.matrices import (
    build_cooccurrence,
    build_matrix,
    cell_quotes,
    cooccurrence_quotes,
)


def test_codes_by_role_count_codings(session: Session) -> None:
    build_world(session)
    matrix = build_matrix(session, cols="role")
    assert matrix.columns == ["CEO", "Commissioner", "Nurse"]
    assert matrix.value("Funding sources/Surplus", "CEO") == 2
    assert matrix.value("Austerity", "Commissioner") == 2
    assert matrix.value("Funding sources", "CEO") == 0
    wide = {row["code"]: row for row in matrix.wide()}
    assert wide["Innovation/Organisational"]["Nurse"] == 2
    long = matrix.long()
    assert len(long) == len(matrix.rows) * len(matrix.columns)
    assert set(long[0]) == {
        "row",
        "column",
        "row_dimension",
        "column_dimension",
        "measure",
        "value",
    }


def test_rollup_and_distinct_measures(session: Session) -> None:
    build_world(session)
    rolled = build_matrix(session, cols="case", rollup=True, code="Funding sources")
    assert rolled.rows == [
        "Funding sources",
        "Funding sources/Commissioners",
        "Funding sources/Surplus",
    ]
    assert rolled.value("Funding sources", "Case 3") == 4
    docs = build_matrix(session, cols="case", rollup=True, measure="documents")
    assert docs.value("Funding sources", "Case 3") == 1
    people = build_matrix(session, cols="case", measure="participants")
    assert people.value("Austerity", "Case 3") == 1


def test_organisation_field_columns(session: Session) -> None:
    build_world(session)
    matrix = build_matrix(session, cols="org.size_band", measure="cases")
    assert matrix.columns == ["1000-plus", "under-50"]
    assert matrix.value("Innovation/Organisational", "under-50") == 1
    assert matrix.value("Austerity", "1000-plus") == 1


def test_cell_lists_the_quotes_behind_it(session: Session) -> None:
    build_world(session)
    quotes = cell_quotes(session, "Austerity", "Commissioner", cols="role")
    assert len(quotes) == 2 and all(q.attribution == "(Commissioner)" for q in quotes)
    assert cell_quotes(session, "Austerity", "Nurse", cols="role") == []
    # The role as stored or as typed finds the same cell.
    assert len(cell_quotes(session, "Funding sources/Surplus", "Chief executive")) == 2


def test_bad_dimensions(session: Session) -> None:
    build_world(session)
    with pytest.raises(InvalidInput):
        build_matrix(session, cols="colour")
    with pytest.raises(InvalidInput):
        build_matrix(session, measure="words")
    with pytest.raises(InvalidInput):
        build_cooccurrence(session, scope="paragraph")


def test_cooccurrence_scopes(session: Session) -> None:
    world = build_world(session)
    text = world.ceo_doc.text
    start = text.index("surplus")
    # Austerity overlapping a surplus coding, in the same turn and document.
    make_coding(session, world.ceo_doc, world.austerity, start, start + 20, coder=world.ana)
    overlap = build_cooccurrence(session, scope="overlap")
    assert overlap.value("Austerity", "Funding sources/Surplus") == 2
    assert overlap.value("Funding sources/Surplus", "Austerity") == 2
    assert overlap.value("Austerity", "Austerity") == 3
    assert overlap.value("Austerity", "Funding sources/Commissioners") == 0
    turn = build_cooccurrence(session, scope="turn")
    assert turn.value("Austerity", "Funding sources/Surplus") == 1
    document = build_cooccurrence(session, scope="document")
    assert document.value("Austerity", "Funding sources/Commissioners") == 1
    quotes = cooccurrence_quotes(session, "Austerity", "Funding sources/Surplus")
    assert [q.text for q in quotes] == [text[start : start + 20]]
