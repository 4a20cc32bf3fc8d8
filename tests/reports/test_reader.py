from mutualscope.reports.document import (
    BulletList,
    Code,
    Emphasis,
    Figure,
    Heading,
    Link,
    Paragraph,
    Quote,
    SourceRef,
    Strong,
    Table,
    Text,
    plain_text,
)
from mutualscope.reports.reader import escape_markdown, parse_inline, read_markdown


def test_reader_blocks_of_written_evidence() -> None:
    doc = read_markdown(
        "# Title\n\n## Summary {-}\n\nFirst line\nsecond line.\n\n## Introduction\n\n"
        "> \u201cQuote\u201d [(CEO of case 3)](#src-q1)\n\n- one\n- two\n\n"
        "| Role | People |\n|---|---:|\n| CEO | [2](#src-n1) |\nTable: By role\n\n"
        "![Map](figure:regions-1)\n\n\\newpage\n"
    )
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == [
        "Heading", "Heading", "Paragraph", "Heading", "Quote", "BulletList", "Table",
        "Figure", "Break",
    ]  # fmt: skip
    _title, summary, para, intro, quote, items, table, figure = doc.blocks[:8]
    assert isinstance(summary, Heading) and not summary.numbered
    assert plain_text(summary.content) == "Summary"
    assert isinstance(intro, Heading) and intro.numbered
    assert isinstance(para, Paragraph) and plain_text(para.content) == "First line second line."
    assert isinstance(quote, Quote)
    assert quote.content[-1] == SourceRef((Text("(CEO of case 3)"),), "q1")
    assert isinstance(items, BulletList) and len(items.items) == 2
    assert isinstance(table, Table)
    assert table.align == ["left", "right"]
    assert table.rows[0][1] == [SourceRef((Text("2"),), "n1")]
    assert plain_text(table.caption) == "By role"
    assert isinstance(figure, Figure) and figure.key == "regions-1"
    assert doc.title == "Title"


def test_reader_inline_markup_and_escapes() -> None:
    items = parse_inline(r"a **b** *c* [d](http://x) `e` \*f\* 2 \| 3")
    assert items == [
        Text("a "),
        Strong((Text("b"),)),
        Text(" "),
        Emphasis((Text("c"),)),
        Text(" "),
        Link((Text("d"),), "http://x"),
        Text(" "),
        Code("e"),
        Text(" *f* 2 | 3"),
    ]


def test_reader_unmatched_markers_stay_text() -> None:
    assert plain_text(parse_inline("5 * 3 and [not a link")) == "5 * 3 and [not a link"


def test_escape_markdown_round_trips_through_the_reader() -> None:
    nasty = "Use *stars*, [brackets](x) and | pipes\nover two lines"
    assert plain_text(parse_inline(escape_markdown(nasty))) == (
        "Use *stars*, [brackets](x) and | pipes over two lines"
    )


def test_reader_table_cells_with_escaped_pipes_and_short_rows() -> None:
    doc = read_markdown("| a | b |\n|---|---|\n| x \\| y |\n")
    table = doc.blocks[0]
    assert isinstance(table, Table)
    assert [plain_text(c) for c in table.rows[0]] == ["x | y", ""]
