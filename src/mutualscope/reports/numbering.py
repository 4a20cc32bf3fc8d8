"""Section and paragraph numbers in the style of written evidence to a select committee.

As in the seed: sections are ``1.``, ``2.`` ...; the paragraphs of a section ``2.1``,
``2.2`` ...; a subsection takes the next paragraph number (``5.1 Creating the space for
innovation``), its opening paragraph belongs to that number and later ones are ``5.1.1``,
``5.1.2`` .... Text outside numbered sections (title, questions, summary,
acknowledgements) is not numbered, and neither are quotes, lists, tables or figures,
which belong to the paragraph before them. Tables and figures are counted separately
(Table 1, Figure 1).
"""

from __future__ import annotations

from mutualscope.reports.document import Figure, Heading, Paragraph, ReportDocument, Table


def number_document(document: ReportDocument) -> ReportDocument:
    """Set ``number`` on every numbered heading, paragraph, table and figure, in place."""
    section = 0
    paragraph = 0
    subsection: int | None = None
    sub_paragraph = 0
    in_section = False
    opening = False  # the paragraph right after a subsection heading shares its number
    tables = 0
    figures = 0
    for block in document.blocks:
        if isinstance(block, Heading):
            opening = False
            if block.level == 2:
                in_section = block.numbered
                subsection = None
                if block.numbered:
                    section += 1
                    paragraph = 0
                    block.number = str(section)
                else:
                    block.number = None
            elif block.level == 3 and block.numbered and in_section:
                paragraph += 1
                subsection = paragraph
                sub_paragraph = 0
                block.number = f"{section}.{paragraph}"
                opening = True
            else:
                block.number = None
        elif isinstance(block, Paragraph):
            block.indented = in_section
            if not (block.numbered and in_section) or opening:
                block.number = None
            elif subsection is not None:
                sub_paragraph += 1
                block.number = f"{section}.{subsection}.{sub_paragraph}"
            else:
                paragraph += 1
                block.number = f"{section}.{paragraph}"
            opening = False
        elif isinstance(block, Table):
            tables += 1
            block.number = tables
        elif isinstance(block, Figure):
            figures += 1
            block.number = figures
    return document
