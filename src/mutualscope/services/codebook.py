"""The codebook: hierarchical codes addressed by path, each with a definition and colour.

Codes are few (tens to a few thousand), so the whole tree is read at once into a
:class:`~mutualscope.services.code_index.CodeIndex` and paths are worked out in Python.
Every edit goes through :func:`~mutualscope.services.codebook_edits.codebook_edit`: edits
are made one at a time, each against the codebook the last one left.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from mutualscope.domain.codepaths import (
    join_code_path,
    normalise_colour,
    parse_code_path,
    validate_code_name,
)
from mutualscope.errors import Conflict, InvalidInput
from mutualscope.services.audit import record_event
from mutualscope.services.code_index import CodeIndex as CodeIndex
from mutualscope.services.codebook_edits import codebook_edit
from mutualscope.services.codebook_edits import snapshot as _snapshot
from mutualscope.services.codebook_merge import MergeResult as MergeResult
from mutualscope.services.codebook_merge import merge_codes as merge_codes
from mutualscope.storage.codebook import Code, Coding
from mutualscope.storage.memos import Memo
from mutualscope.storage.users import User


def code_ids_for(session: Session, path: str, *, subcodes: bool = False) -> list[int]:
    """The id of the code at ``path`` (and, with ``subcodes``, of every code below it)."""
    index = CodeIndex.load(session)
    code = index.resolve(path)
    return index.descendants(code.id) if subcodes else [code.id]


@dataclass(frozen=True)
class AddedCode:
    code: Code
    path: str
    created_parents: list[str]


def create_code_path(
    session: Session,
    index: CodeIndex,
    parts: tuple[str, ...],
    *,
    definition: str | None,
    colour: str | None,
) -> AddedCode:
    parent: Code | None = None
    created: list[str] = []
    for depth, part in enumerate(parts):
        existing = index.child(parent.id if parent else None, part)
        last = depth == len(parts) - 1
        if existing is not None and last:
            raise Conflict(f"The code {join_code_path(parts)!r} already exists.")
        if existing is None:
            siblings = index.children.get(parent.id if parent else None, [])
            existing = Code(
                name=validate_code_name(part),
                parent_id=parent.id if parent else None,
                definition=definition if last else None,
                colour=colour if last else None,
                position=len(siblings),
            )
            session.add(existing)
            session.flush()
            index.by_id[existing.id] = existing
            index.children.setdefault(existing.parent_id, []).append(existing)
            if not last:
                created.append(join_code_path(parts[: depth + 1]))
        parent = existing
    assert parent is not None
    return AddedCode(parent, join_code_path(parts), created)


def add_code(
    session: Session,
    path: str,
    *,
    definition: str | None = None,
    colour: str | None = None,
    actor: str | None = None,
) -> AddedCode:
    """Add the code at ``path``, creating missing parent codes on the way."""
    parts = parse_code_path(path)
    colour = normalise_colour(colour)
    with codebook_edit(session) as index:
        added = create_code_path(
            session, index, parts, definition=definition or None, colour=colour
        )
        record_event(
            session,
            action="create",
            entity_type="code",
            entity_id=added.code.id,
            after=_snapshot(added.code, index),
            actor=actor,
        )
    return added


def coding_counts(session: Session, *, coder: str | None = None) -> dict[int, int]:
    """How many codings each code has (its own, not its sub-codes'); with ``coder``,
    only that coder's (a coder on a blind project counts only their own)."""
    query = select(Coding.code_id, func.count()).group_by(Coding.code_id)
    if coder is not None:
        query = query.join(User, Coding.coder_id == User.id).where(User.name == coder)
    return {code_id: count for code_id, count in session.execute(query).all()}


def list_codes(session: Session, *, coder: str | None = None) -> list[dict[str, Any]]:
    """Every code in tree order: path, depth, definition, colour, codings (own and with
    sub-codes; with ``coder``, only theirs). This is the stable JSON of ``codes list``."""
    index = CodeIndex.load(session)
    counts = coding_counts(session, coder=coder)
    rows = []
    for code, depth in index.walk():
        rows.append(
            {
                "id": code.id,
                "path": index.path(code.id),
                "name": code.name,
                "depth": depth,
                "definition": code.definition,
                "colour": code.colour,
                "codings": counts.get(code.id, 0),
                "codings_with_subcodes": sum(counts.get(i, 0) for i in index.descendants(code.id)),
            }
        )
    return rows


def update_code(
    session: Session,
    path: str,
    *,
    definition: str | None = None,
    colour: str | None = None,
    actor: str | None = None,
) -> Code:
    """Change a code's definition and/or colour (``None`` leaves a field as it is)."""
    colour = normalise_colour(colour) if colour else colour
    with codebook_edit(session) as index:
        code = index.resolve(path)
        before = _snapshot(code, index)
        if definition is not None:
            code.definition = definition or None
        if colour is not None:
            code.colour = colour or None
        record_event(
            session,
            action="update",
            entity_type="code",
            entity_id=code.id,
            before=before,
            after=_snapshot(code, index),
            actor=actor,
        )
    return code


def rename_code(session: Session, path: str, new_name: str, *, actor: str | None = None) -> str:
    """Give a code a new name in the same place; returns its new path."""
    name = validate_code_name(new_name)
    with codebook_edit(session) as index:
        code = index.resolve(path)
        clash = index.child(code.parent_id, name)
        if clash is not None and clash.id != code.id:
            raise Conflict(f"A code named {clash.name!r} already exists beside {path!r}.")
        before = _snapshot(code, index)
        code.name = name
        new_path = join_code_path((*index.parts(code.id)[:-1], name))
        record_event(
            session,
            action="rename",
            entity_type="code",
            entity_id=code.id,
            before=before,
            after={**before, "path": new_path},
            actor=actor,
        )
    return new_path


def move_code(
    session: Session, path: str, new_parent: str | None, *, actor: str | None = None
) -> str:
    """Place a code (with everything below it) under ``new_parent``, or at the top level
    when ``new_parent`` is None. Refuses to move a code under itself."""
    with codebook_edit(session) as index:
        code = index.resolve(path)
        parent = index.resolve(new_parent) if new_parent else None
        if parent is not None and parent.id in index.descendants(code.id):
            raise InvalidInput(
                f"Cannot move {path!r} under {new_parent!r}: that is the code itself or one "
                "of its sub-codes, which would make a cycle."
            )
        parent_id = parent.id if parent else None
        clash = index.child(parent_id, code.name)
        if clash is not None and clash.id != code.id:
            raise Conflict(
                f"{new_parent or 'The top level'!r} already has a code named {clash.name!r}; "
                "rename one of them or merge them with `codes merge`."
            )
        before = _snapshot(code, index)
        code.parent_id = parent_id
        code.position = len(index.children.get(parent_id, []))
        parent_parts = index.parts(parent.id) if parent else ()
        new_path = join_code_path((*parent_parts, code.name))
        record_event(
            session,
            action="move",
            entity_type="code",
            entity_id=code.id,
            before=before,
            after={**before, "path": new_path},
            actor=actor,
        )
    return new_path


def delete_code(
    session: Session, path: str, *, force: bool = False, actor: str | None = None
) -> int:
    """Delete a code and its sub-codes. Refuses while any of them is coded unless
    ``force``, which deletes their codings too. Returns the number of codings deleted."""
    with codebook_edit(session) as index:
        code = index.resolve(path)
        ids = index.descendants(code.id)
        # Codings being saved on these codes are waited for (and so counted below).
        session.execute(select(Code.id).where(Code.id.in_(ids)).with_for_update()).all()
        coded = session.scalar(select(func.count()).where(Coding.code_id.in_(ids))) or 0
        if coded and not force:
            raise Conflict(
                f"{path!r} (with its sub-codes) has {coded} coding(s); merge it into another "
                "code, or delete with --force to remove the codings too."
            )
        before = _snapshot(code, index)
        paths = {str(i): index.path(i) for i in ids}
        coding_ids = select(Coding.id).where(Coding.code_id.in_(ids))
        session.execute(delete(Memo).where(Memo.coding_id.in_(coding_ids)))
        session.execute(delete(Coding).where(Coding.code_id.in_(ids)))
        session.execute(delete(Memo).where(Memo.code_id.in_(ids)))
        # Deepest first, so no row ever points at a parent already gone.
        for code_id in reversed(ids):
            session.execute(delete(Code).where(Code.id == code_id))
        record_event(
            session,
            action="delete",
            entity_type="code",
            entity_id=code.id,
            before={
                **before, "subcodes": len(ids) - 1, "codings": coded, "code_ids": ids,
                "paths": paths,
            },
            actor=actor,
        )  # fmt: skip
    return coded
