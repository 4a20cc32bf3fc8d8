from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from tests.web.conftest import Sample

from mutualscope.storage.models import Coding


def test_api_codings_read_with_memos(coder: TestClient, viewer: TestClient, sample: Sample) -> None:
    url = f"/api/v1/codings/{sample.coding.id}"
    added = coder.post(f"{url}/memos", json={"text": "Said with a smile <b>"})
    assert added.status_code == 201
    found = viewer.get(url).json()
    assert found["coding"]["code"] == "Enablers/Freedom"
    assert [(m["text"], m["author"]) for m in found["memos"]] == [
        ("Said with a smile <b>", "coder")
    ]
    assert viewer.post(f"{url}/memos", json={"text": "no"}).status_code == 403
    assert coder.post(f"{url}/memos", json={"text": ""}).status_code == 422


def test_api_codings_remove_own_only(
    coder: TestClient, owner: TestClient, sample: Sample, session: Session
) -> None:
    other = coder.delete(f"/api/v1/codings/{sample.owned.id}")
    assert (other.status_code, other.json()["error"]["code"]) == (403, "permission_denied")
    assert coder.delete(f"/api/v1/codings/{sample.coding.id}").status_code == 204
    again = coder.delete(f"/api/v1/codings/{sample.coding.id}")
    assert (again.status_code, again.json()["error"]["code"]) == (404, "not_found")
    assert owner.get(f"/api/v1/codings/{sample.coding.id}").status_code == 404
    assert owner.delete(f"/api/v1/codings/{sample.owned.id}").status_code == 204
    assert session.query(Coding).count() == 0
