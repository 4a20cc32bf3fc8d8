from __future__ import annotations

from datetime import UTC, datetime

from lxml import etree

from mutualscope.io.refi.xmltext import TextWriter, refi_guid, timestamp

G = "5215CC69-B628-4E02-AFB9-9BEEAEE55808"


def test_xmltext_guids_are_kept_or_derived() -> None:
    assert refi_guid(G) == G
    derived = refi_guid("o-1")
    assert derived == refi_guid("o-1") and len(derived) == 36 and derived != G


def test_xmltext_timestamps_are_utc() -> None:
    assert timestamp(datetime(2024, 1, 2, 3, 4, 5)) == "2024-01-02T03:04:05Z"
    assert timestamp(datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=UTC)) == "2024-01-02T03:04:05.000006Z"


def test_xmltext_attributes_and_text_survive_parsing() -> None:
    writer = TextWriter()
    name = 'Line one\nline "two"\t& <three>\r\x01'
    writer.open("Note", writer.attrs(name=name, guid="o-1"))
    writer.text("Text", "a < b & c\r\n")
    writer.close("Note")
    root = etree.fromstring(writer.document())
    assert root.get("name") == 'Line one\nline "two"\t& <three>\r\ufffd'
    assert root.get("guid") == refi_guid("o-1")
    assert root.findtext("Text") == "a < b & c\r\n"
