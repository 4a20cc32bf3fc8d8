"""A numbered report as one standalone HTML file: styles inline, figures as data URIs,
each sourced figure or attribution linked to its entry in the sources appendix."""

from __future__ import annotations

import base64
from html import escape
from importlib import resources

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


def report_css() -> str:
    return (
        resources.files("mutualscope.reports")
        .joinpath("templates/report.css")
        .read_text(encoding="utf-8")
    )


def inline_html(items: list[Inline] | tuple[Inline, ...]) -> str:
    parts: list[str] = []
    for item in items:
        if isinstance(item, Text):
            parts.append(escape(item.text, quote=False))
        elif isinstance(item, Code):
            parts.append(f"<code>{escape(item.text, quote=False)}</code>")
        elif isinstance(item, Emphasis):
            parts.append(f"<em>{inline_html(item.children)}</em>")
        elif isinstance(item, Strong):
            parts.append(f"<strong>{inline_html(item.children)}</strong>")
        elif isinstance(item, Link):
            parts.append(f'<a href="{escape(item.url)}">{inline_html(item.children)}</a>')
        elif isinstance(item, SourceRef):
            parts.append(
                f'<a class="src" href="#src-{escape(item.source_id)}" '
                f'title="Source {escape(item.source_id)}">{inline_html(item.children)}</a>'
            )
    return "".join(parts)


def paragraph_anchor(number: str) -> str:
    return f"para-{number}"


def _heading(block: Heading) -> str:
    tag = f"h{block.level}"
    attrs = f' id="{escape(block.anchor)}"' if block.anchor else ""
    text = inline_html(block.content)
    if block.number is None:
        return f"<{tag}{attrs}>{text}</{tag}>"
    if block.level == 2:
        return f'<{tag} id="section-{block.number}">{block.number}. {text}</{tag}>'
    anchor = paragraph_anchor(block.number)
    return (
        f'<{tag} class="numbered" id="{anchor}"><span class="num">{block.number}</span>'
        f"{text}</{tag}>"
    )


def _table(block: Table) -> str:
    def cell(tag: str, content: list[Inline], align: str) -> str:
        klass = ' class="num"' if align == "right" else ""
        return f"<{tag}{klass}>{inline_html(content)}</{tag}>"

    rows = [
        "<tr>"
        + "".join(cell("th", c, a) for c, a in zip(block.header, block.align, strict=True))
        + "</tr>"
    ]
    for row in block.rows:
        rows.append(
            "<tr>"
            + "".join(cell("td", c, a) for c, a in zip(row, block.align, strict=True))
            + "</tr>"
        )
    caption = f"<caption>Table {block.number}: {inline_html(block.caption)}</caption>"
    return f'<table id="table-{block.number}">{caption}\n' + "\n".join(rows) + "\n</table>"


def _figure(block: Figure, figures: dict[str, bytes]) -> str:
    caption = f"<figcaption>Figure {block.number}: {inline_html(block.caption)}</figcaption>"
    data = figures.get(block.key)
    if data is None:
        return f'<figure id="figure-{block.number}">{caption}</figure>'
    uri = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
    alt = escape(f"Figure {block.number}")
    return f'<figure id="figure-{block.number}"><img src="{uri}" alt="{alt}">{caption}</figure>'


def _place_link(place: str) -> str:
    if place[:1].isdigit():
        return f'<a href="#{paragraph_anchor(place)}">{escape(place)}</a>'
    if place.startswith(("Table ", "Figure ")):
        kind, number = place.split(" ", 1)
        return f'<a href="#{kind.lower()}-{escape(number)}">{escape(place)}</a>'
    return escape(place)


def _source(block: SourceEntry) -> str:
    used = ""
    if block.used_in:
        used = (
            ' <span class="used">(used in '
            + ", ".join(_place_link(p) for p in block.used_in)
            + ")</span>"
        )
    details = "".join(
        f"<dt>{escape(term)}</dt><dd>"
        + (
            f'<a href="#src-{escape(value)}">{escape(value)}</a>'
            if term == "Query"
            else escape(value)
        )
        + "</dd>"
        for term, value in block.details
    )
    return (
        f'<div class="source" id="src-{escape(block.source_id)}"><p>'
        f'<span class="src-id">[{escape(block.source_id)}]</span> '
        f"{inline_html(block.summary)}{used}</p><dl>{details}</dl></div>"
    )


def block_html(block: Block, figures: dict[str, bytes]) -> str:
    if isinstance(block, Heading):
        return _heading(block)
    if isinstance(block, Paragraph):
        if block.number is None:
            klass = ' class="indented"' if block.indented else ""
            return f"<p{klass}>{inline_html(block.content)}</p>"
        return (
            f'<p class="numbered" id="{paragraph_anchor(block.number)}">'
            f'<span class="num">{block.number}</span>{inline_html(block.content)}</p>'
        )
    if isinstance(block, Quote):
        return f"<blockquote><p>{inline_html(block.content)}</p></blockquote>"
    if isinstance(block, BulletList):
        tag = "ol" if block.ordered else "ul"
        items = "".join(f"<li>{inline_html(item)}</li>" for item in block.items)
        return f"<{tag}>{items}</{tag}>"
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Figure):
        return _figure(block, figures)
    if isinstance(block, SourceEntry):
        return _source(block)
    if isinstance(block, Break):
        return '<div class="page-break"></div>'
    raise TypeError(f"unknown block {type(block).__name__}")


def render_html(document: ReportDocument, *, extra_css: str = "") -> str:
    """The whole report as a standalone HTML page."""
    body = "\n".join(block_html(block, document.figures) for block in document.blocks)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(document.title)}</title>\n"
        '<meta name="generator" content="mutualscope">\n'
        f"<style>\n{report_css()}{extra_css}</style>\n</head>\n<body>\n<main>\n"
        f"{body}\n</main>\n</body>\n</html>\n"
    )
