"""A numbered report as Markdown, with its figures as PNG files in a folder beside it."""

from __future__ import annotations

from dataclasses import dataclass, field

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
    SourceEntry,
    SourceRef,
    Strong,
    Table,
    Text,
)

_SPECIAL = set("\\`*_[]<>")


@dataclass
class MarkdownOutput:
    text: str
    # Relative path (as the Markdown links it) -> PNG bytes.
    files: dict[str, bytes] = field(default_factory=dict)


def _escape(text: str, *, in_table: bool = False) -> str:
    out = "".join("\\" + c if c in _SPECIAL else c for c in text)
    return out.replace("|", "\\|") if in_table else out


def inline_markdown(items: list[Inline] | tuple[Inline, ...], *, in_table: bool = False) -> str:
    parts: list[str] = []
    for item in items:
        if isinstance(item, Text):
            parts.append(_escape(item.text, in_table=in_table))
        elif isinstance(item, Code):
            parts.append(f"`{item.text}`")
        elif isinstance(item, Emphasis):
            parts.append(f"*{inline_markdown(item.children, in_table=in_table)}*")
        elif isinstance(item, Strong):
            parts.append(f"**{inline_markdown(item.children, in_table=in_table)}**")
        elif isinstance(item, Link):
            parts.append(f"[{inline_markdown(item.children, in_table=in_table)}]({item.url})")
        elif isinstance(item, SourceRef):
            # The sources appendix traces it by paragraph; links to it would clutter the text.
            parts.append(inline_markdown(item.children, in_table=in_table))
    return "".join(parts)


def _heading(block: Heading) -> str:
    text = inline_markdown(block.content)
    if block.number is None:
        return f"{'#' * block.level} {text}"
    joiner = ". " if block.level == 2 else " "
    return f"{'#' * block.level} {block.number}{joiner}{text}"


def _table(block: Table) -> str:
    lines = []
    if block.caption or block.number:
        lines.append(f"*Table {block.number}: {inline_markdown(block.caption)}*\n")
    lines.append("| " + " | ".join(inline_markdown(c, in_table=True) for c in block.header) + " |")
    lines.append("|" + "|".join("---:" if a == "right" else "---" for a in block.align) + "|")
    for row in block.rows:
        lines.append("| " + " | ".join(inline_markdown(c, in_table=True) for c in row) + " |")
    return "\n".join(lines)


def _source(block: SourceEntry) -> str:
    used = f" (used in {', '.join(block.used_in)})" if block.used_in else ""
    lines = [f"- **[{block.source_id}]** {inline_markdown(block.summary)}{used}"]
    for term, value in block.details:
        lines.append(f"  {term}: {_escape(value)}")
    return "  \n".join(lines)


def figure_path(folder: str, number: int | None, key: str) -> str:
    return f"{folder}/figure-{number or key}.png"


def render_markdown(document: ReportDocument, *, figure_folder: str) -> MarkdownOutput:
    """The report's Markdown; figures are linked as ``figure_folder/figure-N.png``."""
    output = MarkdownOutput(text="")
    chunks: list[str] = []
    for block in document.blocks:
        chunks.append(_block(block, document.figures, output, figure_folder))
    output.text = "\n\n".join(c for c in chunks if c) + "\n"
    return output


def _block(
    block: Block, figures: dict[str, bytes], output: MarkdownOutput, figure_folder: str
) -> str:
    if isinstance(block, Heading):
        return _heading(block)
    if isinstance(block, Paragraph):
        text = inline_markdown(block.content)
        return f"{block.number} {text}" if block.number else text
    if isinstance(block, Quote):
        return "> " + inline_markdown(block.content)
    if isinstance(block, BulletList):
        marks = [f"{n}." if block.ordered else "-" for n in range(1, len(block.items) + 1)]
        return "\n".join(
            f"{mark} {inline_markdown(item)}" for mark, item in zip(marks, block.items, strict=True)
        )
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Figure):
        path = figure_path(figure_folder, block.number, block.key)
        if block.key in figures:
            output.files[path] = figures[block.key]
        caption = inline_markdown(block.caption)
        return f"![Figure {block.number}: {caption}]({path})"
    if isinstance(block, SourceEntry):
        return _source(block)
    if isinstance(block, Break):
        return ""
    raise TypeError(f"unknown block {type(block).__name__}")
