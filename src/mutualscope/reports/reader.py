"""Reads the Markdown a report template renders into a :class:`ReportDocument`.

Only the Markdown that written evidence needs is understood, and nothing is lost: a line
that is no other block is text of a paragraph.

- ``# Title``; ``## Section`` and ``### Subsection`` (numbered unless they end in ``{-}``)
- paragraphs (blank-line separated), ``> quotes``, ``- bullets`` and ``1. items``
- pipe tables, with an optional ``Table: caption`` line after them
- ``![caption](figure:key)`` on a line of its own: a chart or map from the context
- ``\\newpage`` on a line of its own
- inline ``**strong**``, ``*emphasis*``, ``[text](url)``, ``\\`` escapes; a link to
  ``#src-ID`` marks text whose origin is provenance entry ``ID``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mutualscope.reports.document import (
    Block,
    Break,
    BulletList,
    Code,
    Emphasis,
    Figure,
    Heading,
    Inline,
    Link,
    Paragraph,
    Quote,
    ReportDocument,
    SourceRef,
    Strong,
    Table,
    Text,
)

SOURCE_PREFIX = "#src-"
_HEADING = re.compile(r"^(#{1,3})\s+(.*?)\s*$")
_UNNUMBERED = re.compile(r"\s*\{(?:-|\.unnumbered)\}\s*$")
_FIGURE = re.compile(r"^!\[(.*)\]\(figure:([\w.-]+)\)\s*$")
_BULLET = re.compile(r"^[-*]\s+(.*)$")
_ORDERED = re.compile(r"^\d+[.)]\s+(.*)$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_CAPTION = re.compile(r"^Table:\s*(.*)$")
_ESCAPABLE = set("\\`*_[]()#+-.!|<>{}")


def read_markdown(text: str) -> ReportDocument:
    """The blocks of a Markdown text."""
    lines = text.replace("\r\n", "\n").split("\n")
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            i += 1
        elif stripped == "\\newpage":
            blocks.append(Break())
            i += 1
        elif heading := _HEADING.match(stripped):
            blocks.append(_heading(len(heading.group(1)), heading.group(2)))
            i += 1
        elif figure := _FIGURE.match(stripped):
            blocks.append(Figure(key=figure.group(2), caption=parse_inline(figure.group(1))))
            i += 1
        elif stripped.startswith(">"):
            i, block = _quote(lines, i)
            blocks.append(block)
        elif stripped.startswith("|") and i + 1 < len(lines) and _TABLE_RULE.match(lines[i + 1]):
            i, table = _table(lines, i)
            blocks.append(table)
        elif _BULLET.match(stripped) or _ORDERED.match(stripped):
            i, items = _list(lines, i)
            blocks.append(items)
        else:
            i, paragraph = _paragraph(lines, i)
            blocks.append(paragraph)
    return ReportDocument(blocks=blocks)


def _heading(level: int, text: str) -> Heading:
    numbered = level > 1 and not _UNNUMBERED.search(text)
    text = _UNNUMBERED.sub("", text)
    return Heading(level=level, content=parse_inline(text), numbered=numbered)


def _starts_block(line: str, next_line: str | None) -> bool:
    stripped = line.strip()
    return (
        not stripped
        or stripped == "\\newpage"
        or bool(_HEADING.match(stripped))
        or bool(_FIGURE.match(stripped))
        or stripped.startswith(">")
        or bool(_BULLET.match(stripped) or _ORDERED.match(stripped))
        or (
            stripped.startswith("|")
            and next_line is not None
            and bool(_TABLE_RULE.match(next_line))
        )
    )


def _paragraph(lines: list[str], i: int) -> tuple[int, Paragraph]:
    parts = [lines[i].strip()]
    i += 1
    while i < len(lines) and not _starts_block(
        lines[i], lines[i + 1] if i + 1 < len(lines) else None
    ):
        parts.append(lines[i].strip())
        i += 1
    return i, Paragraph(content=parse_inline(" ".join(parts)))


def _quote(lines: list[str], i: int) -> tuple[int, Quote]:
    parts = []
    while i < len(lines) and lines[i].strip().startswith(">"):
        parts.append(lines[i].strip()[1:].strip())
        i += 1
    return i, Quote(content=parse_inline(" ".join(p for p in parts if p)))


def _list(lines: list[str], i: int) -> tuple[int, BulletList]:
    ordered = bool(_ORDERED.match(lines[i].strip()))
    pattern = _ORDERED if ordered else _BULLET
    items: list[str] = []
    while i < len(lines) and lines[i].strip():
        stripped = lines[i].strip()
        match = pattern.match(stripped)
        if match:
            items.append(match.group(1))
        elif items and lines[i].startswith((" ", "\t")):
            items[-1] += " " + stripped
        else:
            break
        i += 1
    return i, BulletList(items=[parse_inline(item) for item in items], ordered=ordered)


def _cells(line: str) -> list[str]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    cells: list[str] = []
    current: list[str] = []
    escaped = False
    for char in body:
        if char == "|" and not escaped:
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(char)
        escaped = char == "\\" and not escaped
    cells.append("".join(current).strip())
    return cells


def _table(lines: list[str], i: int) -> tuple[int, Table]:
    header = _cells(lines[i])
    align = ["right" if c.strip().endswith(":") else "left" for c in _cells(lines[i + 1])]
    i += 2
    rows: list[list[str]] = []
    while i < len(lines) and lines[i].strip().startswith("|"):
        rows.append(_cells(lines[i]))
        i += 1
    width = len(header)
    caption: list[Inline] = []
    if i < len(lines) and (match := _CAPTION.match(lines[i].strip())):
        caption = parse_inline(match.group(1))
        i += 1
    return i, Table(
        header=[parse_inline(c) for c in header],
        rows=[[parse_inline(c) for c in (row + [""] * width)[:width]] for row in rows],
        caption=caption,
        align=(align + ["left"] * width)[:width],
    )


# Inline -----------------------------------------------------------------------------------


def parse_inline(text: str) -> list[Inline]:
    """Inline Markdown to spans; unmatched markers stay as the characters they are."""
    return _inline(text)


def _find_closing(text: str, pos: int, marker: str) -> int:
    """Index of ``marker`` closing a span opened before ``pos`` (escapes skipped), or -1."""
    i = pos
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(marker, i) and (marker != "*" or not text.startswith("**", i)):
            return i
        if marker == "*" and text.startswith("**", i):
            i += 2
            continue
        i += 1
    return -1


def _link_end(text: str, pos: int) -> tuple[int, int, int] | None:
    """For ``[label](url)`` starting at ``pos``: (end of label, start of url, end)."""
    depth, i = 0, pos
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                if text.startswith("(", i + 1):
                    close = text.find(")", i + 2)
                    if close != -1:
                        return i, i + 2, close
                return None
        i += 1
    return None


def _inline(text: str) -> list[Inline]:
    items: list[Inline] = []
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            items.append(Text("".join(buffer)))
            buffer.clear()

    i = 0
    end = len(text)
    while i < end:
        char = text[i]
        if char == "\\" and i + 1 < end and text[i + 1] in _ESCAPABLE:
            buffer.append(text[i + 1])
            i += 2
        elif char == "`" and (close := text.find("`", i + 1)) > i:
            flush()
            items.append(Code(text[i + 1 : close]))
            i = close + 1
        elif text.startswith("**", i) and (close := _find_closing(text, i + 2, "**")) > i + 2:
            flush()
            items.append(Strong(tuple(parse_inline(text[i + 2 : close]))))
            i = close + 2
        elif char == "*" and (close := _find_closing(text, i + 1, "*")) > i + 1:
            flush()
            items.append(Emphasis(tuple(parse_inline(text[i + 1 : close]))))
            i = close + 1
        elif char == "[" and (link := _link_end(text, i)) is not None:
            label_end, url_start, close = link
            flush()
            label = tuple(parse_inline(text[i + 1 : label_end]))
            url = text[url_start:close].strip()
            if url.startswith(SOURCE_PREFIX):
                items.append(SourceRef(label, url[len(SOURCE_PREFIX) :]))
            else:
                items.append(Link(label, url))
            i = close + 1
        else:
            buffer.append(char)
            i += 1
    flush()
    return items


def escape_markdown(text: str) -> str:
    """Data made safe to drop into Markdown: markup characters escaped, whitespace
    collapsed so a value never starts a new block."""
    return escape_inline(" ".join(text.split()))


def escape_inline(text: str) -> str:
    """Markup characters escaped, whitespace kept as it is."""
    return "".join("\\" + c if c in "\\`*_[]|<>" else c for c in text)


@dataclass(frozen=True)
class MarkdownText:
    """Markdown to print as written (researchers' prose, a table a report function made),
    never escaped; templates print any object with ``__markdown__`` this way."""

    text: str

    def __markdown__(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text
