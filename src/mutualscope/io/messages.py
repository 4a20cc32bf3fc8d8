"""An error from a library (or from a check) quoted inside an importer's own message.

Libraries' messages run over several lines (openpyxl's explains where to look) or quote
the input at length; quoted in a refusal they are made one line, and cut short.
"""

from __future__ import annotations

#: Characters of a quoted error kept in a message.
QUOTED_CHARS = 300


def one_line(error: BaseException, limit: int = QUOTED_CHARS) -> str:
    """``error``'s message on one line, at most ``limit`` characters (its class name when
    it has no message)."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"
