"""The demo's evidence report in all four formats, against reviewed snapshots.

Regenerate the snapshots after a deliberate change with
``MUTUALSCOPE_UPDATE_SNAPSHOTS=1 pytest tests/demo/test_report.py``, then read the diff.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from mutualscope.demo import report
from mutualscope.demo.builder import STEPS, build_demo

SNAPSHOTS = Path(__file__).parent / "snapshots"
_DATA_URI = re.compile(r'src="data:image/png;base64,[^"]+"')


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("demo")
    project = build_demo(out, lambda _: None)
    project.close()
    yield out


def check_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("MUTUALSCOPE_UPDATE_SNAPSHOTS"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its snapshot"


def test_demo_report_comes_after_the_data_it_reports() -> None:
    names = [step.name for step in STEPS]
    assert names.index("Report") > max(
        names.index(n) for n in ("Registry", "Transcripts", "Coding")
    )


def test_demo_report_writes_four_formats(demo: Path) -> None:
    for name in (*report.OUTPUTS, "report.yaml", "report-figures/figure-1.png"):
        assert (demo / name).stat().st_size > 0, name


def test_demo_report_markdown_matches_snapshot(demo: Path) -> None:
    check_snapshot("report.md", (demo / "report.md").read_text(encoding="utf-8"))


def test_demo_report_html_matches_snapshot(demo: Path) -> None:
    html = (demo / "report.html").read_text(encoding="utf-8")
    # The content, not the stylesheet; and the embedded PNGs depend on the matplotlib
    # build, the text around them must not.
    body = html[html.index("<body>") :]
    check_snapshot("report.html", _DATA_URI.sub('src="data:image/png;base64,..."', body))


def test_demo_report_docx_reads_back(demo: Path) -> None:
    word = docx.Document(str(demo / "report.docx"))
    styled = [(p.style.name, p.text) for p in word.paragraphs]
    headings = [t for s, t in styled if s == "Heading 1"]
    assert headings[:3] == [
        "Summary",
        "1. Introduction",
        "2. What is the changing landscape of mutual spin-outs?",
    ]
    assert ("Heading 2", "5.1\tCreating the space for innovation") in styled
    assert any(t.startswith("2.2\tThe registry holds 52 organisations") for _, t in styled)
    quotes = [t for s, t in styled if s == "Quote"]
    assert quotes and all(
        re.search(r"\u201d \((\w[\w ]*) of case \d\)$|\u201d \(\w+\)$", q) for q in quotes
    )
    regions = next(t for t in word.tables if t.rows[0].cells[0].text == "Region")
    east = next(r for r in regions.rows if r.cells[0].text == "East of England")
    assert [c.text for c in east.cells] == ["East of England", "12", "23%"]
    assert len(word.inline_shapes) == 1


def test_demo_report_pdf_reads_back(demo: Path) -> None:
    pdf = PdfReader(str(demo / "report.pdf"))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert (
        " ".join(text.split()[:9])
        == "Written evidence from the Fictional Centre for Mutuals Research"
    )
    assert "1. Introduction" in text and "5.1.1" in text
    assert "Table 2: Organisations by region" in text
    assert "(41 of 52)" in text and "(CEO of case 1)" in text
    assert "Sources of figures and quotes" in text
