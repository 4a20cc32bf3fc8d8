from __future__ import annotations

import time
from typing import Any

from fastapi.testclient import TestClient
from tests.web.conftest import Sample


def wait(client: TestClient, job: dict[str, Any]) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while job["state"] in ("queued", "running"):
        assert time.monotonic() < deadline, job
        time.sleep(0.1)
        job = client.get(f"/api/v1/jobs/{job['id']}").json()
    return job


def test_jobs_import_transcripts_with_progress(owner: TestClient, sample: Sample) -> None:
    files = [
        ("files", ("../../etc/first.txt", b"Interviewer: Hello?\nNurse: We run the clinic.\n")),
        ("files", ("second.txt", b"Interviewer: And then?\nNurse: We kept going.\n")),
    ]
    started = owner.post(
        "/api/v1/imports/documents", files=files, data={"case": "Case 3", "kind": "interview"}
    )
    assert started.status_code == 202, started.text
    job = wait(owner, started.json())
    assert (job["state"], job["done"], job["total"], job["percent"]) == ("done", 2, 2, 100)
    assert job["summary"]["counts"] == {"imported": 2}
    names = {d["name"] for d in owner.get("/api/v1/documents").json()}
    assert {"first.txt", "second.txt"} <= names


def test_jobs_import_refuses_bad_options_and_other_roles(
    owner: TestClient, coder: TestClient, sample: Sample
) -> None:
    files = [("files", ("a.txt", b"text"))]
    assert (
        owner.post("/api/v1/imports/documents", files=files, data={"kind": "x"}).status_code == 422
    )
    missing = owner.post("/api/v1/imports/documents", files=files, data={"case": "Case 99"})
    assert missing.status_code == 404
    assert coder.post("/api/v1/imports/documents", files=files).status_code == 403


def test_jobs_report_download(viewer: TestClient, coder: TestClient, sample: Sample) -> None:
    started = viewer.post("/api/v1/reports", data={"format": "html"})
    assert started.status_code == 202
    job = wait(viewer, started.json())
    assert job["state"] == "done", job
    download = viewer.get(job["download"])
    assert download.status_code == 200 and "<html" in download.text
    # Another user (not an owner) cannot see someone else's job.
    assert coder.get(f"/api/v1/jobs/{job['id']}").status_code == 404
    assert viewer.get("/api/v1/jobs/nope").status_code == 404
    preview = viewer.get("/report/preview")
    assert preview.status_code == 200
    assert preview.headers["content-security-policy"].startswith("default-src 'none'")
