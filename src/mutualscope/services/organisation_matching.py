"""Matching imported rows to each other and to the organisations a project holds.

A row matches an organisation by any identifier (Companies House, charity, registered
society or ODS code), else by its normalised name, provided no identifier of the same
kind says they differ. Two rows that would be the same organisation are both refused.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Text, cast, select
from sqlalchemy.orm import Session

from mutualscope.domain.columns import IDENTIFIER_FIELDS, ColumnMatch
from mutualscope.domain.identifiers import canonical_identifier
from mutualscope.domain.records import CellProblem, OrganisationRecord
from mutualscope.storage.organisations import Organisation, OrganisationService


@dataclass
class ImportRow:
    record: OrganisationRecord
    values: dict[str, Any]  # Organisation column -> value, for the columns the file gives
    name: str
    key: str
    identifiers: dict[str, str]
    services: list[str] | None
    attributes: dict[str, str | None]
    existing_id: int | None = None
    created: bool = False


def identifiers_conflict(a: dict[str, str], b: dict[str, Any]) -> bool:
    """True when ``b`` has an identifier of a kind ``a`` has, and it differs. Stored values
    are compared as imports now read them (a company number that lost its zeros in an
    earlier import is the same number)."""
    return any(
        b.get(kind) and canonical_identifier(kind, b[kind]) != value for kind, value in a.items()
    )


def find_duplicates_in_file(rows: list[ImportRow], columns: list[ColumnMatch]) -> list[CellProblem]:
    header = {c.field: c.header for c in columns if c.field}
    problems: list[CellProblem] = []
    first_by_identifier: dict[tuple[str, str], ImportRow] = {}
    first_by_name: dict[str, list[ImportRow]] = {}
    for row in rows:
        for kind, value in row.identifiers.items():
            earlier = first_by_identifier.setdefault((kind, value), row)
            if earlier is not row:
                problems.append(
                    CellProblem(
                        row.record.row,
                        header[kind],
                        value,
                        f"a {kind.replace('_', ' ')} not already given in row {earlier.record.row}",
                    )
                )
        if not row.key:
            continue
        for earlier in first_by_name.setdefault(row.key, []):
            if not identifiers_conflict(row.identifiers, earlier.identifiers):
                expected = (
                    f"a name not already used in row {earlier.record.row}, or an "
                    "identifier (e.g. Companies House number) that tells them apart"
                )
                problems.append(CellProblem(row.record.row, header["name"], row.name, expected))
                problems.append(
                    CellProblem(
                        earlier.record.row,
                        header["name"],
                        earlier.name,
                        expected.replace(f"row {earlier.record.row}", f"row {row.record.row}"),
                    )
                )
                break
        first_by_name[row.key].append(row)
    return problems


@dataclass
class ExistingOrganisations:
    by_id: dict[int, dict[str, Any]]
    by_identifier: dict[tuple[str, str], int]
    by_name: dict[str, list[int]]
    services: dict[int, list[str]]


COMPARED_COLUMNS = [
    c.name
    for c in Organisation.__table__.columns
    if c.name not in ("id", "guid", "created_at", "updated_at", "name_key")
]


_SHARED_ATTRIBUTES_CHARS = 200


def load_existing(session: Session) -> ExistingOrganisations:
    table = Organisation.__table__
    names = ["id", "name_key", *COMPARED_COLUMNS]
    # Attributes come as JSON text, parsed once per distinct short text: most
    # organisations share the same few (often none), and parsing each row's copy cost
    # more than the rest of the load. Long texts are nearly always one organisation's
    # own, and kept once rather than as text, parsed value and copy.
    selected = [cast(table.c[c], Text).label(c) if c == "attributes" else table.c[c] for c in names]
    parsed: dict[str | None, Any] = {None: None}
    by_id: dict[int, dict[str, Any]] = {}
    by_identifier: dict[tuple[str, str], int] = {}
    by_name: dict[str, list[int]] = {}
    for row in session.execute(select(*selected)):
        data = dict(zip(names, row, strict=True))
        text = data["attributes"]
        value = parsed.get(text, parsed)
        if value is not parsed:
            value = dict(value) if isinstance(value, dict) else value
        else:
            value = json.loads(text)
            if len(text) <= _SHARED_ATTRIBUTES_CHARS:
                parsed[text] = value
                value = dict(value) if isinstance(value, dict) else value
        data["attributes"] = value
        by_id[data["id"]] = data
        by_name.setdefault(data["name_key"], []).append(data["id"])
        for kind in IDENTIFIER_FIELDS:
            if data[kind]:
                by_identifier[(kind, canonical_identifier(kind, data[kind]))] = data["id"]
    services: dict[int, list[str]] = {}
    for org_id, service in session.execute(
        select(OrganisationService.organisation_id, OrganisationService.service)
    ):
        services.setdefault(org_id, []).append(service)
    return ExistingOrganisations(by_id, by_identifier, by_name, services)


def match_existing(
    rows: list[ImportRow], existing: ExistingOrganisations, columns: list[ColumnMatch]
) -> list[CellProblem]:
    header = {c.field: c.header for c in columns if c.field}
    problems: list[CellProblem] = []
    claimed: dict[int, int] = {}
    for row in rows:
        ids = {
            existing.by_identifier[(k, v)]
            for k, v in row.identifiers.items()
            if (k, v) in existing.by_identifier
        }
        if not ids:
            ids = {
                i
                for i in existing.by_name.get(row.key, [])
                if not identifiers_conflict(row.identifiers, existing.by_id[i])
            }
        names = sorted(existing.by_id[i]["name"] for i in ids)
        if len(ids) > 1:
            problems.append(
                CellProblem(
                    row.record.row,
                    header["name"],
                    row.name,
                    "a row that matches one organisation, but it matches "
                    + " and ".join(names)
                    + "; add an identifier column (e.g. Companies House number) to tell them apart",
                )
            )
            continue
        if ids:
            (org_id,) = ids
            if org_id in claimed:
                problems.append(
                    CellProblem(
                        row.record.row,
                        header["name"],
                        row.name,
                        f"a different organisation from row {claimed[org_id]}: both match "
                        f"{names[0]!r} in the project",
                    )
                )
                continue
            claimed[org_id] = row.record.row
            row.existing_id = org_id
    return problems
