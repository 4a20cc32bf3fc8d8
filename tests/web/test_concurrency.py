"""Several coders coding one document at once through a live server: every coding is
kept with its coder (no lost update), and each sees the others' on the next poll."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.web.conftest import PASSWORD, Sample, password_hash

from mutualscope.storage.models import Coding, User

CODERS = 8
EACH = 12


def signed_in_client(server: str, name: str) -> httpx.Client:
    client = httpx.Client(base_url=server, timeout=30)
    token = client.get("/api/v1/session").json()["csrf_token"]
    answer = client.post(
        "/api/v1/session",
        json={"name": name, "password": PASSWORD},
        headers={"x-csrf-token": token},
    )
    assert answer.status_code == 200, answer.text
    client.headers["x-csrf-token"] = answer.json()["csrf_token"]
    return client


def test_concurrency_no_lost_codings(server: str, sample: Sample, session: Session) -> None:
    names = [f"team{n}" for n in range(CODERS)]
    for name in names:
        session.add(User(name=name, role="coder", password_hash=password_hash(), active=True))
    session.commit()
    clients = {name: signed_in_client(server, name) for name in names}
    url = f"/api/v1/documents/{sample.document.id}/codings"
    length = len(sample.document.text)

    def code(name: str) -> list[int]:
        made = []
        for n in range(EACH):
            start = (n * 5) % (length - 10)
            body = {"code_id": sample.code.id, "start": start, "end": start + 5}
            answer = clients[name].post(url, json=body)
            assert answer.status_code == 201, answer.text
            made.append(answer.json()["id"])
        return made

    before = clients[names[0]].get(url).json()
    with ThreadPoolExecutor(max_workers=CODERS) as pool:
        made = dict(zip(names, pool.map(code, names), strict=True))
    assert len({i for ids in made.values() for i in ids}) == CODERS * EACH

    session.expire_all()
    per_coder = dict(
        session.execute(
            select(User.name, func.count())
            .join(Coding, Coding.coder_id == User.id)
            .where(User.name.in_(names))
            .group_by(User.name)
        ).all()
    )
    assert per_coder == {name: EACH for name in names}

    # Another coder's next poll sees every coding, and the signature has moved on.
    after = clients[names[-1]].get(url).json()
    assert after["signature"] != before["signature"]
    assert len(after["codings"]) == len(before["codings"]) + CODERS * EACH
    for client in clients.values():
        client.close()
