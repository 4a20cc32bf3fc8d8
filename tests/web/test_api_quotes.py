from __future__ import annotations

from fastapi.testclient import TestClient
from tests.web.conftest import Sample


def test_api_quotes_filtered_and_attributed(viewer: TestClient, sample: Sample) -> None:
    everything = viewer.get("/api/v1/quotes").json()
    assert everything["total"] == 2
    enablers = viewer.get("/api/v1/quotes", params={"code": "Enablers"}).json()
    assert [(q["text"], q["attribution"]) for q in enablers["quotes"]] == [
        ("under the radar", "(CEO, case 3)")
    ]
    only_parent = viewer.get("/api/v1/quotes", params={"code": "Enablers", "subcodes": "false"})
    assert only_parent.json()["total"] == 0
    by_role = viewer.get("/api/v1/quotes", params={"role": "nurse"}).json()
    assert by_role["total"] == 0
    paged = viewer.get("/api/v1/quotes", params={"limit": 1, "offset": 1}).json()
    assert (paged["total"], len(paged["quotes"])) == (2, 1)


def test_api_quotes_bad_filters(viewer: TestClient, sample: Sample) -> None:
    assert viewer.get("/api/v1/quotes", params={"code": "Nope"}).status_code == 404
    assert viewer.get("/api/v1/quotes", params={"case": "Case 99"}).status_code == 404
    bad_where = viewer.get("/api/v1/quotes", params={"where": "region=East"})
    assert (bad_where.status_code, bad_where.json()["error"]["code"]) == (422, "invalid_input")
    assert viewer.get("/api/v1/quotes", params={"limit": 0}).status_code == 422
