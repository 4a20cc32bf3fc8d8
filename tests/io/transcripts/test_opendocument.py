"""OpenDocument .odt transcripts: labels, bold speaker names, damaged files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from odf import teletype
from odf.opendocument import OpenDocumentText
from odf.style import Style, TextProperties
from odf.text import H, P, Span

from mutualscope.errors import InvalidInput
from mutualscope.io.transcripts import parse_odt


def test_parse_odt_turns(fixtures: Path) -> None:
    doc = parse_odt(fixtures / "interview.odt")
    assert doc.source_format == "odt"
    assert doc.speakers == ["Interviewer", "CEO"]
    last = doc.segments[-1]
    assert doc.text[last.start : last.end] == "Staff voted to spend it on a falls service."


def test_parse_odt_password_protected(fixtures: Path) -> None:
    with pytest.raises(InvalidInput, match=r"encrypted.odt: the file is password-protected"):
        parse_odt(fixtures / "encrypted.odt")


def test_parse_odt_not_a_zip(fixtures: Path, tmp_path: Path) -> None:
    path = tmp_path / "broken.odt"
    path.write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(InvalidInput, match=r"broken.odt: not a valid .odt file"):
        parse_odt(path)


def _bold_odt(path: Path) -> Path:
    """An .odt with bold speaker names as LibreOffice writes them: automatic text styles
    on spans, a bold paragraph style, and a common style inherited through a parent."""
    document = OpenDocumentText()
    strong = Style(name="Strong_20_Emphasis", displayname="Strong Emphasis", family="text")
    strong.addElement(TextProperties(fontweight="bold"))
    speaker = Style(name="Speaker", family="paragraph")
    speaker.addElement(TextProperties(fontweight="bold"))
    document.styles.addElement(strong)
    document.styles.addElement(speaker)
    for name, family, properties, parent in [
        ("T1", "text", {"fontweight": "bold"}, None),
        ("T2", "text", {"fontweight": "normal"}, None),
        ("T3", "text", {"fontweight": "700"}, None),
        ("T4", "text", {"fontstyle": "italic"}, "Strong_20_Emphasis"),
        ("T5", "text", {"fontstyle": "italic"}, None),
        ("P1", "paragraph", {"fontsize": "12pt"}, "Speaker"),
    ]:
        style = Style(name=name, family=family)
        if parent:
            style.setAttribute("parentstylename", parent)
        style.addElement(TextProperties(**properties))
        document.automaticstyles.addElement(style)

    def paragraph(*pieces: tuple[str | None, str], style: str | None = None) -> None:
        p = P(stylename=style) if style else P()
        for span_style, text in pieces:
            if span_style is None:
                teletype.addTextToElement(p, text)
            else:
                span = Span(stylename=span_style)
                teletype.addTextToElement(span, text)
                p.addElement(span)
        document.text.addElement(p)

    document.text.addElement(H(outlinelevel=1, text="Fictional test interview"))
    paragraph(("T5", "Recorded"), (None, " at the depot."))
    paragraph(("T1", "Interviewer"), (None, " How did the spin-out change things?"))
    paragraph(("T1", "Bernard Okafor:"), (None, " We stopped asking permission."))
    paragraph(("T3", "Interviewer"), (None, ": And the surplus?"))
    paragraph(("T4", "Bernard Okafor "), (None, "Staff voted to spend it."))
    paragraph(("T2", "It pays for  two pilots."), style="P1")
    paragraph(("T1", "Interviewer:"), style="P1")
    paragraph((None, "What next?"))
    paragraph((None, "A bold heading"), style="Speaker")
    paragraph(("T1", "Inter"), (None, "rupted words stay as they are."))
    document.save(str(path))
    return path


def test_parse_odt_bold_names_are_speakers(tmp_path: Path) -> None:
    doc = parse_odt(_bold_odt(tmp_path / "bold.odt"))
    assert [(s.speaker, doc.text[s.start : s.end]) for s in doc.segments] == [
        (None, "Fictional test interview\nRecorded at the depot."),
        ("Interviewer", "How did the spin-out change things?"),
        ("Bernard Okafor", "We stopped asking permission."),
        ("Interviewer", "And the surplus?"),
        # "It pays" is in a bold paragraph style, but its span is not bold.
        ("Bernard Okafor", "Staff voted to spend it.\nIt pays for  two pilots."),
        (
            "Interviewer",
            "What next?\nA bold heading\nInterrupted words stay as they are.",
        ),
    ]
    assert doc.speakers == ["Interviewer", "Bernard Okafor"]
    assert doc.warnings == []


def test_parse_odt_bold_paragraph_style_with_plain_words(tmp_path: Path) -> None:
    document = OpenDocumentText()
    bold = Style(name="P1", family="paragraph")
    bold.addElement(TextProperties(fontweight="bold"))
    plain = Style(name="T1", family="text")
    plain.addElement(TextProperties(fontweight="normal"))
    document.automaticstyles.addElement(bold)
    document.automaticstyles.addElement(plain)
    for name, words in [("Facilitator", "Welcome, all."), ("Okafor", "Thank you.")]:
        p = P(stylename="P1", text=name)
        p.addElement(Span(stylename="T1", text=f" {words}"))
        document.text.addElement(p)
    document.save(str(tmp_path / "group.odt"))
    doc = parse_odt(tmp_path / "group.odt")
    assert [(s.speaker, doc.text[s.start : s.end]) for s in doc.segments] == [
        ("Facilitator", "Welcome, all."),
        ("Okafor", "Thank you."),
    ]


_CONTENT = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    "<office:document-content"
    ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    ' xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
    ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    ' xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"'
    ' office:version="1.3">\n'
    "<office:automatic-styles>\n"
    '<style:style style:name="T1" style:family="text"><style:text-properties'
    ' fo:font-weight="bold" style:font-weight-asian="bold"'
    ' style:font-weight-complex="bold"/></style:style>\n'
    "</office:automatic-styles>\n"
    "<office:body><office:text>\n"
    '<text:p text:style-name="Standard">Fictional test interview</text:p>\n'
    '<text:p text:style-name="Standard"><text:span text:style-name="T1">Interviewer:'
    '</text:span><text:s/>Tell me about<text:s text:c="2"/>the fund.</text:p>\n'
    '<text:p text:style-name="Standard"><text:span text:style-name="T1">Mary</text:span>'
    '<text:span text:style-name="T1"> Wong</text:span><text:tab/>We set it up.</text:p>\n'
    '<text:list><text:list-item><text:p><text:span text:style-name="T1">Interviewer'
    "</text:span> Thanks.</text:p></text:list-item></text:list>\n"
    "</office:text></office:body></office:document-content>\n"
)

_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
 manifest:version="1.3">
<manifest:file-entry manifest:full-path="/"
 manifest:media-type="application/vnd.oasis.opendocument.text"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""


def test_parse_odt_bold_names_in_written_xml(tmp_path: Path) -> None:
    path = tmp_path / "written.odt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("META-INF/manifest.xml", _MANIFEST)
        archive.writestr("content.xml", _CONTENT)
    doc = parse_odt(path)
    assert [(s.speaker, doc.text[s.start : s.end]) for s in doc.segments] == [
        (None, "Fictional test interview"),
        ("Interviewer", "Tell me about  the fund."),
        ("Mary Wong", "We set it up."),
        ("Interviewer", "Thanks."),
    ]
