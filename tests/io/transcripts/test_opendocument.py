"""OpenDocument .odt transcripts: labels, bold speaker names, damaged files."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from odf import teletype
from odf.opendocument import OpenDocumentText
from odf.style import Style, TextProperties
from odf.text import H, P, Span
from tests.fuzz.inputs import write_odt_bomb

from mutualscope.domain import limits
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


def _written_odt(path: Path, body: str) -> Path:
    content = _CONTENT.split("<office:body>")[0] + f"<office:body><office:text>{body}"
    content += "</office:text></office:body></office:document-content>\n"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("META-INF/manifest.xml", _MANIFEST)
        archive.writestr("content.xml", content)
    return path


def test_parse_odt_of_many_paragraphs_needs_little_memory_and_time(tmp_path: Path) -> None:
    # odfpy built a Python object per element: 500,000 took 590 MB and 12 s of work.
    body = "".join(
        f'<text:p><text:span text:style-name="T1">Speaker {n % 3}</text:span> turn {n}'
        "<text:s/>here.</text:p>"
        for n in range(30_000)
    )
    path = _written_odt(tmp_path / "long.odt", body)
    started = time.process_time()
    doc = parse_odt(path)
    assert time.process_time() - started < 10
    assert doc.speakers == ["Speaker 0", "Speaker 1", "Speaker 2"]
    assert doc.text.endswith("Speaker 2: turn 29999 here.")


def test_parse_odt_refuses_a_bomb_before_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "XML_BYTES", 8 * 1024 * 1024)
    path = write_odt_bomb(tmp_path / "bomb.odt", 20 * 1024 * 1024)
    with pytest.raises(
        InvalidInput, match=r"bomb.odt: the .odt file's XML unpacks to 20 MB; the limit is 8 MB.$"
    ):
        parse_odt(path)
    monkeypatch.setattr(limits, "TRANSCRIPT_PARAGRAPHS", 100)
    many = _written_odt(tmp_path / "many.odt", "<text:p>Words.</text:p>" * 101)
    with pytest.raises(InvalidInput) as caught:
        parse_odt(many)
    assert str(caught.value) == (
        f"{many}: the .odt file's content.xml has more than 100 paragraphs; that is the limit."
    )


def test_parse_odt_refuses_spaces_past_the_text_limit(tmp_path: Path) -> None:
    # <text:s text:c="N"/> stands for N spaces: a few bytes could ask for gigabytes.
    one = _written_odt(tmp_path / "one.odt", '<text:p>A<text:s text:c="2000000000"/>B</text:p>')
    many = _written_odt(tmp_path / "many.odt", '<text:p>A<text:s text:c="9000000"/>B</text:p>' * 3)
    for path in (one, many):
        with pytest.raises(InvalidInput) as caught:
            parse_odt(path)
        assert str(caught.value) == (
            f"{path}: the text is longer than 10,000,000 characters, the limit for one "
            "transcript: split it first"
        )


def test_parse_odt_refuses_what_is_not_a_text_document(tmp_path: Path) -> None:
    path = tmp_path / "sheet.odt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", _MANIFEST)
        archive.writestr("content.xml", _CONTENT.replace("office:text>", "office:spreadsheet>"))
    with pytest.raises(InvalidInput, match=r"its content.xml holds no text document"):
        parse_odt(path)
    broken = _written_odt(tmp_path / "broken.odt", "<text:p>unclosed")
    with pytest.raises(InvalidInput, match=r"broken.odt: not a valid .odt file \(content.xml is"):
        parse_odt(broken)
