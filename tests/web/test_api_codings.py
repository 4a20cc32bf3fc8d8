from __future__ import annotations

import itertools
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.web.conftest import Sample, password_hash
from tests.web.test_concurrency import signed_in_client

from mutualscope.services.codebook import merge_codes
from mutualscope.storage.models import Code, Coding, User


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


def test_api_coding_added_twice_answers_200_with_the_same_coding(
    coder: TestClient, sample: Sample, session: Session
) -> None:
    url = f"/api/v1/documents/{sample.document.id}/codings"
    text = sample.document.text
    start = text.index("<script>")
    body = {"code_id": sample.code.id, "start": start, "end": start + len("<script>")}
    first = coder.post(url, json=body)
    assert first.status_code == 201, first.text
    again = coder.post(url, json={**body, "memo": "Twice on purpose"})
    assert again.status_code == 200, again.text
    assert again.json()["id"] == first.json()["id"] and again.json()["memos"] == 1
    session.expire_all()
    stored = session.scalars(select(Coding).where(Coding.start == start)).all()
    assert [text[c.start : c.end] for c in stored] == ["<script>"]
    found = coder.get(f"/api/v1/codings/{first.json()['id']}").json()
    assert [m["text"] for m in found["memos"]] == ["Twice on purpose"]


def test_api_coding_as_added_is_the_coding_as_listed(coder: TestClient, sample: Sample) -> None:
    """The answer to adding a coding is built by hand (no model check); it must read as
    the document's list of codings gives the same coding, nested code path and all."""
    url = f"/api/v1/documents/{sample.document.id}/codings"
    start = sample.document.text.index("<script>")
    added = coder.post(url, json={"code_id": sample.code.id, "start": start, "end": start + 8})
    assert (added.status_code, added.headers["content-type"]) == (201, "application/json")
    listed = {c["id"]: c for c in coder.get(url).json()["codings"]}
    made, found = added.json(), listed[added.json()["id"]]
    # SQLite gives times back without their zone (UTC): the same instant, no "Z".
    assert made.pop("created_at").removesuffix("Z") == found.pop("created_at").removesuffix("Z")
    assert made == found
    assert made["code"] == "Enablers/Freedom"


def test_api_coding_on_a_merged_code_is_not_found_naming_the_new_code(
    coder: TestClient, sample: Sample, session: Session
) -> None:
    merge_codes(session, "Enablers/Freedom", "Barriers", actor="owner")
    answer = coder.post(
        f"/api/v1/documents/{sample.document.id}/codings",
        json={"code_id": sample.code.id, "start": 0, "end": 5},
    )
    assert answer.status_code == 404, answer.text
    assert answer.json()["error"]["message"] == (
        "The code 'Enablers/Freedom' was merged into 'Barriers' (by owner); nothing was "
        "saved. Code the passage with 'Barriers'."
    )


def test_api_codings_merge_while_coding_no_500_and_every_coding_kept(
    server: str, sample: Sample, session: Session
) -> None:
    names = [f"team{n}" for n in range(4)]
    for name in names:
        session.add(User(name=name, role="coder", password_hash=password_hash(), active=True))
    session.commit()
    clients = {name: signed_in_client(server, name) for name in names}
    url = f"/api/v1/documents/{sample.document.id}/codings"
    length = len(sample.document.text)
    answers: dict[str, list[tuple[int, int, dict[str, Any]]]] = {name: [] for name in names}

    def code(number: int, name: str) -> None:
        deadline = time.monotonic() + 60
        refusals = 0
        # Round the text again if the merge is slow to come (a repeat answers 200).
        for attempt in itertools.count():
            if refusals >= 2 or time.monotonic() > deadline:
                return
            start = attempt % (length - 8)
            end = start + 1 + number
            answer = clients[name].post(
                url, json={"code_id": sample.code.id, "start": start, "end": end}
            )
            answers[name].append((start, answer.status_code, answer.json()))
            refusals += answer.status_code == 404

    threads = [threading.Thread(target=code, args=(n, name)) for n, name in enumerate(names)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60
    while any(len(a) < 4 for a in answers.values()) and time.monotonic() < deadline:
        time.sleep(0.01)
    with Session(session.get_bind()) as merging:
        result = merge_codes(merging, "Enablers/Freedom", "Barriers", actor="owner")
    for thread in threads:
        thread.join(timeout=60)
        assert not thread.is_alive()
    for client in clients.values():
        client.close()

    statuses = {status for a in answers.values() for _, status, _ in a}
    assert statuses <= {200, 201, 404}, statuses
    refused = [body for a in answers.values() for _, status, body in a if status == 404]
    assert refused and all("was merged into 'Barriers'" in b["error"]["message"] for b in refused)
    acknowledged = {body["id"] for a in answers.values() for _, s, body in a if s in (200, 201)}
    session.expire_all()
    kept = session.scalars(select(Coding).where(Coding.id.in_(acknowledged))).all()
    assert len(kept) == len(acknowledged) > 0
    assert {c.code_id for c in kept} == {sample.other_code.id}
    # The coder's original coding moved too; the owner's coding on Barriers stayed.
    assert result.moved == len(acknowledged) + 1


def test_api_codes_added_at_once_one_201_and_the_rest_409(
    server: str, people: dict[str, User], session: Session
) -> None:
    owners = [signed_in_client(server, "owner") for _ in range(3)]
    barrier = threading.Barrier(len(owners))

    def add(client: httpx.Client) -> httpx.Response:
        barrier.wait(timeout=30)
        return client.post("/api/v1/codes", json={"path": "Enablers/Spaces for ideas"})

    with ThreadPoolExecutor(max_workers=len(owners)) as pool:
        answers = list(pool.map(add, owners))
    for client in owners:
        client.close()
    assert sorted(a.status_code for a in answers) == [201, 409, 409], [a.text for a in answers]
    for answer in answers:
        if answer.status_code == 409:
            assert answer.json()["error"] == {
                "code": "conflict",
                "message": "The code 'Enablers/Spaces for ideas' already exists.",
                "problems": [],
            }
    assert [c.name for c in session.scalars(select(Code).order_by(Code.id))] == [
        "Enablers",
        "Spaces for ideas",
    ]
