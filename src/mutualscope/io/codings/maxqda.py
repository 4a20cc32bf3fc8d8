"""MAXQDA's "Coded segments" export (Retrieved Segments, exported as Excel or CSV).

Columns as MAXQDA writes them: Color, Document group, Document name, Code, Begin, End,
Weight score, Segment, Modified by, Modified, Created by, Created, Area, Coverage %,
Comment. Code paths use ``\\`` between a code and its sub-codes. Begin and End are
paragraph numbers (for text documents), not characters: the passage is found by its
text, and the paragraph numbers only tell identical passages apart.
"""

from __future__ import annotations

from mutualscope.io.codings.dialects import Dialect


def _recognises(keys: set[str]) -> bool:
    return {"documentname", "segment"} <= keys or {"documentgroup", "code"} <= keys


MAXQDA = Dialect(
    key="maxqda",
    title="a MAXQDA coded segments export",
    aliases={
        "document": ("documentname", "document"),
        "code": ("code",),
        "text": ("segment", "preview"),
        "paragraph_begin": ("begin",),
        "paragraph_end": ("end",),
        "coder": ("createdby", "author", "modifiedby"),
        "memo": ("comment",),
    },
    needed="document code text",
    recognises=_recognises,
    backslash=True,
)
