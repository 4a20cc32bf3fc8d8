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
_LINE_BREAKS = ("\r\n", "\r", "\u2028", "\u2029", "\u0085", "\x0c")
# Control characters other than tab and newline carry nothing readable and break exports.
# str.translate deletes them in one C-level pass (transcripts can be megabytes long).
_DELETE_CONTROLS = dict.fromkeys([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F, 0xFEFF])
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Letters and digits to "a", everything else to a space (apostrophes are deleted first).
_ASCII_WORD_MARKS = bytes(97 if chr(c).isalnum() else 32 for c in range(256))


def normalise_text(text: str) -> str:
    """Return ``text`` in NFC with ``\\n`` line ends, no BOM and no control characters."""
    for separator in _LINE_BREAKS:
        if separator in text:
            text = text.replace(separator, "\n")
    text = text.translate(_DELETE_CONTROLS)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text


def control_count(text: str) -> int:
    """How many control characters (other than tab, newline, CR, form feed) ``text`` has."""
    return len(text) - len(text.translate(_DELETE_CONTROLS)) - text.count("\ufeff")


def count_words(text: str) -> int:
    """Words as a reader counts them: runs of letters or digits, apostrophes inside."""
    if text.isascii():
        # Apostrophes dropped, letters and digits to "a", the rest to spaces, in one
        # C-level pass; a word then starts at each " a" (or at the very start). The same
        # count as the pattern below (bar "x''y"), many times faster on long transcripts,
        # and no list of words is built.
        marks = text.encode("ascii").translate(_ASCII_WORD_MARKS, b"'")
        return marks.count(b" a") + marks.startswith(b"a")
    return len(_WORD.findall(text))


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of an offset, for messages about a position in a text."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column
