"""QualCoder's categories (``code_cat``) and codes (``code_name``) as a tree of REFI codes.

A category holds categories and codes and cannot be coded itself (``codable`` false); a
code sits in a category (``catid``) or, from database v16, under another code
(``supercid``). Siblings are ordered by name, as QualCoder shows them. Memos become the
codes' descriptions, as QualCoder's own REFI-QDA export writes them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from mutualscope.io.qualcoder.database import columns
from mutualscope.io.qualcoder.model import derive_guid
from mutualscope.io.refi.model import RefiCode


@dataclass
class Codebook:
    roots: list[RefiCode] = field(default_factory=list)
    #: QualCoder's code id -> the code's GUID.
    codes: dict[int, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def read_codebook(connection: sqlite3.Connection, project_key: str) -> Codebook:
    book = Codebook()
    nodes: dict[tuple[str, int], RefiCode] = {}
    parents: dict[tuple[str, int], tuple[str, int] | None] = {}
    for catid, name, memo, supercatid in connection.execute(
        "SELECT catid, name, memo, supercatid FROM code_cat ORDER BY lower(name), catid"
    ):
        key = ("category", catid)
        nodes[key] = RefiCode(
            guid=derive_guid(project_key, "category", catid),
            name=name or "",
            codable=False,
            description=_text(memo),
        )
        parents[key] = ("category", supercatid) if supercatid is not None else None
    sub = "supercid" if "supercid" in columns(connection, "code_name") else "NULL"
    for cid, name, memo, catid, color, supercid in connection.execute(
        f"SELECT cid, name, memo, catid, color, {sub} FROM code_name ORDER BY lower(name), cid"
    ):
        key = ("code", cid)
        nodes[key] = RefiCode(
            guid=derive_guid(project_key, "code", cid),
            name=name or "",
            color=_text(color),
            description=_text(memo),
        )
        book.codes[cid] = nodes[key].guid
        if supercid is not None:
            parents[key] = ("code", supercid)
        else:
            parents[key] = ("category", catid) if catid is not None else None
    # Categories first, then codes, each by name (the order of the queries).
    for key in sorted(nodes, key=lambda k: k[0] != "category"):
        parent = _parent(key, parents, nodes, book.problems)
        (nodes[parent].children if parent else book.roots).append(nodes[key])
    return book


def _parent(
    key: tuple[str, int],
    parents: dict[tuple[str, int], tuple[str, int] | None],
    nodes: dict[tuple[str, int], RefiCode],
    problems: list[str],
) -> tuple[str, int] | None:
    """The node's parent, or None (top level) when it is missing or part of a cycle,
    which QualCoder itself repairs the same way when it opens a project."""
    parent = parents[key]
    if parent is None:
        return None
    kind, number = key
    if parent not in nodes:
        problems.append(
            f"{kind} {nodes[key].name!r} ({number}) is under {parent[0]} {parent[1]}, which "
            "is missing; put at the top level."
        )
        return None
    seen = {key}
    step: tuple[str, int] | None = parent
    while step is not None:
        if step in seen:
            problems.append(
                f"{kind} {nodes[key].name!r} ({number}) is part of a cycle of parents; put "
                "at the top level."
            )
            parents[key] = None
            return None
        seen.add(step)
        step = parents.get(step)
    return parent
