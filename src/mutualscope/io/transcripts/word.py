"""Word (.docx) transcripts: paragraphs, two-column turn tables and bold speaker names."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from mutualscope.domain.speakers import (
    MAX_LABEL_LENGTH,
    canonical_label,
    detect_turns,
    split_bold_label,
)
from mutualscope.domain.text import normalise_text
from mutualscope.io.transcripts.document import (
    MAX_FILE_BYTES,
    OLE_SIGNATURE,
    ImportedDocument,
    fail,
    finish,
    read_source,
)

_HEADER_WORDS = frozenset({"speaker", "name", "who", "participant"})


def _is_bold(run: Any) -> bool:
    if run.bold:
        return True
    style = run.style
    return bool(style is not None and style.font is not None and style.font.bold)


def _paragraph_line(paragraph: Paragraph, labels: set[str]) -> str:
    """The paragraph's text; a bold name at its start becomes a ``Name:`` label."""
    runs = list(paragraph.runs)
    bold_text = ""
    index = 0
    while index < len(runs) and (_is_bold(runs[index]) or not runs[index].text.strip()):
        bold_text += runs[index].text
        index += 1
    rest = "".join(r.text for r in runs[index:])
    found = split_bold_label(bold_text, rest)
    if found is None:
        return paragraph.text
    label, words = found
    labels.add(label)
    return f"{label}: {words}"


def _table_lines(table: Table, labels: set[str]) -> list[str]:
    """Rows of a speaker | words (| time) table, as ``Speaker: words`` lines."""
    lines: list[str] = []
    for row in table.rows:
        cells = [normalise_text(c.text).strip() for c in row.cells]
        if len(cells) < 2:
            lines.extend(c for c in cells if c)
            continue
        speaker, words = cells[0], cells[-1]  # a middle column holds times or notes
        if speaker.casefold() in _HEADER_WORDS:
            continue
        if speaker and len(speaker) <= MAX_LABEL_LENGTH and words:
            speaker = canonical_label(speaker).rstrip(":")
            labels.add(speaker)
            lines.append(f"{speaker}: {words}")
        else:
            lines.append(" ".join(c for c in cells if c))
    return lines


def parse_docx(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> ImportedDocument:
    """A Word transcript. Speakers are labels ("Name:") or bold names at a paragraph start."""
    data = read_source(path, max_bytes)
    if data.startswith(OLE_SIGNATURE):
        raise fail(
            path,
            "the file is password-protected or in the old Word 97-2003 format; "
            "remove the password or save it as .docx",
        )
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise fail(path, f"not a valid .docx file (corrupt or not Word): {error}") from error
    except Exception as error:  # python-docx raises several parser errors for damaged XML
        raise fail(path, f"not a valid .docx file: {error}") from error
    labels: set[str] = set()
    lines: list[str] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(_paragraph_line(Paragraph(element, document), labels))
        elif tag == "tbl":
            lines.extend(_table_lines(Table(element, document), labels))
    text = normalise_text("\n".join(lines)).strip()
    return finish(path, text, detect_turns(text, labels), "docx")
