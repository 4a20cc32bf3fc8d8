"""Full-text search over speaker turns, the same on SQLite and PostgreSQL.

Queries take words, "phrases", prefixes (``innovat*``) and AND, OR, NOT
(:mod:`mutualscope.domain.searchquery`). A hit is a passage (a turn, or a piece of a very
long one) with the offsets of its first match, speaker, role, case and the words around.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from mutualscope.domain.searchquery import (
    QuerySyntaxError,
    parse_query,
    positive_terms,
    term_pattern,
)
from mutualscope.domain.words import fold
from mutualscope.errors import InvalidInput
from mutualscope.services.cases import find_case
from mutualscope.services.participants import roles_matching
from mutualscope.storage.fulltext import (
    has_pending,
    index_pending,
    passage_details,
    rebuild_index,
    search_passages,
)

MAX_LIMIT = 10_000
_WORD = re.compile(r"\s*\S+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class SearchHit:
    document: str
    document_id: int
    segment_id: int
    start: int
    end: int
    speaker: str | None
    participant: str | None
    role: str | None
    case: str | None
    time_start: float | None
    left: str
    match: str
    right: str


def ensure_index(session: Session) -> int:
    """Index segments written by paths that did not index them (migration, other tools)."""
    conn = session.connection()
    if not has_pending(conn):
        return 0
    count = index_pending(conn)
    session.commit()
    return count


def reindex(session: Session) -> int:
    """Rebuild the whole search index. Returns the number of segments indexed."""
    count = rebuild_index(session.connection())
    session.commit()
    return count


def _context(text: str, start: int, end: int, words: int) -> tuple[str, str, str]:
    """The match with up to ``words`` words either side, spacing kept so that
    ``left + match + right`` reads as the text does (line breaks become spaces)."""
    left_start = start
    for found, _ in zip(_WORD.finditer(text[:start][::-1]), range(words), strict=False):
        left_start = start - found.end()
    right_end = end
    for found, _ in zip(_WORD.finditer(text, end), range(words), strict=False):
        right_end = found.end()
    if not words:
        left_start, right_end = start, end
    return (
        _SPACE.sub(" ", text[left_start:start]).lstrip(),
        _SPACE.sub(" ", text[start:end]),
        _SPACE.sub(" ", text[end:right_end]).rstrip(),
    )


def _first_match(text: str, pattern: re.Pattern[str] | None) -> tuple[int, int]:
    """Where the first matched term is in ``text``, found as the index sees the words
    (folded case and accents) but reported in the original text's offsets."""
    if pattern is None:
        return 0, 0
    if text.isascii():
        found = pattern.search(text)
        return (found.start(), found.end()) if found else (0, 0)
    pieces = [fold(ch) for ch in text]
    origin = [i for i, piece in enumerate(pieces) for _ in piece]
    origin.append(len(text))
    found = pattern.search("".join(pieces))
    if found is None or found.end() == found.start():
        return 0, 0
    return origin[found.start()], origin[found.end() - 1] + 1


def search_segments(
    session: Session,
    query: str,
    *,
    case: str | None = None,
    role: str | None = None,
    context: int = 8,
    limit: int = 20,
) -> list[SearchHit]:
    """Passages matching ``query`` in import order; ``role`` may be a role or a group."""
    try:
        parsed = parse_query(query)
    except QuerySyntaxError as error:
        raise InvalidInput(f"Search query {query!r}: {error}.") from error
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"--limit must be between 1 and {MAX_LIMIT}, not {limit}.")
    if context < 0:
        raise InvalidInput(f"--context must be 0 or more words, not {context}.")
    case_id = find_case(session, case).id if case else None
    roles = roles_matching(session, role) if role else None
    ensure_index(session)
    passages = search_passages(
        session.connection(), parsed, case_id=case_id, roles=roles, limit=limit
    )
    details = passage_details(session.connection(), [p.passage_id for p in passages])
    patterns = [term_pattern(t) for t in positive_terms(parsed)]
    finder = re.compile("|".join(patterns), re.IGNORECASE) if patterns else None
    hits = []
    for passage in passages:
        detail = details[passage.passage_id]
        m_start, m_end = _first_match(detail.text, finder)
        left, match, right = _context(detail.text, m_start, m_end, context)
        hits.append(
            SearchHit(
                document=detail.document,
                document_id=passage.document_id,
                segment_id=passage.segment_id,
                start=passage.start + m_start,
                end=passage.start + m_end,
                speaker=detail.speaker,
                participant=detail.participant,
                role=detail.role,
                case=detail.case,
                time_start=detail.time_start,
                left=left,
                match=match,
                right=right,
            )
        )
    session.commit()
    return hits
