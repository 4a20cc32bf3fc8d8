"""Word (.docx) transcripts: paragraphs, two-column turn tables and bold speaker names."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from mutualscope.domain import limits
from mutualscope.domain.speakers import (
    MAX_LABEL_LENGTH,
    canonical_label,
    detect_turns,
    split_bold_label,
)
from mutualscope.domain.text import normalise_text
from mutualscope.io.archives import open_archive, scan_package
from mutualscope.io.messages import one_line
from mutualscope.io.transcripts.document import (
    MAX_FILE_BYTES,
    OLE_SIGNATURE,
    ImportedDocument,
    fail,
    finish,
    read_source,
)

_HEADER_WORDS = frozenset({"speaker", "name", "who", "participant"})
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NAMESPACES = {"w": _W}
_RUN = f"{{{_W}}}r"
_KIND = ".docx file"
_PARAGRAPH = f"{{{_W}}}p"
_RUN_PARTS = etree.XPath(
    "w:br | w:cr | w:noBreakHyphen | w:ptab | w:t | w:tab", namespaces=_NAMESPACES
)
_PARAGRAPH_PARTS = etree.XPath("w:r | w:hyperlink", namespaces=_NAMESPACES)
_RUNS = etree.XPath("w:r", namespaces=_NAMESPACES)


class _BoldStyles:
    """Whether a run is bold, by its own setting or its character style's. Each style is
    looked up once: python-docx searches every style of the document for each lookup,
    which made a document of many paragraphs take minutes."""

    def __init__(self) -> None:
        self._by_style: dict[str | None, bool] = {}

    def is_bold(self, run: Any) -> bool:
        if run.bold:
            return True
        style_id = run._r.style
        bold = self._by_style.get(style_id)
        if bold is None:
            style = run.style
            bold = bool(style is not None and style.font is not None and style.font.bold)
            self._by_style[style_id] = bold
        return bold


def _run_text(run: Any) -> str:
    """A ``w:r`` element's text as python-docx gives it (``Run.text``), from a compiled
    XPath: python-docx compiles its XPath again for every run."""
    return "".join(str(part) for part in _RUN_PARTS(run))


def _paragraph_text(paragraph: Any) -> str:
    """A ``w:p`` element's text as python-docx gives it (``Paragraph.text``: runs and
    the runs of hyperlinks)."""
    return "".join(
        _run_text(part) if part.tag == _RUN else "".join(_run_text(r) for r in _RUNS(part))
        for part in _PARAGRAPH_PARTS(paragraph)
    )


def _paragraph_line(element: Any, document: Any, styles: _BoldStyles, labels: set[str]) -> str:
    """The paragraph's text; a bold name at its start becomes a ``Name:`` label."""
    runs = _RUNS(element)
    paragraph = Paragraph(element, document)
    bold: list[str] = []
    for run in runs:
        text = _run_text(run)
        if text.strip() and not styles.is_bold(Run(run, paragraph)):
            break
        bold.append(text)
    bold_text = "".join(bold)
    if not bold_text.strip():  # no bold name: the common case, read once
        return _paragraph_text(element)
    rest = "".join(_run_text(r) for r in runs[len(bold) :])
    found = split_bold_label(bold_text, rest)
    if found is None:
        return _paragraph_text(element)
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
    with open_archive(io.BytesIO(data), path=path, kind=_KIND) as archive:
        paragraphs = {_PARAGRAPH: (limits.TRANSCRIPT_PARAGRAPHS, "paragraphs")}
        scan_package(archive, path=path, kind=_KIND, counted=paragraphs)
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise fail(
            path, f"not a valid .docx file (corrupt or not Word): {one_line(error)}"
        ) from error
    except Exception as error:  # python-docx raises several parser errors for damaged XML
        raise fail(path, f"not a valid .docx file: {one_line(error)}") from error
    labels: set[str] = set()
    lines: list[str] = []
    styles = _BoldStyles()
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(_paragraph_line(element, document, styles, labels))
        elif tag == "tbl":
            lines.extend(_table_lines(Table(element, document), labels))
    text = normalise_text("\n".join(lines)).strip()
    return finish(path, text, detect_turns(text, labels), "docx")
