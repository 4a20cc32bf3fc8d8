from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from mutualscope.errors import InvalidInput, NotFound
from mutualscope.services.code_index import CodeIndex
from mutualscope.services.codebook import add_code


def test_paths_lookup_and_tree_order(session: Session) -> None:
    add_code(session, "Funding sources/Surplus")
    add_code(session, "Funding sources/Commissioners")
    add_code(session, "Austerity")
    index = CodeIndex.load(session)
    surplus = index.resolve(" funding sources / SURPLUS ")
    assert index.path(surplus.id) == "Funding sources/Surplus"
    funding = index.resolve("Funding sources")
    assert set(index.descendants(funding.id)) == {
        funding.id,
        surplus.id,
        index.resolve("Funding sources/Commissioners").id,
    }
    assert [(index.path(c.id), depth) for c, depth in index.walk()] == [
        ("Funding sources", 0),
        ("Funding sources/Surplus", 1),
        ("Funding sources/Commissioners", 1),
        ("Austerity", 0),
    ]


def test_resolve_suggests_close_paths(session: Session) -> None:
    add_code(session, "Funding sources/Surplus")
    index = CodeIndex.load(session)
    with pytest.raises(NotFound, match="Funding sources/Surplus"):
        index.resolve("Funding source/Surplus")
    with pytest.raises(InvalidInput):
        index.resolve("Funding sources//Surplus")
