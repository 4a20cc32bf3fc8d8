"""Which text encoding a file's bytes are in, from their first bytes or a pass over them.

A byte order mark settles it. Without one, UTF-16 shows itself by a NUL in every other
byte (Windows tools save "Unicode" text without a mark often enough), and is read as
such instead of as text full of NUL characters.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable
from pathlib import Path

from mutualscope.domain.limits import describe_bytes
from mutualscope.errors import InvalidInput

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose mark it starts with
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Bytes looked at to tell UTF-16 without a mark from other text.
SAMPLE_BYTES = 4096
#: Bytes decoded at a time when a whole file is checked.
CHUNK_BYTES = 1024 * 1024


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte order mark at the start of ``data`` names, if any."""
    return next((encoding for bom, encoding in BOMS if data.startswith(bom)), None)


def utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when ``data`` (a file's start) is UTF-16 without a byte
    order mark: mostly Latin text has a NUL in every other byte, on one side only."""
    sample = data[:SAMPLE_BYTES]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def declared_encoding(start: bytes) -> str | None:
    """The encoding a file's first bytes show: a byte order mark or UTF-16 without one."""
    return bom_encoding(start) or utf16_without_bom(start)


def first_decoding(chunks: Iterable[bytes], candidates: tuple[str, ...]) -> str | None:
    """The first of ``candidates`` that decodes every chunk (in order, as one stream)
    strictly, or None. Each candidate is tried over the chunks given again: pass a
    sequence or something that can be iterated more than once."""
    for encoding in candidates:
        decoder = codecs.getincrementaldecoder(encoding)("strict")
        try:
            for chunk in chunks:
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    return None


def read_text(path: Path, *, limit: int, what: str) -> str:
    """A small text file a user gives (a codebook, a report configuration): at most
    ``limit`` bytes, UTF-16 or UTF-32 if its first bytes say so, else UTF-8. Raises
    InvalidInput naming the file for anything else, OSError when it cannot be read."""
    size = path.stat().st_size
    if size > limit:
        raise InvalidInput(
            f"{path}: the file is {describe_bytes(size)}; the limit for {what} is "
            f"{describe_bytes(limit)}."
        )
    data = path.read_bytes()
    encoding = declared_encoding(data) or "utf-8"
    try:
        text = codecs.decode(data, encoding)
    except UnicodeDecodeError as error:
        raise InvalidInput(
            f"{path}: not {encoding.upper()} text ({error.reason} at byte {error.start}); "
            "save it as UTF-8 and try again."
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InvalidInput(f"{path}: line {line}: a NUL character; this is not a text file.")
    return text
