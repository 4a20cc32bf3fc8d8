"""Packaged documents (.docx, .odt, .xlsx: ZIP archives of XML parts), checked before a
library reads them.

Such a file can be small on disk and enormous once unpacked: its XML compresses a
thousandfold, and the libraries that read it (python-docx, odfpy, openpyxl) unpack whole
parts and build them in memory. So the archive's listing is checked first (how many
parts, how large unpacked: Python's ZIP reader never unpacks more than a part declares),
then the XML parts are scanned as a stream (elements, nesting, paragraphs, cells in a
row) before the library builds them. Each refusal names the limit it met
(:mod:`mutualscope.domain.limits`).
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import IO

from lxml import etree

from mutualscope.domain import limits
from mutualscope.domain.limits import describe_bytes
from mutualscope.errors import InvalidInput
from mutualscope.io.markup import ElementCounts, scan_markup
from mutualscope.io.messages import one_line

#: Compression methods Python's zipfile reads; anything else (AES encryption ...) is refused.
_METHODS = frozenset(
    {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
)
#: What a damaged archive raises while it is read, beyond the zipfile module's own error.
ARCHIVE_ERRORS: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)
_XML_SUFFIXES = (".xml", ".rels")


def open_archive(file: Path | IO[bytes], *, path: Path | str, kind: str) -> zipfile.ZipFile:
    """The archive in ``file``, its listing checked against the limits. ``path`` names the
    file and ``kind`` its format (".docx file", "XLSX workbook") in messages. Raises
    InvalidInput for anything that is not a readable, bounded archive."""
    try:
        archive = zipfile.ZipFile(file)
    except ARCHIVE_ERRORS as error:
        raise _damaged(path, kind, error) from None
    try:
        _check_listing(archive, path=path, kind=kind)
    except BaseException:
        archive.close()
        raise
    return archive


def _check_listing(archive: zipfile.ZipFile, *, path: Path | str, kind: str) -> None:
    infos = archive.infolist()
    if len(infos) > limits.ARCHIVE_MEMBERS:
        raise InvalidInput(
            f"{path}: the {kind} holds {len(infos):,} parts; the limit is "
            f"{limits.ARCHIVE_MEMBERS:,}."
        )
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise InvalidInput(
                f"{path}: the {kind} is password-protected; remove the password and try again."
            )
        if info.compress_type not in _METHODS:
            raise InvalidInput(
                f"{path}: not a valid {kind} (its part {info.filename!r} is compressed in "
                "a way that cannot be read)."
            )
        total += info.file_size
    if total > limits.ARCHIVE_UNPACKED_BYTES:
        raise InvalidInput(
            f"{path}: the {kind} unpacks to {describe_bytes(total)}; the limit is "
            f"{describe_bytes(limits.ARCHIVE_UNPACKED_BYTES)}."
        )


def scan_package(
    archive: zipfile.ZipFile,
    *,
    path: Path | str,
    kind: str,
    counted: Mapping[str, tuple[int, str]] | None = None,
    streamed: tuple[str, ...] = (),
) -> ElementCounts:
    """Scan every XML part a reader builds whole (all but those whose names start with
    one of ``streamed``): together at most :data:`~limits.XML_BYTES` unpacked and
    :data:`~limits.XML_ELEMENTS` elements, and at most the limit given in ``counted``
    (tag in Clark notation ``{ns}p`` -> (limit, what they are)) of each counted tag."""
    parts = [
        info
        for info in archive.infolist()
        if info.filename.endswith(_XML_SUFFIXES) and not info.filename.startswith(streamed)
    ]
    total = sum(info.file_size for info in parts)
    if total > limits.XML_BYTES:
        raise InvalidInput(
            f"{path}: the {kind}'s XML unpacks to {describe_bytes(total)}; the limit is "
            f"{describe_bytes(limits.XML_BYTES)}."
        )
    counts = ElementCounts()
    for info in parts:
        scan_xml(archive, info.filename, path=path, kind=kind, counted=counted, counts=counts)
    return counts


def scan_xml(
    archive: zipfile.ZipFile,
    name: str,
    *,
    path: Path | str,
    kind: str,
    counted: Mapping[str, tuple[int, str]] | None = None,
    children: Mapping[str, tuple[int, str]] | None = None,
    streamed: bool = False,
    counts: ElementCounts | None = None,
) -> ElementCounts:
    """Stream the XML part ``name`` through :func:`~mutualscope.io.markup.scan_markup`
    (``counts`` carries totals over from other parts). A part the archive lacks is left
    to the reader to report."""
    try:
        stream = archive.open(name)
    except KeyError:
        return counts or ElementCounts()
    except ARCHIVE_ERRORS as error:
        raise _damaged(path, kind, error) from None
    try:
        with stream:
            return scan_markup(
                stream,
                where=f"{path}: the {kind}'s {name}",
                counted=counted,
                children=children,
                streamed=streamed,
                counts=counts,
            )
    except etree.XMLSyntaxError as error:
        raise InvalidInput(
            f"{path}: not a valid {kind} ({name} is not well-formed XML: {one_line(error)})."
        ) from None
    except ARCHIVE_ERRORS as error:
        raise _damaged(path, kind, error) from None


def _damaged(path: Path | str, kind: str, error: BaseException) -> InvalidInput:
    return InvalidInput(f"{path}: not a valid {kind} (a damaged ZIP archive: {one_line(error)}).")
