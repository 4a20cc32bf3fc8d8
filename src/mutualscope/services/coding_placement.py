"""Placing the rows of a codings file: which document, which codes, which span.

Read-only: nothing here writes. :mod:`mutualscope.services.coding_imports` stores what
this places.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.domain.codepaths import join_code_path
from mutualscope.domain.spans import Span
from mutualscope.domain.textmatch import MatchableText, Passage, fold
from mutualscope.io.codings import CodingRow
from mutualscope.services.code_index import CodeIndex
from mutualscope.storage.codebook import Code
from mutualscope.storage.documents import Document

#: ATLAS.ti numbers its documents: "D 3: Interview", "P3: Interview", "3 Interview".
_ATLAS_NUMBER = re.compile(r"^(?:[PD]\s*)?\d+\s*:?\s+(?P<name>.+)$")
_TEXT_BATCH = 500


@dataclass(frozen=True)
class PlacedRow:
    """A row placed: its document, span and code paths (as names)."""

    row: CodingRow
    document_id: int
    document: str
    span: Span
    codes: tuple[tuple[str, ...], ...]
    exact: bool


@dataclass(frozen=True)
class Unplaced:
    """A row that could not be placed, and why."""

    line: int
    document: str
    code: str
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {"row": self.line, "document": self.document, "code": self.code,
                "reason": self.reason}  # fmt: skip


class DocumentFinder:
    """Documents by the names other tools give them: the exact name first, then without
    regard to case, then without the file's extension, then without ATLAS.ti's number;
    a number alone is a document id."""

    def __init__(self, session: Session) -> None:
        self.session = session
        rows = session.execute(select(Document.id, Document.name)).all()
        self.by_name = {name: id_ for id_, name in rows}
        self.names = {id_: name for id_, name in rows}
        self._folded: dict[str, list[int]] = {}
        for id_, name in rows:
            for key in {name.casefold(), PurePath(name).stem.casefold()}:
                self._folded.setdefault(key, []).append(id_)
        self._texts: dict[int, MatchableText] = {}

    def find(self, name: str) -> tuple[int | None, str | None]:
        """The document's id, or None and why."""
        if name in self.by_name:
            return self.by_name[name], None
        candidates = [name]
        if found := _ATLAS_NUMBER.match(name):
            candidates.append(found.group("name"))
        for candidate in candidates:
            for key in (candidate.casefold(), PurePath(candidate).stem.casefold()):
                ids = sorted(set(self._folded.get(key, [])))
                if len(ids) == 1:
                    return ids[0], None
                if len(ids) > 1:
                    listed = ", ".join(repr(self.names[i]) for i in ids[:5])
                    return (
                        None,
                        f"the document {name!r} could be any of {listed}; use its full name",
                    )
        if name.isdigit() and int(name) in self.names:
            return int(name), None
        close = difflib.get_close_matches(name, list(self.by_name), n=3, cutoff=0.6)
        hint = f" Did you mean: {', '.join(close)}?" if close else " See `mutualscope docs list`."
        return None, f"no document {name!r} in the project.{hint}"

    def load_texts(self, ids: Iterable[int]) -> None:
        """Read the texts of these documents, a batch at a time."""
        wanted = sorted(set(ids) - set(self._texts))
        for first in range(0, len(wanted), _TEXT_BATCH):
            batch = wanted[first : first + _TEXT_BATCH]
            query = select(Document.id, Document.text).where(Document.id.in_(batch))
            for id_, text in self.session.execute(query):
                self._texts[id_] = MatchableText(text)

    def text(self, id_: int) -> MatchableText:
        if id_ not in self._texts:
            self.load_texts([id_])
        return self._texts[id_]


def choose_codes(
    row: CodingRow, index: CodeIndex, *, creating: bool
) -> tuple[tuple[tuple[str, ...], ...], list[tuple[str, ...]]]:
    """The reading of the row's code cell to use, and the codes of it the codebook lacks.

    The first reading whose every code exists wins; else, when codes will be created,
    the last (most divided) reading, else the first."""
    for reading in row.codes:
        if all(index.find(parts) is not None for parts in reading):
            return reading, []
    reading = row.codes[-1] if creating else row.codes[0]
    return reading, [parts for parts in reading if index.find(parts) is None]


def place_row(row: CodingRow, text: MatchableText) -> tuple[Span | None, bool, str | None]:
    """The row's span in the text: by offsets (checked against the text when the row
    gives that too), or by its text. Gives (span, exact, problem)."""
    length = len(text.text)
    if row.start is not None and row.end is not None:
        start, end = row.start, row.end
        if not 0 <= start < end <= length:
            problem = f"the offsets {start}-{end} do not fit the document (length {length:,})"
            if not row.text:
                return None, False, problem
        elif not row.text or fold(text.text[start:end]) == fold(row.text):
            return (start, end), True, None
    passage = Passage(
        row.text,
        before=row.before,
        after=row.after,
        occurrence=row.occurrence,
        paragraphs=row.paragraphs,
        near=row.start,
    )
    placement = text.place(passage)
    if placement.span is None:
        return None, False, placement.problem
    return placement.span, placement.exact, None


def code_label(parts: Sequence[str]) -> str:
    return join_code_path(tuple(parts))


def code_ids(index: CodeIndex, reading: Sequence[tuple[str, ...]]) -> list[Code]:
    found = [index.find(parts) for parts in reading]
    return [code for code in found if code is not None]
