"""Merging one code into another: its codings move, nothing is deleted that holds work.

While a merge runs, coders may be coding the code being merged away. The merge locks the
codes it changes before it moves anything: a coding being saved on them is waited for
and moved with the rest, and one saved after the merge is refused (the code is gone),
never removed with it. The code itself is deleted only once no coding points at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from mutualscope.errors import Conflict, InvalidInput
from mutualscope.services.audit import record_event
from mutualscope.services.code_index import CodeIndex
from mutualscope.services.codebook_edits import codebook_edit, snapshot
from mutualscope.storage.codebook import Code, Coding
from mutualscope.storage.memos import Memo


@dataclass(frozen=True)
class MergeResult:
    source: str
    target: str
    moved: int
    folded: int


@dataclass
class _Tally:
    moved: int = 0
    folded: int = 0
    #: id of each code merged away -> its path, and the path it went into.
    paths: dict[str, str] = field(default_factory=dict)
    merged: dict[str, str] = field(default_factory=dict)


def _span_key(row: Any) -> tuple[int, int, int, int | None]:
    return (row.document_id, row.start, row.end, row.coder_id)


def fold_codings(session: Session, source_id: int, target_id: int) -> tuple[int, int]:
    """Move codings from source to target. One the target already has (same document,
    span and coder) is folded into it: its memos move onto the target's coding. Returns
    (moved, folded)."""
    columns = (Coding.id, Coding.document_id, Coding.start, Coding.end, Coding.coder_id)
    kept = {
        _span_key(row): row.id
        for row in session.execute(select(*columns).where(Coding.code_id == target_id))
    }
    folded: dict[int, int] = {}
    moved = 0
    for row in session.execute(select(*columns).where(Coding.code_id == source_id)):
        if _span_key(row) in kept:
            folded[row.id] = kept[_span_key(row)]
        else:
            moved += 1
    for duplicate, keeper in folded.items():
        session.execute(update(Memo).where(Memo.coding_id == duplicate).values(coding_id=keeper))
    if folded:
        session.execute(delete(Coding).where(Coding.id.in_(list(folded))))
    session.execute(update(Coding).where(Coding.code_id == source_id).values(code_id=target_id))
    return moved, len(folded)


def _merge_into(
    session: Session, index: CodeIndex, source: Code, target: Code, tally: _Tally
) -> None:
    moved, folded = fold_codings(session, source.id, target.id)
    tally.moved += moved
    tally.folded += folded
    tally.paths[str(source.id)] = index.path(source.id)
    tally.merged[str(source.id)] = index.path(target.id)
    session.execute(update(Memo).where(Memo.code_id == source.id).values(code_id=target.id))
    for child in list(index.children.get(source.id, [])):
        same = index.child(target.id, child.name)
        if same is None:
            child.parent_id = target.id
            index.children.setdefault(target.id, []).append(child)
        else:
            _merge_into(session, index, child, same, tally)
    index.children[source.id] = []
    session.flush()
    left = session.scalar(select(func.count()).where(Coding.code_id == source.id)) or 0
    if left:
        raise Conflict(
            f"{left} coding(s) were still on {tally.paths[str(source.id)]!r} after moving its "
            "codings; nothing was merged. Try the merge again."
        )
    session.delete(source)
    session.flush()


def merge_codes(
    session: Session, source_path: str, target_path: str, *, actor: str | None = None
) -> MergeResult:
    """Merge ``source`` into ``target``: its codings move (duplicates folded), its
    sub-codes move under the target (merged with same-named ones), then it is deleted."""
    with codebook_edit(session) as index:
        source = index.resolve(source_path)
        target = index.resolve(target_path)
        if source.id == target.id:
            raise InvalidInput("Cannot merge a code into itself.")
        if target.id in index.descendants(source.id):
            raise InvalidInput(
                f"Cannot merge {source_path!r} into its own sub-code {target_path!r}."
            )
        # Wait for codings being saved on these codes, and keep new ones off them until
        # the merge commits (SQLite's single writer does this by itself).
        involved = sorted({*index.descendants(source.id), *index.descendants(target.id)})
        session.execute(select(Code.id).where(Code.id.in_(involved)).with_for_update()).all()
        tally = _Tally()
        before = snapshot(source, index)
        result_target = index.path(target.id)
        deleted = index.descendants(source.id)
        _merge_into(session, index, source, target, tally)
        record_event(
            session,
            action="merge",
            entity_type="code",
            entity_id=target.id,
            before={
                **before,
                "code_ids": [i for i in deleted if str(i) in tally.merged],
                "paths": tally.paths,
            },
            after={
                "into": result_target,
                "moved": tally.moved,
                "folded": tally.folded,
                "merged": tally.merged,
            },
            actor=actor,
        )
    return MergeResult(before["path"], result_target, tally.moved, tally.folded)
