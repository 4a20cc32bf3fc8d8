"""REFI-QDA codes -> the codebook: bulk insert level by level, matching on merge by
GUID, then by path."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.domain.codepaths import MAX_NAME_LENGTH, name_key, normalise_colour
from mutualscope.errors import InvalidInput
from mutualscope.io.refi.elements import guid_key
from mutualscope.io.refi.model import RefiCode
from mutualscope.services.refi.bulk import ids_by_guid, insert_rows, unique_label
from mutualscope.services.refi.report import ImportReport
from mutualscope.storage.codebook import lock_codebook
from mutualscope.storage.models import Code


@dataclass
class _Planned:
    code: RefiCode
    path: tuple[str, ...]
    parent_key: str | None
    position: int


def _flatten(codes: list[RefiCode]) -> list[list[_Planned]]:
    """Codes grouped by depth, each with its cleaned path and parent."""
    levels: list[list[_Planned]] = []
    stack: list[tuple[int, RefiCode, tuple[str, ...], str | None, int]] = [
        (0, code, (), None, i) for i, code in reversed(list(enumerate(codes)))
    ]
    while stack:
        depth, code, parent_path, parent_key, position = stack.pop()
        path = (*parent_path, clean_name(code.name))
        while len(levels) <= depth:
            levels.append([])
        levels[depth].append(_Planned(code, path, parent_key, position))
        stack.extend(
            (depth + 1, child, path, guid_key(code.guid), i)
            for i, child in reversed(list(enumerate(code.children)))
        )
    return levels


def clean_name(name: str) -> str:
    # A "/" stays in the name: code paths write it as "\\/".
    return name.strip()[:MAX_NAME_LENGTH] or "Unnamed code"


def _existing(session: Session) -> tuple[dict[str, int], dict[tuple[str, ...], int]]:
    rows = session.execute(select(Code.id, Code.guid, Code.name, Code.parent_id)).all()
    by_guid = {guid_key(guid): row_id for row_id, guid, _name, _parent in rows}
    names = {row_id: (name, parent) for row_id, _guid, name, parent in rows}
    by_path: dict[tuple[str, ...], int] = {}
    for row_id in names:
        parts: list[str] = []
        current: int | None = row_id
        while current is not None:
            name, current = names[current]
            parts.append(name_key(name))
        by_path.setdefault(tuple(reversed(parts)), row_id)
    return by_guid, by_path


def import_codes(
    session: Session, codes: list[RefiCode], report: ImportReport, *, merge: bool
) -> dict[str, int]:
    """Insert ``codes``; returns ``{guid_key: code id}`` for every code of the file."""
    lock_codebook(session)
    by_guid, by_path = _existing(session) if merge else ({}, {})
    ids: dict[str, int] = {}
    renamed = 0
    # Sibling names differ in more than capitals and spaces (the codebook's rule).
    siblings: dict[str | None, set[str]] = {}
    for level in _flatten(codes):
        rows: list[dict[str, Any]] = []
        for planned in level:
            code, key = planned.code, guid_key(planned.code.guid)
            path_key = tuple(name_key(part) for part in planned.path)
            if key in ids:
                report.doubtful.append(f"code {code.name!r}: GUID {code.guid} repeated; kept once.")
                continue
            if key in by_guid or path_key in by_path:
                ids[key] = by_guid.get(key) or by_path[path_key]
                report.match("codes")
                continue
            name = unique_label(
                planned.path[-1], siblings.setdefault(planned.parent_key, set()), MAX_NAME_LENGTH
            )
            if name != code.name:
                renamed += 1
            rows.append(
                {
                    "guid": code.guid,
                    "name": name,
                    "parent_id": ids.get(planned.parent_key) if planned.parent_key else None,
                    "definition": code.description,
                    "colour": _colour(code, report),
                    "codable": code.codable,
                    "position": planned.position,
                }
            )
            ids[key] = -1
        insert_rows(session, Code, rows)
        ids.update(ids_by_guid(session, Code, [r["guid"] for r in rows]))
        report.count("codes", len(rows))
    if renamed:
        report.mapped.append(
            f"{renamed} code name(s) trimmed, shortened, or numbered ('Funding (2)') because "
            "a sibling had the same name apart from capitals."
        )
    return ids


def _colour(code: RefiCode, report: ImportReport) -> str | None:
    try:
        return normalise_colour(code.color)
    except InvalidInput:
        report.doubtful.append(f"code {code.name!r} ({code.guid}): colour {code.color!r} dropped.")
        return None
