"""Large and hostile inputs, generated on demand (never checked in): a registry of a million
rows, a .docx of 300,000 paragraphs, .docx and .odt files whose XML inflates to gigabytes.

Each writer streams what it writes, so building an input costs little memory however large
the input is.
"""

from __future__ import annotations

import csv
import random
import zipfile
from collections.abc import Iterator
from pathlib import Path

from bench.generate.organisations import COLUMNS, make_organisation

FIXTURES = Path(__file__).parents[1] / "fixtures"
TRANSCRIPTS = FIXTURES / "transcripts"

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_DOCX_HEAD = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    f'<w:document xmlns:w="{_W}"><w:body>'
).encode()
_DOCX_TAIL = b"</w:body></w:document>"
_ODT_HEAD = (
    b"<?xml version='1.0' encoding='UTF-8'?>\n"
    b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    b' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    b"<office:body><office:text>"
)
_ODT_TAIL = b"</office:text></office:body></office:document-content>"


def write_registry_csv(path: Path, rows: int, *, seed: int = 0) -> Path:
    """A registry CSV of ``rows`` fictional mutuals (the benchmark corpus's messy rows),
    with unique Companies House numbers."""
    rng = random.Random(f"registry:{seed}")
    taken: set[str] = set()
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for index in range(rows):
            row = make_organisation(rng, taken)
            row["Companies House number"] = f"{10_000_000 + index:08d}"
            writer.writerow(row)
    return path


def write_short_registry_csv(path: Path, rows: int) -> Path:
    """A registry CSV of ``rows`` short rows (name, region, employees): a million rows in
    about 40 MB, under the file size limit, so that the row limit is what refuses it."""
    regions = ("Eastern", "London", "North West", "South West", "Yorks & Humber")
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("Name,Region,Employees\n")
        for index in range(rows):
            handle.write(f"Mutual {index},{regions[index % 5]},{index % 900 + 3}\n")
    return path


def _docx_paragraphs(count: int) -> Iterator[bytes]:
    yield _DOCX_HEAD
    for index in range(count):
        speaker = "Interviewer" if index % 2 == 0 else "CEO"
        yield (
            f"<w:p><w:r><w:t>{speaker}: turn {index} of the interview about the "
            f"spin-out.</w:t></w:r></w:p>"
        ).encode()
    yield _DOCX_TAIL


def _repeat(head: bytes, unit: bytes, tail: bytes, size: int) -> Iterator[bytes]:
    """``head``, then ``unit`` repeated in large blocks until ``size`` bytes, then ``tail``."""
    yield head
    block = unit * max(1, (1 << 20) // len(unit))
    written = len(head) + len(tail)
    while written < size:
        yield block
        written += len(block)
    yield tail


def _replace_members(source: Path, target: Path, name: str, pieces: Iterator[bytes]) -> Path:
    """A copy of the ``source`` archive whose member ``name`` is streamed from ``pieces``."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as archive:
        for info in original.infolist():
            if info.filename == name:
                continue
            method = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(info.filename, original.read(info), compress_type=method)
        member = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
        member.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(member, "w", force_zip64=True) as handle:
            for piece in pieces:
                handle.write(piece)
    return target


def rewrite_members(source: Path, target: Path, members: dict[str, bytes | None]) -> Path:
    """A copy of the ``source`` archive with some members replaced (None: removed, a
    name it lacks: added)."""
    with zipfile.ZipFile(source) as original:
        kept = {info.filename: original.read(info) for info in original.infolist()}
    for name, data in members.items():
        if data is None:
            kept.pop(name, None)
        else:
            kept[name] = data
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in kept.items():
            archive.writestr(name, data)
    return target


def corrupt_member(source: Path, target: Path, name: str) -> Path:
    """A copy of ``source`` whose member ``name`` has its compressed bytes damaged halfway
    through (the listing left as it was), as a bad copy or download leaves a file."""
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo(name)
    header = info.header_offset
    name_length = int.from_bytes(data[header + 26 : header + 28], "little")
    extra_length = int.from_bytes(data[header + 28 : header + 30], "little")
    start = header + 30 + name_length + extra_length
    for offset in range(start + info.compress_size // 3, start + info.compress_size // 2):
        data[offset] ^= 0x5A
    target.write_bytes(bytes(data))
    return target


def write_docx_paragraphs(path: Path, count: int) -> Path:
    """A small .docx (a few MB) holding ``count`` one-line paragraphs, each a speaker turn."""
    return _replace_members(
        TRANSCRIPTS / "interview.docx", path, "word/document.xml", _docx_paragraphs(count)
    )


def write_docx_bomb(path: Path, inflated_bytes: int) -> Path:
    """A well-formed .docx whose document.xml inflates to ``inflated_bytes`` of paragraphs
    (about a thousandth of that on disk)."""
    unit = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>"
    pieces = _repeat(_DOCX_HEAD, unit, _DOCX_TAIL, inflated_bytes)
    return _replace_members(TRANSCRIPTS / "interview.docx", path, "word/document.xml", pieces)


def write_odt_bomb(path: Path, inflated_bytes: int) -> Path:
    """A well-formed .odt whose content.xml inflates to ``inflated_bytes`` of paragraphs."""
    unit = b"<text:p>a</text:p>"
    pieces = _repeat(_ODT_HEAD, unit, _ODT_TAIL, inflated_bytes)
    return _replace_members(TRANSCRIPTS / "interview.odt", path, "content.xml", pieces)
