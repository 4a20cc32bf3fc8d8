"""assist suggest, accept, reject: ranked passages, never coded ones or rejected words;
an accepted suggestion is an ordinary coding on the suggested words."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.assist_world import FakeModel, make_transcript
from tests.factories import make_code, make_coding

from mutualscope.errors import Conflict, NotFound
from mutualscope.services.assist.indexing import index_passages
from mutualscope.services.assist.suggestions import (
    accept_suggestion,
    reject_suggestion,
    suggest_codings,
)
from mutualscope.storage.assist import AssistSuggestion
from mutualscope.storage.codebook import Code, Coding
from mutualscope.storage.documents import Document
from mutualscope.storage.memos import Memo
from mutualscope.storage.users import AuditEvent

CODED = "We took risks 😀 and tried new things."
TURNS = [
    ("CEO", CODED),
    ("Nurse", "People tried new things and took risks on the ward."),
    ("Manager", "The car park was full every morning."),
    ("Trustee", "Risks were taken with new things in the budget."),
    ("Nurse", "We tried new things; risks were fine."),
]


def _world(session: Session) -> tuple[Document, Code, FakeModel]:
    document = make_transcript(session, TURNS, name="risk.txt")
    code = make_code(session, "Freedom and risk", definition="(5.1) Taking risks, trying things.")
    start = document.text.index(CODED)
    make_coding(session, document, code, start, start + len(CODED))
    model = FakeModel()
    index_passages(session, model)
    return document, code, model


def test_assist_suggest_ranks_uncoded_passages_and_leaves_out_coded_ones(
    session: Session,
) -> None:
    _, _, model = _world(session)

    found = suggest_codings(session, model, "Freedom and risk", top=10)

    texts = [s.text for s in found]
    assert CODED not in texts
    assert set(texts) == {t for _, t in TURNS[1:]}
    assert texts[-1] == "The car park was full every morning."
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
    assert {s.status for s in found} == {"open"}
    stored = session.scalars(select(AssistSuggestion).order_by(AssistSuggestion.id)).all()
    assert [s.id for s in stored] == [s.id for s in found]


def test_assist_suggest_never_offers_rejected_words_again(session: Session) -> None:
    _, _, model = _world(session)
    first = suggest_codings(session, model, "Freedom and risk", top=1)[0]

    decision = reject_suggestion(session, first.id, actor="ana")
    again = suggest_codings(session, model, "Freedom and risk", top=10)

    assert decision.status == "rejected" and decision.decided_by == "ana"
    assert first.text not in [s.text for s in again]
    # A new run replaced the open suggestions; the rejection stays.
    statuses = session.scalars(select(AssistSuggestion.status)).all()
    assert statuses.count("rejected") == 1 and statuses.count("open") == len(again)


def test_assist_rejection_counts_against_passages_like_it(session: Session) -> None:
    _, _, model = _world(session)
    before = {s.text: s.score for s in suggest_codings(session, model, "Freedom and risk")}
    budget = next(
        s for s in suggest_codings(session, model, "Freedom and risk") if "budget" in s.text
    )

    reject_suggestion(session, budget.id)
    after = {s.text: s.score for s in suggest_codings(session, model, "Freedom and risk")}

    ward = "People tried new things and took risks on the ward."
    assert after[ward] < before[ward]  # like the rejected words, so lower than before
    assert budget.text not in after


def test_assist_accept_codes_the_suggested_words_marked_as_assisted(session: Session) -> None:
    document, code, model = _world(session)
    suggestion = next(
        s for s in suggest_codings(session, model, "Freedom and risk") if "ward" in s.text
    )

    decision = accept_suggestion(session, suggestion.id, coder="ben")

    coding = session.get(Coding, decision.coding_id)
    assert coding is not None and coding.code_id == code.id
    assert document.text[coding.start : coding.end] == (
        "People tried new things and took risks on the ward."
    )
    assert coding.coder is not None and coding.coder.name == "ben"
    memo = session.scalars(select(Memo).where(Memo.coding_id == coding.id)).one()
    assert "Suggested by fake-bag-of-words (centroid, score" in memo.text
    assert "accepted by ben" in memo.text
    row = session.get(AssistSuggestion, suggestion.id)
    assert row is not None and (row.status, row.coding_id, row.decided_by) == (
        "accepted", coding.id, "ben",
    )  # fmt: skip
    actions = session.scalars(select(AuditEvent.action)).all()
    assert "accept" in actions and "create" in actions
    # Coded now: never suggested for the code again.
    assert "ward" not in " ".join(
        s.text for s in suggest_codings(session, model, "Freedom and risk")
    )


def test_assist_accept_refuses_decided_unknown_and_changed_suggestions(session: Session) -> None:
    document, _, model = _world(session)
    found = suggest_codings(session, model, "Freedom and risk", top=2)
    reject_suggestion(session, found[0].id)
    with pytest.raises(Conflict, match="rejected already"):
        accept_suggestion(session, found[0].id)
    with pytest.raises(NotFound, match="No suggestion 999"):
        accept_suggestion(session, 999)
    # The words change under the open suggestion (same length: no offsets move).
    target = document.text.index(found[1].text)
    document.text = document.text[:target] + "X" + document.text[target + 1 :]
    session.commit()
    with pytest.raises(Conflict, match="words have changed"):
        accept_suggestion(session, found[1].id)
    assert (
        session.scalars(select(Coding)).all() != []
        and len(session.scalars(select(Coding)).all()) == 1
    )
