from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from tests.factories import make_organisation
from tests.web.conftest import Sample

from mutualscope.web.jobs import Job
from mutualscope.web.work import report_work


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


def test_jobs_import_many_files_read_ahead_in_a_spawned_worker(owner: TestClient) -> None:
    """Enough files for the read-ahead worker, which the server starts fresh (spawn)."""
    from mutualscope.services.read_ahead import MIN_ITEMS

    count = MIN_ITEMS + 1
    files = [
        ("files", (f"batch-{n}.txt", f"Interviewer: Year {n}?\nNurse: Ward{n} opened.\n".encode()))
        for n in range(count)
    ]
    files.insert(3, ("files", ("broken.txt", b"\x00\x01\x02binary\x00" * 50)))
    started = owner.post("/api/v1/imports/documents", files=files, data={"kind": "interview"})
    assert started.status_code == 202, started.text
    job = wait(owner, started.json())
    assert (job["state"], job["done"], job["total"]) == ("done", count + 1, count + 1)
    assert job["summary"]["counts"] == {"imported": count, "failed": 1}
    assert "broken.txt" in job["summary"]["failures"][0]
    hits = owner.get("/api/v1/search", params={"q": "ward5"}).json()
    assert [h["document"] for h in hits] == ["batch-5.txt"]


GOOD_TURNS = "Interviewer: Was it “fair”?\r\nNurse: We said ‘yes’ 😀 — mostly.\r\n".encode()
BINARY = b"\x00\x01\x02binary\x00" * 50


def test_jobs_import_keeps_each_failed_files_reason(owner: TestClient, app: FastAPI) -> None:
    files = [
        ("files", ("empty.txt", b"")),
        ("files", ("good 😀.txt", GOOD_TURNS)),
        ("files", ("notes.xyz", b"hello")),
    ]
    job = wait(owner, owner.post("/api/v1/imports/documents", files=files).json())
    assert job["state"] == "done", job
    assert job["message"] == "1 imported, 2 failed"
    by_name = {f["name"]: f for f in job["summary"]["files"]}
    assert [f["name"] for f in job["summary"]["files"]] == ["empty.txt", "good 😀.txt", "notes.xyz"]
    assert by_name["empty.txt"]["status"] == "failed"
    assert by_name["empty.txt"]["message"] == "the file is empty"
    assert by_name["notes.xyz"]["message"].startswith("unsupported file type '.xyz'")
    imported = by_name["good 😀.txt"]
    assert (imported["status"], imported["message"]) == ("imported", "")
    document = owner.get(f"/api/v1/documents/{imported['document_id']}").json()
    assert document["name"] == "good 😀.txt"
    # The server's temporary folder is never shown.
    folder = str(app.state.jobs.folder_root)
    assert folder not in str(job)
    assert job["summary"]["failures"] == [
        "empty.txt: the file is empty",
        by_name["notes.xyz"]["name"] + ": " + by_name["notes.xyz"]["message"],
    ]


def test_jobs_import_where_every_file_fails_is_a_failed_job(
    owner: TestClient, session: Session
) -> None:
    files = [("files", ("binary.txt", BINARY)), ("files", ("broken.docx", b"PK not a zip"))]
    job = wait(owner, owner.post("/api/v1/imports/documents", files=files).json())
    assert job["state"] == "failed", job
    assert job["error"] == "None of the 2 files could be imported: see each file's reason."
    reasons = {f["name"]: (f["status"], f["message"]) for f in job["summary"]["files"]}
    assert reasons["binary.txt"] == (
        "failed",
        "this is a binary file, not text (it contains NUL bytes)",
    )
    # The reader's own words for a damaged Word file; named as uploaded, once.
    status, message = reasons["broken.docx"]
    assert status == "failed" and message.startswith("not a valid .docx file")
    assert "broken.docx" not in message and "/" not in message
    assert owner.get("/api/v1/documents").json() == []


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


@dataclass
class RecordingJob(Job):
    """A job that keeps every step it is told, as a page polling it quickly enough sees."""

    steps: list[tuple[str, int, int]] = field(default_factory=list)

    def step(self, message: str, done: int | None = None, total: int | None = None) -> None:
        super().step(message, done, total)
        self.steps.append((self.message, self.done, self.total))


def test_jobs_report_progress_passes_through_its_stages(
    app: FastAPI, sample: Sample, session: Session, tmp_path: Path
) -> None:
    make_organisation(session, name="Fictional Wellbeing CIC", region_code="E12000006")
    job = RecordingJob(id="progress", kind="report", owner_id=1, folder=tmp_path)
    report_work(app.state.project, "md")(job)
    messages = [message for message, _, _ in job.steps]
    assert len(set(messages)) > 2
    for stage in (
        "Landscape statistics from the registry",
        "Drawing the map and charts",
        "Finding quotes and coded passages",
        "Rendering the Markdown",
        "Writing evidence.md and 1 figure",
    ):
        assert stage in messages
    done = [d for _, d, _ in job.steps]
    assert done == sorted(done) and len(set(done)) > 2
    assert all(0 <= d <= total for _, d, total in job.steps)
    assert job.steps[-1] == ("Report ready", job.total, job.total)
    assert job.result is not None and job.result.read_text(encoding="utf-8").startswith("# ")
