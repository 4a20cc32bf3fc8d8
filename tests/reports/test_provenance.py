from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite

from mutualscope.reports.document import Paragraph, SourceEntry, SourceRef, Table, Text
from mutualscope.reports.numbering import number_document
from mutualscope.reports.provenance import (
    Provenance,
    renumber_sources,
    sources_appendix,
    sql_text,
    uses_of_sources,
)
from mutualscope.reports.reader import read_markdown
from mutualscope.storage.cases import Case


def test_sql_text_writes_parameters_in_for_each_dialect() -> None:
    query = select(func.count(Case.id)).where(Case.label == "Case 3")
    assert sql_text(query, sqlite.dialect()) == (
        "SELECT count(case_study.id) AS count_1 FROM case_study WHERE case_study.label = 'Case 3'"
    )
    assert "'Case 3'" in sql_text(query, postgresql.dialect())


def test_equal_sources_share_an_id_and_markdown_links_them() -> None:
    provenance = Provenance()
    a = provenance.number(41, "established in 2011", "SELECT 41")
    b = provenance.number(41, "established in 2011", "SELECT 41")
    c = provenance.number(12, "in the East of England", "SELECT 12")
    assert a.source_id == b.source_id == "n1" and c.source_id == "n2"
    assert a.__markdown__() == "[41](#src-n1)"
    assert a == 41 and c < a and int(c) == 12 and str(a) == "41"
    total = provenance.derived(53, "53", "together", [a, c])
    assert provenance.sources[total.source_id].details() == [
        ("Computed", "41 established in 2011 + 12 in the East of England")
    ]


def test_uses_renumbering_and_appendix() -> None:
    provenance = Provenance()
    late = provenance.number(2, "second", "SELECT 2")  # registered first, read second
    early = provenance.number(1, "first", "SELECT 1")
    quote = provenance.quote(
        label="(CEO of case 3)", text="Words.", document="d.txt", start=5, end=11,
        coding_id=7, code="Innovation",
    )  # fmt: skip
    doc = read_markdown(
        f"## One\n\nFirst {early.__markdown__()} then {late.__markdown__()}.\n\n"
        f"> \u201cWords.\u201d [(CEO of case 3)](#src-{quote.id})\n\n"
        f"| a |\n|---:|\n| {late.__markdown__()} |\n"
    )
    number_document(doc)
    assert uses_of_sources(doc) == {"n2": ["1.1"], "n1": ["1.1", "Table 1"], "q1": ["1.1"]}
    renumber_sources(doc, provenance)
    first = doc.blocks[1]
    assert isinstance(first, Paragraph)
    assert [i.source_id for i in first.content if isinstance(i, SourceRef)] == ["n1", "n2"]
    table = doc.blocks[3]
    assert isinstance(table, Table) and table.rows[0][0] == [SourceRef((Text("2"),), "n2")]
    entries = [b for b in sources_appendix(doc, provenance) if isinstance(b, SourceEntry)]
    assert [(e.source_id, e.used_in) for e in entries] == [
        ("n1", ["1.1"]),
        ("n2", ["1.1", "Table 1"]),
        ("q1", ["1.1"]),
        ("Q1", []),
        ("Q2", []),
    ]
    assert entries[2].details == [
        ("Document", "d.txt"), ("Characters", "5-11"), ("Code", "Innovation"), ("Coding", "#7"),
    ]  # fmt: skip
    assert entries[0].details == [("Query", "Q1")]


def test_no_sources_no_appendix() -> None:
    doc = number_document(read_markdown("## One\n\nNothing counted.\n"))
    assert sources_appendix(doc, Provenance()) == []
