"""ATLAS.ti's quotation export (Quotation Manager, exported as Excel or CSV).

Columns as ATLAS.ti writes them: ID (``3:10``: document 3, quotation 10), Quotation
Name (or Name), Document, Codes (several per cell: one per line, or separated by
commas), Quotation Content (or Content), Comment, Reference (``¶ 12 – 13``), Start and
End (paragraph numbers for text), Extent, Density, Created by, Created, Modified by,
Modified. The passage is found by its text; the paragraph numbers only tell identical
passages apart. A document named ``D 3: Interview`` or ``3 Interview`` is also looked
up without its number.
"""

from __future__ import annotations

from mutualscope.io.codings.dialects import Dialect


def _recognises(keys: set[str]) -> bool:
    return bool({"quotationcontent", "quotationname", "quotation"} & keys) or (
        {"id", "document", "codes"} <= keys and bool({"content", "name"} & keys)
    )


ATLAS_TI = Dialect(
    key="atlasti",
    title="an ATLAS.ti quotation export",
    aliases={
        "document": ("document", "documentname", "primarydocument"),
        "code": ("codes", "code"),
        "text": ("quotationcontent", "content", "quotation", "text"),
        "reference": ("reference",),
        "paragraph_begin": ("start",),
        "paragraph_end": ("end",),
        "coder": ("createdby", "author", "modifiedby"),
        "memo": ("comment",),
    },
    needed="document code text",
    recognises=_recognises,
    backslash=True,
    commas=True,
)
