"""The web import of a turn table holding many interviews: a document each, and the
columns it read, kept and ignored in the job's result."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from tests.web.test_jobs import wait

from mutualscope.storage.documents import DocumentFile

TABLE = Path(__file__).parents[1] / "fixtures" / "transcripts" / "tables" / "many-interviews.csv"


def test_import_job_splits_a_table_by_its_document_column(
    owner: TestClient, session: Session
) -> None:
    files = [("files", ("study.csv", TABLE.read_bytes()))]
    started = owner.post(
        "/api/v1/imports/documents", files=files, data={"document_column": "interview"}
    )
    assert started.status_code == 202, started.text
    job = wait(owner, started.json())
    assert (job["state"], job["done"], job["total"]) == ("done", 1, 1)
    assert [(f["name"], f["status"]) for f in job["summary"]["files"]] == [
        ("study – Case 2 CEO", "imported"),
        ("study – Case 5 Nurse", "imported"),
    ]
    assert job["summary"]["files"][0]["columns"] == (
        "columns read: speaker 'Speaker', words 'Text', start 'Time_Mark'; "
        "document attributes: Interview, Site; turn attributes: Sentiment; ignored: Notes (empty)"
    )
    document = owner.get(f"/api/v1/documents/{job['summary']['files'][1]['document_id']}").json()
    assert document["name"] == "study – Case 5 Nurse"
    assert document["text"].startswith("Interviewer: Tell me about your team.")
    original = session.get(DocumentFile, document["id"])
    # Named as uploaded, not as the server stored the upload.
    assert original is not None and original.filename == "study – Case 5 Nurse.csv"
