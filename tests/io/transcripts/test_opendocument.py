"""OpenDocument .odt transcripts."""

from __future__ import annotations

from pathlib import Path

import pytest

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
