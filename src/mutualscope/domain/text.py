"""Normalised document text: Unicode NFC, ``\\n`` line ends, no byte-order mark.

Every offset in mutualscope is a Python string index into text normalised by
:func:`normalise_text`, so the same function must be applied wherever text enters.
"""

from __future__ import annotations

import re
import unicodedata

BOM = "\ufeff"
# Line and paragraph separators and form feeds would otherwise count as line breaks for
# some tools and not for others, shifting line numbers between them.
_LINE_BREAKS = re.compile(r"\r\n|\r|\u2028|\u2029|\u0085|\x0c")
# Control characters other than tab and newline carry nothing readable and break exports.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def normalise_text(text: str) -> str:
    """Return ``text`` in NFC with ``\\n`` line ends, no BOM and no control characters."""
    if text.startswith(BOM):
        text = text[1:]
    text = text.replace(BOM, "")
    text = _LINE_BREAKS.sub("\n", text)
    text = _CONTROL.sub("", text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text


def count_words(text: str) -> int:
    """Words as a reader counts them: runs of letters or digits, apostrophes inside."""
    return sum(1 for _ in _WORD.finditer(text))


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of an offset, for messages about a position in a text."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column
