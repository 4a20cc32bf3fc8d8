"""The search page's second mode: by meaning, with the packaged model."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from tests.assist_world import make_transcript

from mutualscope.io.embeddings import load_model
from mutualscope.services.assist.indexing import index_passages

TARGET = "Since the spin-out we were allowed to try new things without fear of blame."


def test_assist_search_page_finds_by_meaning_what_words_miss(
    viewer: TestClient, session: Session
) -> None:
    make_transcript(
        session,
        [("Nurse", TARGET), ("CEO", "Our turnover is about £12 million 🙂.")],
        name="risk.txt",
    )
    question = {"q": "staff felt free to take risks"}
    assert "0 passages" in viewer.get("/search", params=question).text
    before = viewer.get("/search", params={**question, "mode": "meaning"}).text
    assert "assist index" in before  # nothing indexed yet: the page says what to do
    index_passages(session, load_model())

    page = viewer.get("/search", params={**question, "mode": "meaning"})

    assert page.status_code == 200
    assert 'value="meaning" selected' in page.text
    assert "closest in meaning" in page.text
    assert page.text.index("allowed to try new things") < page.text.index("turnover")
