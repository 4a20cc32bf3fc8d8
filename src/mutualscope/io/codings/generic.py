"""The plain codings table anyone can write: document, code, coder, and offsets or text."""

from __future__ import annotations

from mutualscope.io.codings.dialects import Dialect

GENERIC = Dialect(
    key="generic",
    title="a codings table",
    aliases={
        "document": ("document", "documentname", "doc", "documentid", "file", "filename",
                     "source", "sourcename", "transcript"),
        "code": ("code", "codepath", "codes", "path", "node", "theme", "tag"),
        "text": ("text", "codedtext", "quote", "passage", "segment", "selection", "content",
                 "quotation"),
        "start": ("start", "begin", "startoffset", "from", "startchar"),
        "end": ("end", "endoffset", "to", "stop", "endchar"),
        "before": ("before", "contextbefore", "textbefore", "preceding"),
        "after": ("after", "contextafter", "textafter", "following"),
        "occurrence": ("occurrence", "occurrencenumber"),
        "paragraph_begin": ("paragraph", "paragraphbegin", "paragraphstart", "firstparagraph"),
        "paragraph_end": ("paragraphend", "lastparagraph"),
        "coder": ("coder", "user", "author", "createdby", "codedby", "owner"),
        "memo": ("memo", "comment", "note", "notes"),
    },
    needed="document code text|start",
    recognises=lambda keys: True,
    backslash=False,
)  # fmt: skip
