"""The coded project that suggestions are evaluated on: codings hold whole sentences of
their theme inside one turn, and the same seed gives the same project."""

from __future__ import annotations

from pathlib import Path

from bench import assist_corpus


def test_assist_corpus_codings_hold_whole_sentences_inside_a_turn() -> None:
    project = assist_corpus.make_project(3)
    assert project == assist_corpus.make_project(3)
    for interview in project:
        assert interview.codings
        for code, start, end in interview.codings:
            words = interview.text[start:end]
            assert code in assist_corpus.CODES
            assert words[0].isupper() and words.endswith(".")
            assert any(s <= start and end <= e for _, s, e in interview.turns)
            assert not words.startswith("Interviewer")


def test_assist_corpus_writes_transcripts_and_codings(tmp_path: Path) -> None:
    assist_corpus.write(assist_corpus.make_project(2), tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "codebook.csv", "codings.csv", "interview-000.txt", "interview-001.txt",
    ]  # fmt: skip
    first = (tmp_path / "codings.csv").read_text(encoding="utf-8").splitlines()
    assert first[0] == "document,code,start,end,coder"


def test_assist_bench_latency_runs_at_a_small_scale() -> None:
    from bench.assist import latency

    figures = latency(500, repeats=2)

    assert figures["turns"] == 500
    for key in ("search_hybrid_p95_ms", "search_semantic_p95_ms", "suggest_logistic_p50_ms"):
        assert figures[key] > 0
