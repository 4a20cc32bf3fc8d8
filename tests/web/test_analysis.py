from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from tests.factories import make_coding
from tests.web.conftest import Sample

from mutualscope.storage.users import User


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


def test_analysis_matrix_cell_page_lists_each_passage_once_with_its_coders(
    viewer: TestClient, sample: Sample, session: Session, people: dict[str, User]
) -> None:
    """Two coders coding the same words count twice in the cell (it counts codings) and
    are one passage on its page, both coders named, as on the quotes page."""
    c = sample.coding
    make_coding(session, sample.document, sample.code, c.start, c.end, coder=people["owner"])
    cell = {"row": "Enablers/Freedom", "column": "CEO"}
    assert len(viewer.get("/api/v1/matrix/cell", params=cell).json()) == 2
    page = viewer.get("/matrix/cell", params=cell).text
    assert page.count("under the radar") == 1
    assert "1 passage, 2 codings" in page
    assert "coded by coder, owner" in page or "coded by owner, coder" in page


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
