"""The report as a tree of blocks, read from Markdown once and written to every format.

Every renderer walks the same tree, so the Markdown, HTML, DOCX and PDF say the same
thing: headings and paragraphs carry the numbers :mod:`numbering` gave them, and inline
``SourceRef`` spans tie a figure or an attribution to its provenance entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mutualscope.domain.text import count_words

# Inline content -------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Code:
    """Literal text set in a fixed-width face (a query in the sources appendix)."""

    text: str


@dataclass(frozen=True)
class Emphasis:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Link:
    children: tuple[Inline, ...]
    url: str


@dataclass(frozen=True)
class SourceRef:
    """A number or attribution whose origin is provenance entry ``source_id``."""

    children: tuple[Inline, ...]
    source_id: str


Inline = Text | Code | Emphasis | Strong | Link | SourceRef


def plain_text(inlines: tuple[Inline, ...] | list[Inline]) -> str:
    """The words of inline content without any markup."""
    parts: list[str] = []
    for item in inlines:
        if isinstance(item, Text | Code):
            parts.append(item.text)
        else:
            parts.append(plain_text(item.children))
    return "".join(parts)


def source_ids(inlines: tuple[Inline, ...] | list[Inline]) -> list[str]:
    """The provenance entries referred to in inline content, in reading order."""
    found: list[str] = []
    for item in inlines:
        if isinstance(item, SourceRef):
            found.append(item.source_id)
        if not isinstance(item, Text | Code):
            found.extend(source_ids(item.children))
    return found


# Blocks ---------------------------------------------------------------------------------


@dataclass
class Heading:
    """``level`` 1 is the title, 2 a numbered section, 3 a numbered subsection."""

    level: int
    content: list[Inline]
    numbered: bool = True
    number: str | None = None
    # A stable id for links (the sources appendix is "sources").
    anchor: str | None = None


@dataclass
class Paragraph:
    content: list[Inline]
    numbered: bool = True
    number: str | None = None
    # Inside a numbered section, so aligned with the numbered paragraphs' text.
    indented: bool = False


@dataclass
class Quote:
    """A quotation set apart from the text: the words, then the attribution."""

    content: list[Inline]


@dataclass
class BulletList:
    items: list[list[Inline]]
    ordered: bool = False


@dataclass
class Table:
    header: list[list[Inline]]
    rows: list[list[list[Inline]]]
    caption: list[Inline] = field(default_factory=list)
    # "left" or "right" per column; numbers read best right-aligned.
    align: list[str] = field(default_factory=list)
    number: int | None = None


@dataclass
class Figure:
    """An image the report made (a chart or map), addressed by its key in the context."""

    key: str
    caption: list[Inline]
    number: int | None = None


@dataclass
class Break:
    """A page break (``\\newpage`` on a line of its own); HTML ignores it on screen."""


@dataclass
class SourceEntry:
    """One entry of the sources appendix: what a number or quote is, where it comes from
    (query, document and offsets ...) and the paragraphs that use it."""

    source_id: str
    summary: list[Inline]
    details: list[tuple[str, str]]
    used_in: list[str]


Block = Heading | Paragraph | Quote | BulletList | Table | Figure | Break | SourceEntry


@dataclass
class ReportDocument:
    """A whole report: its blocks, the figures they show and where each source is used."""

    blocks: list[Block]
    figures: dict[str, bytes] = field(default_factory=dict)
    #: Documents quoted from their original words although the project has a
    #: pseudonymised text (for the command to say; the appendix says it too).
    warning: str | None = None

    def word_count(self) -> int:
        """Words of the evidence itself, the sources appendix left out (committees count
        the submission, commonly asking for no more than about 3,000 words)."""
        words = 0
        for block in self.blocks:
            if isinstance(block, Heading) and block.anchor == "sources":
                break
            if isinstance(block, Heading | Paragraph | Quote):
                words += count_words(plain_text(block.content))
            elif isinstance(block, BulletList):
                words += sum(count_words(plain_text(item)) for item in block.items)
        return words

    @property
    def title(self) -> str:
        for block in self.blocks:
            if isinstance(block, Heading) and block.level == 1:
                return plain_text(block.content)
        return "Report"
