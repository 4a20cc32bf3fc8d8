"""Bulk Core inserts and GUID look-ups shared by the REFI-QDA import."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from mutualscope.io.refi.elements import guid_key

#: Rows per executemany; keeps parameter lists within both backends' limits.
BATCH = 5000
#: GUIDs per IN (...) look-up.
LOOKUP_BATCH = 500


def insert_rows(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    """Insert plain rows through Core (the ORM's bulk path costs seconds at 100,000 rows);
    column defaults (GUIDs, timestamps) still apply."""
    statement = insert(model.__table__)
    for start in range(0, len(rows), BATCH):
        session.execute(statement, rows[start : start + BATCH])


def ids_by_guid(session: Session, model: Any, guids: Iterable[str]) -> dict[str, int]:
    """``{guid_key: id}`` for rows of ``model`` with the given GUIDs (as stored)."""
    wanted = list(dict.fromkeys(guids))
    found: dict[str, int] = {}
    for start in range(0, len(wanted), LOOKUP_BATCH):
        chunk = wanted[start : start + LOOKUP_BATCH]
        for guid, row_id in session.execute(
            select(model.guid, model.id).where(model.guid.in_(chunk))
        ):
            found[guid_key(guid)] = row_id
    return found


def all_ids_by_guid(session: Session, model: Any) -> dict[str, int]:
    return {guid_key(g): i for g, i in session.execute(select(model.guid, model.id))}


def unique_label(wanted: str, taken: set[str], limit: int) -> str:
    """``wanted``, or ``wanted (2)``, ``(3)`` ... so it clashes with nothing in ``taken``
    (compared case-insensitively); adds the result to ``taken``."""
    base = wanted.strip()[:limit] or "Untitled"
    label, n = base, 1
    while label.casefold() in taken:
        n += 1
        suffix = f" ({n})"
        label = base[: limit - len(suffix)] + suffix
    taken.add(label.casefold())
    return label
