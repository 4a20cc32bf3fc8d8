"""A numbered report as a Word document, the form select committees ask for.

Real heading styles (so Word's navigation pane and a table of contents work), paragraph
numbers hanging in the margin as in the seed, tables and figures with captions, quotes
in the Quote style, page numbers in the footer, and each sourced figure or attribution
linked to its bookmark in the sources appendix.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

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

HANGING = Cm(1.3)
ACCENT = RGBColor(0x1F, 0x4E, 0x79)
MONO = "DejaVu Sans Mono"


def _style_document(docx: DocxDocument) -> None:
    normal = docx.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    for name in ("Title", "Heading 1", "Heading 2"):
        docx.styles[name].font.name = "Arial"
        docx.styles[name].font.color.rgb = ACCENT
    docx.styles["Title"].font.size = Pt(20)
    docx.styles["Heading 1"].font.size = Pt(14)
    docx.styles["Heading 2"].font.size = Pt(12)
    quote = docx.styles["Quote"]
    quote.paragraph_format.left_indent = HANGING + Cm(0.5)
    quote.paragraph_format.right_indent = Cm(0.5)
    section = docx.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.2))
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE")


def _field(paragraph: DocxParagraph, instruction: str) -> None:
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def _bookmark_name(source_id: str) -> str:
    return f"src_{source_id}"


def _add_bookmark(paragraph: DocxParagraph, name: str, number: int) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    # w:pPr must stay the paragraph's first child, or Word reports the file as damaged.
    properties = paragraph._p.pPr
    paragraph._p.insert(1 if properties is not None else 0, start)
    paragraph._p.append(end)


def _add_internal_link(paragraph: DocxParagraph, text: str, anchor: str, italic: bool) -> None:
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor)
    run = paragraph.add_run(text)
    # Explicitly upright unless inside emphasis: a quote's attribution stands apart from
    # the italic words of the Quote style, as in the HTML.
    run.italic = italic
    # Moving the run inside the hyperlink keeps python-docx's formatting of it.
    link.append(run._r)
    paragraph._p.append(link)


def _add_inlines(
    paragraph: DocxParagraph,
    items: list[Inline] | tuple[Inline, ...],
    *,
    bold: bool = False,
    italic: bool = False,
) -> None:
    for item in items:
        if isinstance(item, Text):
            run = paragraph.add_run(item.text)
            run.bold = bold or None
            run.italic = italic or None
        elif isinstance(item, Code):
            run = paragraph.add_run(item.text)
            run.font.name = MONO
            run.font.size = Pt(8)
        elif isinstance(item, Emphasis):
            _add_inlines(paragraph, item.children, bold=bold, italic=not italic)
        elif isinstance(item, Strong):
            _add_inlines(paragraph, item.children, bold=True, italic=italic)
        elif isinstance(item, Link):
            _add_inlines(paragraph, item.children, bold=bold, italic=italic)
            paragraph.add_run(f" <{item.url}>")
        elif isinstance(item, SourceRef):
            words = "".join(
                child.text if isinstance(child, Text | Code) else "" for child in item.children
            )
            _add_internal_link(paragraph, words, _bookmark_name(item.source_id), italic)


def _numbered(docx: DocxDocument, number: str | None, style: str | None = None) -> DocxParagraph:
    paragraph = docx.add_paragraph(style=style)
    if number is not None:
        fmt = paragraph.paragraph_format
        fmt.left_indent = HANGING
        fmt.first_line_indent = -HANGING
        fmt.tab_stops.add_tab_stop(HANGING)
        run = paragraph.add_run(f"{number}\t")
        run.bold = True
    return paragraph


def _heading(docx: DocxDocument, block: Heading) -> None:
    if block.level == 1:
        paragraph = docx.add_paragraph(style="Title")
    else:
        paragraph = docx.add_paragraph(style=f"Heading {block.level - 1}")
        if block.number is not None:
            joiner = ". " if block.level == 2 else "\t"
            if block.level == 3:
                fmt = paragraph.paragraph_format
                fmt.left_indent, fmt.first_line_indent = HANGING, -HANGING
                fmt.tab_stops.add_tab_stop(HANGING)
            paragraph.add_run(f"{block.number}{joiner}")
    _add_inlines(paragraph, block.content)


def _caption(docx: DocxDocument, label: str, content: list[Inline]) -> None:
    paragraph = docx.add_paragraph(style="Caption")
    paragraph.paragraph_format.left_indent = HANGING
    paragraph.add_run(label).bold = True
    _add_inlines(paragraph, content)


def _table(docx: DocxDocument, block: Table) -> None:
    _caption(docx, f"Table {block.number}: ", block.caption)
    table = docx.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = docx.styles["Light List Accent 1"]
    for row_index, row in enumerate([block.header, *block.rows]):
        for col_index, content in enumerate(row):
            paragraph = table.cell(row_index, col_index).paragraphs[0]
            if block.align[col_index] == "right":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.space_after = Pt(0)
            _add_inlines(paragraph, content, bold=row_index == 0)
    docx.add_paragraph()


def _figure(docx: DocxDocument, block: Figure, figures: dict[str, bytes]) -> None:
    data = figures.get(block.key)
    if data is not None:
        docx.add_picture(BytesIO(data), width=Cm(15))
        docx.paragraphs[-1].paragraph_format.left_indent = HANGING
    _caption(docx, f"Figure {block.number}: ", block.caption)


def _source(docx: DocxDocument, block: SourceEntry, bookmark: int) -> None:
    paragraph = docx.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(1)
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run(f"[{block.source_id}] ").bold = True
    _add_inlines(paragraph, block.summary)
    if block.used_in:
        paragraph.add_run(f" (used in {', '.join(block.used_in)})").italic = True
    for run in paragraph.runs:
        run.font.size = Pt(9)
    _add_bookmark(paragraph, _bookmark_name(block.source_id), bookmark)
    for term, value in block.details:
        line = docx.add_paragraph()
        line.paragraph_format.left_indent = HANGING
        line.paragraph_format.space_after = Pt(0)
        label = line.add_run(f"{term}: ")
        label.font.size = Pt(8)
        label.font.color.rgb = RGBColor(0x5B, 0x5B, 0x57)
        text = line.add_run(value)
        text.font.size = Pt(8)
    docx.paragraphs[-1].paragraph_format.space_after = Pt(6)


def _block(docx: DocxDocument, block: Block, figures: dict[str, bytes], index: int) -> None:
    if isinstance(block, Heading):
        _heading(docx, block)
    elif isinstance(block, Paragraph):
        paragraph = _numbered(docx, block.number)
        if block.number is None and block.indented:
            paragraph.paragraph_format.left_indent = HANGING
        _add_inlines(paragraph, block.content)
    elif isinstance(block, Quote):
        _add_inlines(docx.add_paragraph(style="Quote"), block.content)
    elif isinstance(block, BulletList):
        style = "List Number" if block.ordered else "List Bullet"
        for item in block.items:
            paragraph = docx.add_paragraph(style=style)
            paragraph.paragraph_format.left_indent = HANGING + Cm(0.6)
            _add_inlines(paragraph, item)
    elif isinstance(block, Table):
        _table(docx, block)
    elif isinstance(block, Figure):
        _figure(docx, block, figures)
    elif isinstance(block, SourceEntry):
        _source(docx, block, index)
    elif isinstance(block, Break):
        docx.add_page_break()  # type: ignore[no-untyped-call]


def render_docx(document: ReportDocument, path: Path) -> None:
    """Write the report to ``path`` as .docx."""
    docx = new_docx()
    _style_document(docx)
    docx.core_properties.title = document.title
    docx.core_properties.author = "mutualscope"
    for index, block in enumerate(document.blocks):
        _block(docx, block, document.figures, index)
    docx.save(str(path))
