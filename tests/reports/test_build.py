import os
from pathlib import Path
from typing import Any

import docx
import pytest
from pypdf import PdfReader
from sqlalchemy.orm import Session

from mutualscope.errors import InvalidInput
from mutualscope.reports.build import MAX_STAGES, build_report, check_output, write_report
from mutualscope.reports.config import parse_config
from mutualscope.reports.document import Heading, Paragraph, SourceEntry, plain_text


def build(session: Session, config_data: dict[str, Any], **kwargs: Any) -> Any:
    return build_report(session, config=parse_config(config_data), **kwargs)


def test_build_report_numbers_and_traces(
    session: Session, evidence: dict[str, Any], config_data: dict[str, Any]
) -> None:
    document = build(session, config_data)
    headings = [
        (b.number, plain_text(b.content)) for b in document.blocks if isinstance(b, Heading)
    ]
    assert headings == [
        (None, "Written evidence from the Test Centre"),
        (None, "Summary"),
        ("1", "Introduction"),
        ("2", "What is the changing landscape of mutual spin-outs?"),
        ("3", "Are mutuals more innovative?"),
        ("3.3", "Freedom to innovate"),
        (None, "Acknowledgements"),
        (None, "Sources of figures and quotes"),
        (None, "Queries"),
    ]
    numbered = [b.number for b in document.blocks if isinstance(b, Paragraph) and b.number]
    assert numbered == ["1.1", "2.1", "2.2", "3.1", "3.2", "3.3.1"]
    entries = {b.source_id: b for b in document.blocks if isinstance(b, SourceEntry)}
    quotes = [e for key, e in entries.items() if key.startswith("q")]
    assert [e.used_in for e in quotes] == [["3.2"], ["3.2"], ["3.2"]]
    assert ("Document", "case-3-interview.txt") in quotes[0].details
    assert all(e.used_in for key, e in entries.items() if not key.startswith("Q"))


def test_build_report_says_what_is_missing(session: Session) -> None:
    document = build_report(session)
    text = " ".join(plain_text(b.content) for b in document.blocks if isinstance(b, Paragraph))
    assert "no registry of organisations" in text
    assert "no interview transcripts" in text
    assert "No passages have been coded yet" in text


def test_build_report_rejects_unknown_codes_in_the_config(
    session: Session, evidence: dict[str, Any], config_data: dict[str, Any]
) -> None:
    config_data["themes"][0]["subthemes"][0]["code"] = "Innovation/Fredom"
    with pytest.raises(InvalidInput) as caught:
        build(session, config_data, config_source="report.yaml")
    assert caught.value.problems == [
        "report.yaml: themes[0].subthemes[0].code: No code 'Innovation/Fredom' in the "
        "codebook. Did you mean: Innovation/Freedom, Innovation?"
    ]


def test_build_report_template_errors(session: Session, tmp_path: Path) -> None:
    bad = tmp_path / "bad.md.j2"
    bad.write_text("# T\n\n{{ figure('pie') }}\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"bad.md.j2, line 3: Unknown figure 'pie'"):
        build_report(session, template=bad)
    bad.write_text("# T\n\n![x](figure:nothing)\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="did not make: nothing"):
        build_report(session, template=bad)


def test_write_report_all_formats_read_back(
    session: Session, evidence: dict[str, Any], config_data: dict[str, Any], tmp_path: Path
) -> None:
    document = build(session, config_data)
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    written = {
        p.name
        for ext in ("md", "html", "docx", "pdf")
        for p in write_report(document, tmp_path / f"r.{ext}")
    }
    assert written == {"r.md", "figure-1.png", "r.html", "r.docx", "r.pdf"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "r-figures", "r.docx", "r.html", "r.md", "r.pdf",
    ]  # fmt: skip
    umask = os.umask(0)
    os.umask(umask)
    for name in ("r.md", "r.html", "r.docx", "r.pdf", "r-figures/figure-1.png"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o666 & ~umask, name
    assert (tmp_path / "r-figures").stat().st_mode & 0o777 == 0o777 & ~umask

    markdown = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "## 1. Introduction" in markdown
    assert "\n3.3.1 A further paragraph.\n" in markdown
    assert "> \u201cWe did it under the radar." in markdown
    assert "![Figure 1: Organisations by region of England](r-figures/figure-1.png)" in markdown

    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert '<p class="numbered" id="para-2.1"><span class="num">2.1</span>' in html
    assert 'src="data:image/png;base64,' in html
    assert '<a class="src" href="#src-q1"' in html and 'id="src-q1"' in html

    word = docx.Document(str(tmp_path / "r.docx"))
    styled = [(p.style.name, p.text) for p in word.paragraphs]
    assert ("Heading 1", "1. Introduction") in styled
    assert ("Heading 2", "3.3\tFreedom to innovate") in styled
    assert any(s == "Quote" and t.startswith("\u201cWe did it under the radar.") for s, t in styled)
    assert any(t.startswith("3.3.1\tA further paragraph.") for _, t in styled)
    region_table = word.tables[1]
    assert [c.text for c in region_table.rows[0].cells] == ["Region", "Organisations", "Share"]
    assert word.inline_shapes[0].width > 0

    pdf = PdfReader(str(tmp_path / "r.pdf"))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "1. Introduction" in text and "3.3.1" in text
    assert "(CEO of case 3)" in text
    assert "Organisations by region" in text
    # Page numbers from the @page rule close each page's text.
    assert [p.extract_text().rstrip().rsplit(maxsplit=1)[-1] for p in pdf.pages] == [
        str(n) for n in range(1, len(pdf.pages) + 1)
    ]


def test_write_report_leaves_nothing_behind_on_failure(
    session: Session, evidence: dict[str, Any], config_data: dict[str, Any], tmp_path: Path
) -> None:
    document = build(session, config_data)
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    document.figures["regions-1"] = b"not a png"
    with pytest.raises(Exception):  # noqa: B017 - python-docx's own error for a bad image
        write_report(document, tmp_path / "r.docx")
    assert list(tmp_path.iterdir()) == []


def test_check_output_messages(tmp_path: Path) -> None:
    assert check_output(tmp_path / "a.PDF") == ".pdf"
    with pytest.raises(InvalidInput, match=r"must end in \.md, \.html, \.docx, \.pdf"):
        check_output(tmp_path / "a.txt")
    with pytest.raises(InvalidInput, match="does not exist"):
        check_output(tmp_path / "no" / "a.md")
    with pytest.raises(InvalidInput, match="it is a folder"):
        (tmp_path / "d.md").mkdir()
        check_output(tmp_path / "d.md")
    if os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        with pytest.raises(InvalidInput, match="permission denied"):
            check_output(locked / "a.md")


def test_docx_bookmarks_keep_paragraph_properties_first(
    session: Session, evidence: dict[str, Any], config_data: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "out.docx"
    write_report(build(session, config_data), path)
    word = docx.Document(str(path))
    marked = [
        p for p in word.paragraphs if p._p.find(docx.oxml.ns.qn("w:bookmarkStart")) is not None
    ]
    assert marked
    for paragraph in marked:
        first = paragraph._p[0]
        assert first.tag == docx.oxml.ns.qn("w:pPr") or paragraph._p.pPr is None
    links = word.element.body.findall(".//" + docx.oxml.ns.qn("w:hyperlink"))
    anchors = {link.get(docx.oxml.ns.qn("w:anchor")) for link in links}
    names = {
        b.get(docx.oxml.ns.qn("w:name"))
        for b in word.element.body.iter(docx.oxml.ns.qn("w:bookmarkStart"))
    }
    assert anchors and anchors <= names


def test_html_links_all_land(
    session: Session, evidence: dict[str, Any], config_data: dict[str, Any], tmp_path: Path
) -> None:
    import re

    path = tmp_path / "out.html"
    write_report(build(session, config_data), path)
    html = path.read_text(encoding="utf-8")
    targets = set(re.findall(r'href="#([^"]+)"', html))
    ids = set(re.findall(r'id="([^"]+)"', html))
    assert targets and targets <= ids


def test_markdown_figures_folder_follows_the_report(
    session: Session, evidence: dict[str, Any], config_data: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    write_report(build(session, config_data), out / "r.md")
    assert (out / "r-figures" / "figure-1.png").exists()
    bare = tmp_path / "bare.md.j2"
    bare.write_text("# Just text\n", encoding="utf-8")
    write_report(build_report(session, template=bare), out / "r.md")
    assert sorted(p.name for p in out.iterdir()) == ["r.md"]


def test_build_report_theme_without_passages_says_so(
    session: Session, evidence: dict[str, Any], config_data: dict[str, Any]
) -> None:
    from tests.factories import make_code

    make_code(session, "Austerity")
    config_data["themes"].append({"heading": "Austerity", "code": "Austerity"})
    document = build(session, config_data)
    text = [plain_text(b.content) for b in document.blocks if isinstance(b, Paragraph)]
    assert "No passages have been coded as Austerity yet." in text


def test_build_report_tells_each_stage_as_it_starts(
    session: Session, evidence: dict[str, Any], config_data: dict[str, Any], tmp_path: Path
) -> None:
    stages: list[str] = []
    document = build(session, config_data, progress=stages.append)
    assert stages == [
        "Reading the template and what the project holds",
        "Counting the cases, interviews and people",
        "Landscape statistics from the registry",
        "Drawing the map and charts",
        "Finding quotes and coded passages",
        "Numbering the paragraphs",
        "Tracing every number and quote to its source",
    ]
    written: dict[str, list[str]] = {}
    for ext in ("md", "html", "docx"):
        written[ext] = []
        write_report(document, tmp_path / f"r.{ext}", progress=written[ext].append)
    assert written == {
        "md": ["Rendering the Markdown", "Writing r.md and 1 figure"],
        "html": ["Rendering the HTML", "Writing r.html"],
        "docx": ["Rendering the Word document"],
    }
    assert len(stages) + len(written["md"]) <= MAX_STAGES


def test_build_report_leaves_out_stages_the_template_does_not_use(session: Session) -> None:
    stages: list[str] = []
    build_report(session, progress=stages.append)
    # An empty project: the template says what is missing instead of drawing or quoting.
    assert "Drawing the map and charts" not in stages
    assert "Finding quotes and coded passages" not in stages
    assert stages[0] == "Reading the template and what the project holds"
    assert stages[-2:] == [
        "Numbering the paragraphs",
        "Tracing every number and quote to its source",
    ]
