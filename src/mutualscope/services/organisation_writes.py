"""The write phase of a registry import: new organisations, changed ones, service links.

New organisations and service links go to the database driver as tuples (see
:mod:`mutualscope.storage.bulk`): with 100,000 rows, SQLAlchemy's per-row parameter
processing cost more than SQLite's inserting. Values are converted once per column with
the same bind processors SQLAlchemy would use, so what is stored does not change.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar, cast

import sqlalchemy as sa
from sqlalchemy import Connection, bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from mutualscope.services.organisation_matching import COMPARED_COLUMNS, ImportRow
from mutualscope.storage.bulk import insert_rows
from mutualscope.storage.organisations import Organisation, OrganisationService

CHUNK = 5000
T = TypeVar("T")
_TABLE = cast(sa.Table, Organisation.__table__)
_LINKS = cast(sa.Table, OrganisationService.__table__)
# Columns every new organisation gets a value for, whatever the file holds.
_ALWAYS = ("guid", "name", "name_key", "region_derived", "attributes", "created_at", "updated_at")


def merged_attributes(old: dict[str, Any], new: dict[str, str | None]) -> dict[str, Any]:
    merged = dict(old)
    for key, value in new.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def write_changes(
    session: Session,
    rows: list[ImportRow],
    updates: list[dict[str, Any]],
    service_ids: list[int],
) -> None:
    """Insert the rows without ``existing_id``, apply ``updates`` (dicts with ``id`` and the
    changed columns) and replace the service links of ``service_ids``."""
    now = datetime.now(UTC)
    conn = session.connection()
    new_rows = [row for row in rows if row.existing_id is None]
    _insert_organisations(conn, new_rows, now)
    _update(session, updates, now)
    for id_batch in chunks(service_ids, CHUNK):
        session.execute(delete(_LINKS).where(_LINKS.c.organisation_id.in_(id_batch)))
    refresh = set(service_ids)
    links = [
        (row.existing_id, service)
        for row in rows
        if row.services and (row.created or row.existing_id in refresh)
        for service in row.services
    ]
    insert_rows(conn, _LINKS.name, ("organisation_id", "service"), links)


def _insert_organisations(conn: Connection, rows: list[ImportRow], now: datetime) -> None:
    """Insert ``rows`` and set each one's ``existing_id`` (and ``created``)."""
    if not rows:
        return
    for row in rows:
        row.created = True
    guids = new_guids(len(rows))
    values: dict[str, list[Any]] = {
        "guid": guids,
        "name": [row.name for row in rows],
        "name_key": [row.key for row in rows],
        "region_derived": [bool(row.values.get("region_derived")) for row in rows],
        "attributes": [merged_attributes({}, row.attributes) for row in rows],
    }
    given = set().union(*(row.values for row in rows))
    for column in COMPARED_COLUMNS:
        if column in given and column not in _ALWAYS:
            cells = [row.values.get(column) for row in rows]
            # Columns empty in every row are left to their NULL default.
            if any(cell is not None for cell in cells):
                values[column] = cells
    names = [*values, "created_at", "updated_at"]
    converted = [_driver_values(conn, name, values[name]) for name in values]
    converted += [[_driver_value(conn, name, now)] * len(rows) for name in names[-2:]]
    # Ids are read back by guid afterwards: RETURNING with ordered parameters would make
    # SQLite fall back to one INSERT per row. Every id allocated from here on is above
    # today's largest, so one range query finds them.
    before = conn.execute(select(func.max(_TABLE.c.id))).scalar() or 0
    tuples = list(zip(*converted, strict=True))
    for batch in chunks(tuples, CHUNK * 4):
        insert_rows(conn, _TABLE.name, names, batch)
    position = {guid: index for index, guid in enumerate(guids)}
    for guid, org_id in conn.execute(
        select(_TABLE.c.guid, _TABLE.c.id).where(_TABLE.c.id > before)
    ):
        index = position.get(guid)
        if index is not None:
            rows[index].existing_id = org_id


def _driver_value(conn: Connection, column: str, value: Any) -> Any:
    dialect = conn.dialect
    process = _TABLE.c[column].type.dialect_impl(dialect).bind_processor(dialect)
    return value if process is None else process(value)


def _driver_values(conn: Connection, column: str, values: list[Any]) -> list[Any]:
    """``values`` as SQLAlchemy would hand them to the driver for ``column``; each distinct
    value is converted once (timestamps, flags and numbers repeat)."""
    dialect = conn.dialect
    process = _TABLE.c[column].type.dialect_impl(dialect).bind_processor(dialect)
    if process is None:
        return values
    if column == "attributes":  # dicts: not hashable, and rarely repeated
        return [process(value) for value in values]
    seen: dict[Any, Any] = {}
    out = []
    for value in values:
        # Keyed by type too: True == 1 == 1.0 share a hash but not a conversion.
        key = (type(value), value)
        result = seen.get(key, seen)
        if result is seen:
            result = seen[key] = process(value)
        out.append(result)
    return out


def new_guids(count: int) -> list[str]:
    """``count`` random (version 4) UUIDs as text, as ``storage.base.new_guid`` makes
    them, from one read of the system's random source instead of one call per row."""
    data = os.urandom(16 * count)
    guids = []
    for start in range(0, 16 * count, 16):
        hexed = data[start : start + 16].hex()
        variant = "89ab"[int(hexed[16], 16) & 3]
        guids.append(
            f"{hexed[:8]}-{hexed[8:12]}-4{hexed[13:16]}-{variant}{hexed[17:20]}-{hexed[20:]}"
        )
    return guids


def _update(session: Session, updates: list[dict[str, Any]], now: datetime) -> None:
    """Executemany per set of changed columns (one UPDATE statement shape each)."""
    shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for change in updates:
        columns = tuple(sorted(k for k in change if k != "id"))
        shapes.setdefault(columns, []).append(change)
    for columns, group in shapes.items():
        statement = (
            update(_TABLE)
            .where(_TABLE.c.id == bindparam("row_id"))
            .values({c: bindparam(f"new_{c}") for c in (*columns, "updated_at")})
        )
        params = [
            {"row_id": g["id"], "new_updated_at": now, **{f"new_{c}": g[c] for c in columns}}
            for g in group
        ]
        for batch in chunks(params, CHUNK):
            session.execute(statement, batch)


def chunks(items: Sequence[T] | Iterable[T], size: int) -> list[list[T]]:
    listed = list(items)
    return [listed[i : i + size] for i in range(0, len(listed), size)]
