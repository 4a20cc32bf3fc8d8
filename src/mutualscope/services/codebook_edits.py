"""How every change to the codebook is made: one at a time, all or nothing, and a clash
with another person's work is told in words, never as a database error.

Each edit takes the codebook first (:func:`mutualscope.storage.codebook.lock_codebook`),
so two edits never interleave: the second reads the codebook the first left and is judged
against it (a code renamed or merged away meanwhile is simply not found any more). The
unique indexes on sibling names and on codings stay as the last word: an edit that meets
one anyway is refused with :class:`~mutualscope.errors.Conflict` and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from mutualscope.errors import Conflict
from mutualscope.services.code_index import CodeIndex
from mutualscope.storage.codebook import Code, lock_codebook
from mutualscope.storage.users import AuditEvent

#: SQLSTATEs of a transaction the server gave up on because of another one.
RETRY_STATES = frozenset({"40001", "40P01"})
#: How many recent codebook events are searched for what happened to a missing code.
HISTORY = 500

CLASH = (
    "The codebook changed while this edit was being saved, and the edit no longer fits: "
    "nothing was changed. Look at the codebook again and repeat the edit if it still "
    "applies."
)


def is_clash(error: BaseException) -> bool:
    """A database refusal caused by someone else's change at the same moment."""
    if isinstance(error, IntegrityError | StaleDataError):
        return True
    state = getattr(getattr(error, "orig", None), "sqlstate", None)
    return isinstance(error, DBAPIError) and state in RETRY_STATES


@contextmanager
def codebook_edit(session: Session) -> Iterator[CodeIndex]:
    """Take the codebook, give its current tree, and commit what the block did; on any
    error roll back. A clash in the database becomes Conflict."""
    try:
        lock_codebook(session)
        yield CodeIndex.load(session)
        session.commit()
    except BaseException as error:
        session.rollback()
        if is_clash(error):
            raise Conflict(CLASH) from error
        raise


def snapshot(code: Code, index: CodeIndex | None = None) -> dict[str, Any]:
    path = index.path(code.id) if index and code.id in index.by_id else code.name
    return {"path": path, "definition": code.definition, "colour": code.colour}


def describe_missing_code(session: Session, code_id: int, path: str | None = None) -> str:
    """Why the code ``code_id`` is not there: merged into another (naming it) or deleted,
    as the audit trail tells; for a message to someone still holding the old codebook."""
    events = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity_type == "code", AuditEvent.action.in_(("merge", "delete")))
        .order_by(AuditEvent.id.desc())
        .limit(HISTORY)
    )
    for event in events:
        before = event.before or {}
        if code_id not in before.get("code_ids", ()):
            continue
        name = before.get("paths", {}).get(str(code_id)) or path or before.get("path")
        if event.action == "merge":
            after = event.after or {}
            into = after.get("merged", {}).get(str(code_id)) or after.get("into")
            return (
                f"The code {name!r} was merged into {into!r} (by {event.actor or 'someone'}); "
                f"nothing was saved. Code the passage with {into!r}."
            )
        return f"The code {name!r} was deleted (by {event.actor or 'someone'}); nothing was saved."
    shown = repr(path) if path else f"with id {code_id}"
    return f"No code {shown} (it may have been deleted); nothing was saved."
