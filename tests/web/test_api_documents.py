from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from tests.web.conftest import CEO_TEXT, Sample

from mutualscope.services.audit import list_events
from mutualscope.storage.models import Coding


def test_api_documents_list_and_read(viewer: TestClient, sample: Sample) -> None:
    rows = viewer.get("/api/v1/documents").json()
    assert [(r["name"], r["case"], r["turns"]) for r in rows] == [("case-3-ceo.txt", "Case 3", 2)]
    document = viewer.get(f"/api/v1/documents/{sample.document.id}").json()
    assert document["text"] == CEO_TEXT
    assert [s["role"] for s in document["segments"]] == [None, "CEO"]
    assert viewer.get("/api/v1/documents/999").json()["error"]["code"] == "not_found"


def test_api_documents_codings_and_blind_view(
    coder: TestClient, owner: TestClient, sample: Sample
) -> None:
    url = f"/api/v1/documents/{sample.document.id}/codings"
    everyone = coder.get(url).json()
    assert [c["code"] for c in everyone["codings"]] == ["Barriers", "Enablers/Freedom"]
    mine = coder.get(url, params={"coders": "mine"}).json()
    assert [c["coder"] for c in mine["codings"]] == ["coder"]
    assert mine["signature"] != everyone["signature"]
    assert owner.get(url).json()["signature"] == everyone["signature"]


def test_api_documents_add_coding(coder: TestClient, sample: Sample, session: Session) -> None:
    url = f"/api/v1/documents/{sample.document.id}/codings"
    before = coder.get(url).json()["signature"]
    start = CEO_TEXT.index("<script>")
    body = {"code_id": sample.other_code.id, "start": start, "end": start + 8, "memo": "odd"}
    response = coder.post(url, json=body)
    assert response.status_code == 201, response.text
    made = response.json()
    assert (made["code"], made["coder"], made["memos"]) == ("Barriers", "coder", 1)
    stored = session.get(Coding, made["id"])
    assert stored is not None and CEO_TEXT[stored.start : stored.end] == "<script>"
    assert coder.get(url).json()["signature"] != before
    assert list_events(session)[0].actor == "coder"


def test_api_documents_add_coding_refuses_bad_offsets(
    coder: TestClient, sample: Sample, session: Session
) -> None:
    url = f"/api/v1/documents/{sample.document.id}/codings"
    count = session.query(Coding).count()
    for start, end in [(-1, 4), (5, len(CEO_TEXT) + 1), (9, 3), (4, 4)]:
        body = {"code_id": sample.code.id, "start": start, "end": end}
        response = coder.post(url, json=body)
        assert response.status_code == 422, (start, end)
        error = response.json()["error"]
        assert error["code"] == "invalid_input" and error["problems"]
    wrong_type = coder.post(url, json={"code_id": sample.code.id, "start": "a", "end": 3})
    assert wrong_type.status_code == 422
    missing_code = coder.post(url, json={"code_id": 999, "start": 0, "end": 3})
    assert missing_code.status_code == 404
    missing_doc = coder.post(
        "/api/v1/documents/999/codings", json={"code_id": sample.code.id, "start": 0, "end": 3}
    )
    assert missing_doc.status_code == 404
    assert session.query(Coding).count() == count


def test_api_documents_astral_characters_use_code_points(
    coder: TestClient, session: Session, people: dict[str, object]
) -> None:
    from tests.factories import make_code, make_document

    text = "A: 😀 funding came from the surplus\n"
    document = make_document(session, text=text, name="emoji.txt")
    code = make_code(session, "Surplus")
    start = text.index("funding")
    response = coder.post(
        f"/api/v1/documents/{document.id}/codings",
        json={"code_id": code.id, "start": start, "end": start + 7},
    )
    assert response.status_code == 201
    stored = session.get(Coding, response.json()["id"])
    assert stored is not None and text[stored.start : stored.end] == "funding"
