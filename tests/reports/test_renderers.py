"""The four renderers on one small document: same words, each in its own form."""

from pathlib import Path

import docx

from mutualscope.reports.document import Quote, ReportDocument, plain_text
from mutualscope.reports.numbering import number_document
from mutualscope.reports.reader import read_markdown
from mutualscope.reports.render_docx import render_docx
from mutualscope.reports.render_html import render_html
from mutualscope.reports.render_markdown import render_markdown

SOURCE = """# Evidence

## Summary {-}

Plain *emphasis* and **strong** with a [link](https://example.org).

## Findings

We coded [12](#src-n1) passages.

> \u201cA quote with a * star.\u201d [(Nurse of case 4)](#src-q1)

- one
- two

| Role | People |
|---|---:|
| Nurse | 1 |
Table: By role
"""


def document() -> ReportDocument:
    return number_document(read_markdown(SOURCE))


def test_render_markdown_round_trips() -> None:
    output = render_markdown(document(), figure_folder="figs")
    assert "## 1. Findings\n\n1.1 We coded 12 passages." in output.text
    assert "> \u201cA quote with a \\* star.\u201d (Nurse of case 4)" in output.text
    assert "*Table 1: By role*\n\n| Role | People |\n|---|---:|\n| Nurse | 1 |" in output.text
    # What the Markdown says reads back as the same words (escapes undone).
    quotes = [b for b in read_markdown(output.text).blocks if isinstance(b, Quote)]
    assert plain_text(quotes[0].content) == "“A quote with a * star.” (Nurse of case 4)"


def test_render_html_escapes_and_links() -> None:
    html = render_html(document())
    assert "<title>Evidence</title>" in html
    assert '<h2 id="section-1">1. Findings</h2>' in html
    assert '<a class="src" href="#src-n1" title="Source n1">12</a>' in html
    assert "<em>emphasis</em>" in html and '<a href="https://example.org">link</a>' in html
    assert '<td class="num">1</td>' in html
    assert "<caption>Table 1: By role</caption>" in html


def test_render_docx_styles(tmp_path: Path) -> None:
    path = tmp_path / "r.docx"
    render_docx(document(), path)
    word = docx.Document(str(path))
    styled = [(p.style.name, p.text) for p in word.paragraphs]
    assert styled[0] == ("Title", "Evidence")
    assert ("Heading 1", "1. Findings") in styled
    assert ("Normal", "1.1\tWe coded 12 passages.") in styled
    assert ("Quote", "\u201cA quote with a * star.\u201d (Nurse of case 4)") in styled
    assert [s for s, t in styled if t in ("one", "two")] == ["List Bullet", "List Bullet"]
    assert word.tables[0].cell(1, 1).text == "1"
    assert word.core_properties.title == "Evidence"


def test_word_count_leaves_out_the_appendix() -> None:
    doc = document()
    # Title 1, Summary 1, 8, Findings 1, 4, quote 8, list 2.
    assert doc.word_count() == 25
    from mutualscope.reports.document import Heading, Paragraph, Text

    doc.blocks += [
        Heading(2, [Text("Sources of figures and quotes")], numbered=False, anchor="sources"),
        Paragraph([Text("many more words here")], numbered=False),
    ]
    assert doc.word_count() == 25
