from __future__ import annotations

import io

import pytest

from mutualscope.errors import InvalidInput
from mutualscope.io.refi import xml
from mutualscope.io.refi.xml import (
    PROJECT_XSD,
    iterparse,
    local,
    parse_errors,
    parse_xml,
    schema_errors,
)


def test_xml_refuses_a_doctype_with_entities() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;">]><Project name="&lol2;"/>'
    )
    with pytest.raises(InvalidInput, match="DOCTYPE, entities or external"):
        parse_xml(bomb, "project.qde")


def test_xml_refuses_an_external_entity() -> None:
    data = b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]><p>&x;</p>'
    with pytest.raises(InvalidInput, match="refused"):
        parse_xml(data, "project.qde")


def test_xml_malformed_names_line_and_column() -> None:
    with pytest.raises(InvalidInput, match=r"project.qde: malformed XML at line 2, column \d+"):
        parse_xml(b"<Project>\n<Users></Project>", "project.qde")


def test_xml_accepts_a_byte_order_mark() -> None:
    root = parse_xml(b'\xef\xbb\xbf<?xml version="1.0" encoding="utf-8"?><Project/>', "x")
    assert local(root.tag) == "Project"


def test_xml_schema_errors_name_the_line() -> None:
    data = b'<Project xmlns="urn:QDA-XML:project:1.0">\n<Users/></Project>'
    errors = schema_errors(data, PROJECT_XSD)
    assert any(e.startswith("line 1:") and "name" in e for e in errors)
    assert any(e.startswith("line 2:") for e in errors)


def test_xml_refuses_a_doctype_after_comments_and_instructions() -> None:
    data = (
        b'<?xml version="1.0"?>\n<!-- exported -->\n<?tool x?>\n'
        b'<!DOCTYPE Project [<!ENTITY big "xxxxxxxx">]><Project name="&big;"/>'
    )
    with pytest.raises(InvalidInput, match="DOCTYPE"):
        parse_xml(data, "project.qde")


def test_xml_undeclared_entities_are_malformed() -> None:
    with pytest.raises(InvalidInput, match="malformed XML at line 1"):
        parse_xml(b'<Project name="&nope;"/>', "project.qde")


def test_xml_utf16_documents_are_guarded_whole() -> None:
    data = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE p><Project/>'.encode("utf-16")
    with pytest.raises(InvalidInput, match="DOCTYPE"):
        parse_xml(data, "project.qde")
    root = parse_xml('<?xml version="1.0" encoding="UTF-16"?><Project/>'.encode("utf-16"), "x")
    assert local(root.tag) == "Project"


def _events(data: bytes) -> list[tuple[str, str]]:
    with parse_errors("project.qde"):
        events = iterparse(io.BytesIO(data), "project.qde")
        return [(event, local(e.tag)) for event, e in events]


@pytest.mark.parametrize("head", [256, xml.HEAD_BYTES])
def test_xml_streamed_documents_are_guarded_like_whole_ones(
    monkeypatch: pytest.MonkeyPatch, head: int
) -> None:
    """Only the first bytes of a stream are looked at for the prolog (here, with 256,
    less than the UTF-16 documents hold)."""
    monkeypatch.setattr(xml, "HEAD_BYTES", head)
    comments = b"<!-- exported by a tool with a long comment before the root -->\n" * 3
    doctype = b'<?xml version="1.0"?>' + comments + b'<!DOCTYPE p [<!ENTITY a "b">]><p>&a;</p>'
    with pytest.raises(InvalidInput, match="DOCTYPE, entities or external"):
        _events(doctype)
    users = "<Users/>" * 100
    declaration = '<?xml version="1.0" encoding="UTF-16"?>'
    utf16 = f"{declaration}<!DOCTYPE p><Project>{users}</Project>".encode("utf-16")
    with pytest.raises(InvalidInput, match="DOCTYPE"):
        _events(utf16)
    plain = f"{declaration}<Project>{users}</Project>".encode("utf-16")
    events = _events(plain)
    assert events[:2] == [("start", "Project"), ("start", "Users")] and len(events) == 202
    assert _events(b"\xef\xbb\xbf" + comments + b"<Project/>")[0] == ("start", "Project")


def test_xml_a_stream_without_a_root_in_its_head_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(xml, "HEAD_BYTES", 32)
    with pytest.raises(InvalidInput, match="no root element in the first 32 bytes"):
        _events(b"<?xml version='1.0'?><!-- " + b"x" * 100 + b" --><Project/>")


def test_xml_streamed_malformed_xml_names_the_position() -> None:
    with pytest.raises(InvalidInput, match=r"project.qde: malformed XML at line 2, column \d+"):
        _events(b"<Project>\n<Users></Project>")
