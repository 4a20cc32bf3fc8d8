from __future__ import annotations

from fastapi.testclient import TestClient
from tests.web.conftest import Sample


def test_pages_transcript_escapes_text(viewer: TestClient, sample: Sample) -> None:
    page = viewer.get(f"/documents/{sample.document.id}")
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert 'class="hl code-' in page.text
    assert '"mayCode": false' in page.text
    body = viewer.get(f"/documents/{sample.document.id}/body?coders=mine")
    assert "hl code-" not in body.text  # the viewer has coded nothing


def test_pages_documents_and_quotes(coder: TestClient, sample: Sample) -> None:
    listing = coder.get("/documents")
    assert "case-3-ceo.txt" in listing.text
    quotes = coder.get("/quotes", params={"code": "Enablers", "subcodes": "true"})
    assert "under the radar" in quotes.text and "(CEO, case 3)" in quotes.text
    unknown = coder.get("/quotes", params={"code": "Nope"})
    assert unknown.status_code == 200 and "No code" in unknown.text


def test_pages_code_colours_are_plain_hex(viewer: TestClient, sample: Sample) -> None:
    css = viewer.get("/code-colours.css")
    assert css.headers["content-type"].startswith("text/css")
    assert f".code-{sample.code.id} {{ --hl: #1f77b4; }}" in css.text


def test_pages_signed_out_reader_is_sent_to_sign_in(client_for: object, sample: Sample) -> None:
    anonymous = client_for(None)  # type: ignore[operator]
    page = anonymous.get(f"/documents/{sample.document.id}", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == f"/signin?next=/documents/{sample.document.id}"
