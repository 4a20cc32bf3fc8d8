"""The protection evaluation set scored by ``bench/protection_eval.py``: the figures that
docs/protection.md reports are floors here, so no change can lower them unnoticed."""

from __future__ import annotations

import pytest

from bench.protection import corpus, project_gazetteer
from bench.protection_eval import (
    EVALUATION,
    HELD_OUT,
    Transcript,
    evaluate,
    load_gazetteer,
    load_transcripts,
    model_entities,
    scan,
)
from mutualscope.domain.protection.evaluation import KindScore
from mutualscope.domain.protection.kinds import KINDS, STRUCTURED_KINDS

# Figures as docs/protection.md prints them (three decimals): recall and precision by
# overlapping match of the same kind; "covered" by a finding of any kind.
FLOORS = {
    ("evaluation", "rules"): {
        "person": {"recall": 0.968, "precision": 0.987},
        "all": {"recall": 0.918, "precision": 0.992},
    },
    ("evaluation", "model"): {
        "person": {"recall": 0.987, "precision": 0.975, "covered": 0.987},
        "organisation": {"recall": 0.930, "precision": 0.952},
        "place": {"recall": 0.824, "precision": 0.931},
        "all": {"recall": 0.961, "precision": 0.971, "covered": 0.989},
    },
    ("held-out", "rules"): {
        "person": {"recall": 0.873, "precision": 1.0},
        "all": {"recall": 0.875, "precision": 1.0},
    },
    ("held-out", "model"): {
        "person": {"recall": 0.909, "precision": 0.980, "covered": 0.964},
        "all": {"recall": 0.927, "precision": 0.937, "covered": 0.979},
    },
}
SETS = {"evaluation": EVALUATION, "held-out": HELD_OUT}


@pytest.fixture(scope="module")
def transcripts() -> dict[str, list[Transcript]]:
    return {name: load_transcripts(folder) for name, folder in SETS.items()}


def _scores(
    transcripts: dict[str, list[Transcript]], set_name: str, run: str
) -> dict[str, KindScore]:
    texts = transcripts[set_name]
    gazetteer = load_gazetteer(texts, SETS[set_name])
    entities = model_entities(texts) if run == "model" else None
    return evaluate(texts, scan(texts, gazetteer, entities))


def _at_least(value: float | None, floor: float) -> bool:
    # A figure printed as 0.968 may be 0.9675: the floor allows for the rounding.
    return value is not None and value >= floor - 0.0005


def test_evaluation_set_is_what_docs_describe(transcripts: dict[str, list[Transcript]]) -> None:
    evaluation = transcripts["evaluation"]
    assert len(evaluation) >= 20
    marked_kinds = {m.kind for t in evaluation for m in t.marked}
    assert marked_kinds == set(KINDS)
    for t in evaluation + transcripts["held-out"]:
        for mark in t.marked:
            assert t.text[mark.start : mark.end] == mark.text


@pytest.mark.parametrize(("set_name", "run"), list(FLOORS))
def test_evaluation_targets(
    transcripts: dict[str, list[Transcript]], set_name: str, run: str
) -> None:
    scores = _scores(transcripts, set_name, run)
    for kind, floors in FLOORS[(set_name, run)].items():
        score = scores[kind]
        assert _at_least(score.recall_overlap, floors["recall"]), (kind, score.missed)
        assert _at_least(score.precision_overlap, floors["precision"]), (kind, score.wrong)
        if "covered" in floors:
            assert _at_least(score.recall_covered, floors["covered"]), kind
    # Every structured identifier is found, exactly, and nothing else is called one.
    structured = scores["structured"]
    assert structured.recall_exact == 1.0, structured.missed
    assert structured.precision_exact == 1.0, structured.wrong
    for kind in STRUCTURED_KINDS:
        assert scores[kind].recall_exact in (1.0, None), scores[kind].missed


def test_bench_corpus_and_gazetteer() -> None:
    texts = corpus(5_000)
    assert sum(len(t.split()) for t in texts) >= 5_000
    assert len(project_gazetteer()) > 380
