from __future__ import annotations

import io

from docx import Document

from mutualscope.io.refi.sources import decode_text, docx_text


def test_sources_decode_honours_and_reports_byte_order_marks() -> None:
    assert decode_text(b"\xef\xbb\xbfcaf\xc3\xa9").text == "café"
    assert decode_text(b"\xef\xbb\xbfx").had_bom
    assert decode_text("\ufeffé".encode("utf-16-be")).text == "é"
    plain = decode_text("naïve".encode())
    assert plain.text == "naïve" and not plain.had_bom and plain.problem is None


def test_sources_decode_guesses_windows_1252() -> None:
    decoded = decode_text("Staff-owned café, £250 – “mutual”".encode("cp1252"))
    assert decoded.text == "Staff-owned café, £250 – “mutual”"
    assert decoded.problem == "not UTF-8; read as cp1252"


def test_sources_docx_text_is_one_paragraph_per_line() -> None:
    document = Document()
    document.add_paragraph("Interviewer: Hello.")
    document.add_paragraph("CEO: Bonjour 🙂")
    buffer = io.BytesIO()
    document.save(buffer)
    assert docx_text(buffer.getvalue()) == "Interviewer: Hello.\nCEO: Bonjour 🙂"
