from __future__ import annotations

from fastapi.testclient import TestClient
from tests.web.conftest import Sample


def test_analysis_matrix_cells_open_their_quotes(viewer: TestClient, sample: Sample) -> None:
    found = viewer.get("/api/v1/matrix", params={"cols": "role"}).json()
    cell = next(c for c in found["cells"] if c["row"] == "Enablers/Freedom" and c["value"])
    assert cell["column"] == "CEO"
    quotes = viewer.get(
        "/api/v1/matrix/cell", params={"row": "Enablers/Freedom", "column": "CEO"}
    ).json()
    assert [q["text"] for q in quotes] == ["under the radar"]
    page = viewer.get("/matrix")
    assert "/matrix/cell?row=Enablers/Freedom&column=CEO" in page.text
    cell_page = viewer.get("/matrix/cell", params={"row": "Enablers/Freedom", "column": "CEO"})
    assert "under the radar" in cell_page.text
    assert viewer.get("/api/v1/matrix", params={"cols": "colour"}).status_code == 422
    assert "Unknown columns" in viewer.get("/matrix", params={"cols": "colour"}).text


def test_analysis_search_keyword_in_context(viewer: TestClient, sample: Sample) -> None:
    hits = viewer.get("/api/v1/search", params={"q": "radar"}).json()
    assert [(h["match"], h["document"]) for h in hits] == [("radar", "case-3-ceo.txt")]
    page = viewer.get("/search", params={"q": "radar"})
    assert 'class="match"' in page.text and "&lt;script&gt;" in page.text
    assert viewer.get("/api/v1/search", params={"q": ""}).status_code == 422


def test_analysis_agreement(viewer: TestClient, sample: Sample) -> None:
    report = viewer.get("/api/v1/agreement", params={"coders": ["coder", "owner"]}).json()
    assert report["coders"] == ["coder", "owner"]
    assert {row["code"] for row in report["codes"]} == {"Barriers", "Enablers/Freedom"}
    one = viewer.get("/api/v1/agreement", params={"coders": ["coder"]})
    assert one.status_code == 422
    unknown = viewer.get("/api/v1/agreement", params={"coders": ["coder", "nobody"]})
    assert unknown.status_code == 404
    page = viewer.get("/agreement", params={"coders": ["coder", "owner"]})
    assert "Cohen" in page.text and "pooled" in page.text
