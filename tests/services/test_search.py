"""Search: the same hits on SQLite and PostgreSQL, checked against a plain-Python oracle."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.factories import make_document

from mutualscope.demo import transcripts
from mutualscope.domain.searchquery import AllOf, AnyOf, Query, Term, Without, parse_query
from mutualscope.domain.words import index_terms
from mutualscope.errors import InvalidInput
from mutualscope.services.project import Project, init_project
from mutualscope.services.search import SearchHit, reindex, search_segments
from mutualscope.storage.documents import Document, Segment
from mutualscope.storage.passage_text import split_passage

QUERIES = [
    "innovat* NOT commissioner*",
    '"under the radar"',
    "surplus AND (staff OR trustees)",
    '"social value" OR austerity',
    'risk* NOT "personal risk"',
    "tender*",
    "philanthrop* OR charit*",
    "spin-out",
]


def contains(words: list[str], term: Term) -> bool:
    n = len(term.words)
    for i in range(len(words) - n + 1):
        window = words[i : i + n]
        if window[:-1] == list(term.words[:-1]) and (
            window[-1].startswith(term.words[-1]) if term.prefix else window[-1] == term.words[-1]
        ):
            return True
    return False


def oracle(query: Query, words: list[str]) -> bool:
    """What a hit means, evaluated word by word in Python."""
    if isinstance(query, Term):
        return contains(words, query)
    if isinstance(query, Without):
        return oracle(query.keep, words) and not oracle(query.drop, words)
    if isinstance(query, AllOf):
        return all(oracle(q, words) for q in query.items)
    assert isinstance(query, AnyOf)
    return any(oracle(q, words) for q in query.items)


@pytest.fixture
def demo(project: Project, tmp_path: Path) -> Project:
    transcripts.run(project, tmp_path, lambda _: None)
    return project


def test_search_hits_equal_the_oracle_on_this_backend(demo: Project) -> None:
    with demo.session() as session:
        turns = session.execute(
            select(Segment.id, Segment.start, Segment.end, Document.text).join(Document)
        ).all()
        for query in QUERIES:
            parsed = parse_query(query)
            # A hit is a passage: a turn, or a piece of a very long one.
            expected = sorted(
                seg_id
                for seg_id, start, end, text in turns
                for p_start, p_end in split_passage(text, start, end)
                if oracle(parsed, index_terms(text[p_start:p_end]))
            )
            hits = search_segments(session, query, limit=1000)
            assert sorted(h.segment_id for h in hits) == expected, query
            assert expected, f"{query} should find something in the demo"


def test_search_same_hits_on_sqlite_and_postgresql(
    demo: Project, backend: str, tmp_path: Path
) -> None:
    if backend != "postgresql":
        pytest.skip("compares PostgreSQL with SQLite; set MUTUALSCOPE_TEST_PG")
    other, _ = init_project(tmp_path / "sqlite.db")
    try:
        transcripts.run(other, tmp_path, lambda _: None)
        for query in QUERIES:
            with demo.session() as pg, other.session() as lite:
                assert search_segments(pg, query, limit=500) == search_segments(
                    lite, query, limit=500
                ), query
    finally:
        other.close()


def test_search_hit_has_offsets_speaker_role_case_and_context(demo: Project) -> None:
    with demo.session() as session:
        hits = search_segments(session, '"under the radar"', context=3)
        text = session.scalar(select(Document.text).where(Document.id == hits[0].document_id))
    assert [h.document for h in hits] == [
        "case-1-ceo-interview.txt",
        "case-6-ceo-and-director.odt",
        "written-evidence-PUB0010.txt",
    ]
    first = hits[0]
    assert text is not None and text[first.start : first.end] == "under the radar"
    assert (first.speaker, first.participant, first.role, first.case) == (
        "CEO (case 1)",
        "Case 1 CEO",
        "ceo",
        "Case 1",
    )
    assert first.left == "a bit, working "
    assert first.match == "under the radar"
    assert first.right == " when we had"


def test_search_filters_by_role_group_and_case(demo: Project) -> None:
    with demo.session() as session:
        external = search_segments(session, '"social value"', role="external")
        assert {h.role for h in external} == {"commissioner", "support provider"}
        case5 = search_segments(session, "austerity OR surplus", case="Case 5")
        assert {h.case for h in case5} == {"Case 5"} and case5
        outside = search_segments(session, "tender*", case="Case 1")
        # The commissioner interview has no case; its speaker belongs to Case 1.
        assert "commissioner-interview.html" in {h.document for h in outside}


def test_search_limit_and_order(demo: Project) -> None:
    with demo.session() as session:
        every = search_segments(session, "social", limit=1000)
        first = search_segments(session, "social", limit=3)
    assert first == every[:3]
    assert [h.segment_id for h in every] == sorted(h.segment_id for h in every)


def test_search_finds_segments_written_without_the_import_service(session: Session) -> None:
    make_document(session, text="CEO: we made a surplus", turns=[("CEO", 5, 22)])
    hits = search_segments(session, "surplus")
    assert [(h.speaker, h.match) for h in hits] == [("CEO", "surplus")]
    assert reindex(session) == 1


def test_search_ignores_case_and_accents(session: Session) -> None:
    make_document(session, text="R1: Le CAFÉ était ouvert", turns=[("R1", 4, 24)])
    assert [h.match for h in search_segments(session, "cafe")] == ["CAFÉ"]
    assert [h.match for h in search_segments(session, "Café")] == ["CAFÉ"]


TENDER_TURNS = [
    "We kept the surplus for the staff.",
    "The surplus went into a tender for the contract.",
    "Our SURPLUS paid for training, and no tender was needed? Tender-free.",
    "A surplus, in ‘our’ words: reinvested 𝔰 with care.",
    "Nothing about money here.",
    "Surplus\r\nand tendering both.",
]


def test_search_minus_word_excludes_like_not(session: Session) -> None:
    text = ""
    turns = []
    for number, words in enumerate(TENDER_TURNS, start=1):
        label = f"R{number}: "
        turns.append((f"R{number}", len(text) + len(label), len(text) + len(label) + len(words)))
        text += label + words + "\n"
    make_document(session, text=text, turns=turns)
    minus = search_segments(session, "surplus -tender", limit=50)
    written_out = search_segments(session, "surplus NOT tender", limit=50)
    assert [h.speaker for h in minus] == [h.speaker for h in written_out] == ["R1", "R4", "R6"]
    assert [h.match for h in minus] == ["surplus", "surplus", "Surplus"]
    assert all("tender " not in h.left + h.match + h.right for h in minus)
    phrase = search_segments(session, 'surplus -"a tender"', limit=50)
    assert [h.speaker for h in phrase] == ["R1", "R3", "R4", "R6"]


def test_search_bad_queries_and_options(session: Session) -> None:
    with pytest.raises(InvalidInput, match="position 1: NOT needs a word before it"):
        search_segments(session, "NOT risk")
    with pytest.raises(InvalidInput, match="nothing is left to find"):
        search_segments(session, "-tender")
    with pytest.raises(InvalidInput, match="--limit"):
        search_segments(session, "risk", limit=0)
    with pytest.raises(InvalidInput, match="Unknown role"):
        search_segments(session, "risk", role="wizard")


def test_search_hit_is_plain_data() -> None:
    assert SearchHit.__dataclass_params__.frozen  # type: ignore[attr-defined]
