"""Finding a withdrawn participant's words where the project quotes them, outside the
transcripts: memos (titles and text), code definitions and the audit trail (a corrected
turn's old words). Each quote, four or more of their words in a row
(:func:`mutualscope.domain.erasure.quoted_spans`), becomes ``[withdrawn]``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mutualscope.domain.erasure import QUOTE_WORDS, erase_spans, quoted_spans
from mutualscope.storage.codebook import Code
from mutualscope.storage.memos import Memo
from mutualscope.storage.users import AuditEvent


def redact(text: str, said: list[str]) -> str | None:
    """``text`` with its quotes of ``said`` replaced, or None when it quotes none."""
    if len(text.split()) < QUOTE_WORDS:
        return None
    spans = quoted_spans(text, said)
    return erase_spans(text, spans).text if spans else None


def map_strings(value: Any, change: Callable[[str], str | None]) -> tuple[Any, bool]:
    """A JSON value with ``change`` made to every string in it (None: left as it is), and
    whether anything changed."""
    if isinstance(value, str):
        changed = change(value)
        return (value, False) if changed is None else (changed, True)
    if isinstance(value, list):
        pairs = [map_strings(item, change) for item in value]
        return [v for v, _ in pairs], any(c for _, c in pairs)
    if isinstance(value, dict):
        found = {key: map_strings(item, change) for key, item in value.items()}
        return {k: v for k, (v, _) in found.items()}, any(c for _, c in found.values())
    return value, False


@dataclass
class Redactions:
    """New values of what quotes the words, by row id."""

    memos: dict[int, dict[str, str]] = field(default_factory=dict)
    definitions: dict[int, str] = field(default_factory=dict)
    events: dict[int, dict[str, Any]] = field(default_factory=dict)


def find_redactions(session: Session, said: list[str]) -> Redactions:
    """Every memo, code definition and audit event that quotes ``said``."""
    found = Redactions()
    if not said:
        return found
    for memo_id, title, body in session.execute(select(Memo.id, Memo.title, Memo.text)):
        changed = {
            name: redacted
            for name, value in (("title", title), ("text", body))
            if value and (redacted := redact(value, said)) is not None
        }
        if changed:
            found.memos[memo_id] = changed
    for code_id, definition in session.execute(select(Code.id, Code.definition)):
        if definition and (redacted := redact(definition, said)) is not None:
            found.definitions[code_id] = redacted
    events = select(AuditEvent.id, AuditEvent.before, AuditEvent.after)
    for event_id, before, after in session.execute(events):
        values = {}
        for name, value in (("before", before), ("after", after)):
            redacted_value, quoted = map_strings(value, lambda words: redact(words, said))
            if quoted:
                values[name] = redacted_value
        if values:
            found.events[event_id] = values
    return found


def apply_redactions(session: Session, found: Redactions) -> None:
    """Write the redacted values (in the caller's transaction)."""
    for memo_id, values in found.memos.items():
        session.execute(update(Memo).where(Memo.id == memo_id).values(**values))
    for code_id, definition in found.definitions.items():
        session.execute(update(Code).where(Code.id == code_id).values(definition=definition))
    for event_id, values in found.events.items():
        # The one change an audit event takes (migration 0009's trigger allows no other).
        session.execute(update(AuditEvent).where(AuditEvent.id == event_id).values(**values))
