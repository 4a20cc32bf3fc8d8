"""Correcting a transcript over the API: edits by role, the revision each answers, 409
for an edit made on a transcript someone else changed, 422 naming a coding it would cut."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.recorded_world import Recorded, make_recorded_document

from mutualscope.services.documents import load_document
from mutualscope.storage.models import AuditEvent, Coding
from mutualscope.storage.users import User


@pytest.fixture
def recorded(session: Session, tmp_path: Path, people: dict[str, User]) -> Recorded:
    return make_recorded_document(session, tmp_path, coder=people["coder"], seconds=20)


def _start(client: TestClient, recorded: Recorded) -> tuple[str, list[int]]:
    revision = client.get(f"/api/v1/documents/{recorded.document.id}/words").json()["revision"]
    turns = client.get(f"/api/v1/documents/{recorded.document.id}").json()["segments"]
    return revision, [t["id"] for t in turns]


def test_api_transcript_edits_coder_corrects_splits_merges_and_reassigns(
    coder: TestClient, recorded: Recorded, session: Session
) -> None:
    doc = recorded.document.id
    revision, turns = _start(coder, recorded)
    base = f"/api/v1/documents/{doc}/turns"
    answer = coder.post(
        f"{base}/{turns[1]}/text",
        json={
            "text": "We did it under the radar 😀 and all. So what about the funding? "
            "The funding came from a social investment fund.",
            "revision": revision,
        },
    )
    assert answer.status_code == 422  # the same words: nothing to do
    text = load_document(session, doc).text
    split = coder.post(
        f"{base}/{turns[1]}/split",
        json={"at": text.index("So what about"), "revision": revision},
    )
    assert split.status_code == 200, split.text
    new_turn = split.json()["new_turn_id"]
    revision = split.json()["revision"]
    speaker = coder.post(
        f"{base}/{new_turn}/speaker", json={"speaker": "Speaker 1", "revision": revision}
    )
    assert speaker.status_code == 200, speaker.text
    merge = coder.post(f"{base}/{turns[3]}/merge", json={"revision": speaker.json()["revision"]})
    assert merge.status_code == 200, merge.text
    body = merge.json()
    ownership = recorded.codings["Ownership"].id
    assert body["codings"] == [
        {
            "id": ownership, "code": "Ownership", "coder": "coder", "fate": "relabelled",
            "before": "\u201cThey own it now. Speaker 2: Every one of them\u201d",
            "after": "\u201cThey own it now. Every one of them\u201d",
        }
    ]  # fmt: skip
    session.rollback()
    session.expire_all()
    view = load_document(session, doc)
    assert [s.speaker for s in view.segments] == [
        "Speaker 1", "Speaker 2", "Speaker 1", "Speaker 1", "Speaker 2",
    ]  # fmt: skip
    session.expire_all()
    freedom = session.get(Coding, recorded.codings["Freedom"].id)
    assert freedom is not None and view.text[freedom.start : freedom.end] == "under the radar"
    actions = session.scalars(
        select(AuditEvent.action).where(AuditEvent.actor == "coder").order_by(AuditEvent.id)
    ).all()
    assert actions == ["split-turn", "set-turn-speaker", "merge-turns"]


def test_api_transcript_edits_second_editor_gets_409_naming_the_first(
    coder: TestClient, owner: TestClient, recorded: Recorded, session: Session
) -> None:
    doc = recorded.document.id
    revision, turns = _start(coder, recorded)
    base = f"/api/v1/documents/{doc}/turns"
    first = owner.post(
        f"{base}/{turns[2]}/text", json={"text": "And the staff then?", "revision": revision}
    )
    assert first.status_code == 200
    second = coder.post(
        f"{base}/{turns[0]}/text", json={"text": "How did it begin?", "revision": revision}
    )
    assert second.status_code == 409
    error = second.json()["error"]
    assert error["code"] == "conflict"
    assert "owner corrected the words of a turn (turn 3)" in error["message"]
    session.rollback()
    session.expire_all()
    assert [s.text for s in load_document(session, doc).segments][:3] == [
        "How did it start?", load_document(session, doc).segments[1].text, "And the staff then?",
    ]  # fmt: skip


def test_api_transcript_edits_cutting_a_coding_is_422_naming_it(
    coder: TestClient, recorded: Recorded, session: Session
) -> None:
    doc = recorded.document
    text = doc.text
    at = text.index("adar 😀")
    partial = Coding(document_id=doc.id, code_id=recorded.codes["Freedom"].id, start=at, end=at + 4)
    session.add(partial)
    session.commit()
    revision, turns = _start(coder, recorded)
    turn_text = load_document(session, doc.id).segments[1].text
    answer = coder.post(
        f"/api/v1/documents/{doc.id}/turns/{turns[1]}/text",
        json={"text": turn_text.replace("radar", "radio"), "revision": revision},
    )
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert "cut through 1 coding" in error["message"]
    assert error["problems"][0].startswith(f"coding {partial.id} (Freedom")


def test_api_transcript_edits_viewer_may_not_edit(viewer: TestClient, recorded: Recorded) -> None:
    revision, turns = _start(viewer, recorded)
    answer = viewer.post(
        f"/api/v1/documents/{recorded.document.id}/turns/{turns[3]}/merge",
        json={"revision": revision},
    )
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "permission_denied"


def test_api_transcript_edits_unknown_turn_is_404(coder: TestClient, recorded: Recorded) -> None:
    revision, _ = _start(coder, recorded)
    answer = coder.post(
        f"/api/v1/documents/{recorded.document.id}/turns/99999/merge", json={"revision": revision}
    )
    assert answer.status_code == 404
