"""assist evaluate: figures on a tiny project, worked out by hand."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session
from tests.assist_world import TableModel, make_transcript
from tests.factories import make_code, make_coding, make_user

from mutualscope.errors import InvalidInput
from mutualscope.services.assist.evaluation import (
    evaluate_suggestions,
    hidden_positions,
    mean_scores,
)
from mutualscope.services.assist.indexing import index_passages

# Six turns in this order; A to D coded with Risk. With half hidden, the 2nd and 4th
# coded passages (B, D) are hidden; A and C are kept.
A = "We had to be bold with the new service."
B = "Trying out the pilot felt brave and exciting."
C = "Being bold was expected of everyone."
D = "It was risky, but we went ahead anyway."
E = "Risks, risks: the car park is a risks nightmare."
F = "The minutes were sent on Friday."
DEFINITION = "Risk. Taking chances."
VECTORS = {
    A: (1, 0, 0),
    B: (0.8, 0.6, 0),
    C: (1, 0, 0),
    D: (0, 1, 0),
    E: (0.6, 0.8, 0),
    F: (0, 0, 1),
    DEFINITION: (1, 0, 0),
}


def _world(session: Session) -> TableModel:
    document = make_transcript(session, [("CEO", t) for t in (A, B, C, D, E, F)], name="t.txt")
    code = make_code(session, "Risk", definition="Taking chances.")
    ana = make_user(session, "ana")
    for words in (A, B, C, D):
        start = document.text.index(words)
        make_coding(session, document, code, start, start + len(words), coder=ana)
    model = TableModel(VECTORS)
    index_passages(session, model)
    return model


def test_assist_hidden_positions_spread_the_share_evenly() -> None:
    assert hidden_positions(4, 0.5) == [1, 3]
    assert hidden_positions(6, 1 / 3) == [2, 5]
    assert hidden_positions(3, 0.25) == []  # too few to hide a quarter


def test_assist_evaluate_scores_match_the_hand_computed_figures(session: Session) -> None:
    model = _world(session)

    results = evaluate_suggestions(session, model, k=2, methods=("centroid", "keywords"))

    by_method = {r.method: r for r in results}
    centroid = by_method["centroid"]
    # Centroid of A, C and the definition: (1, 0, 0). Candidates B .8, E .6, D 0, F 0:
    # ranking B, E, D, F; relevant B and D.
    assert (centroid.codings, centroid.passages, centroid.hidden) == (4, 4, 2)
    assert centroid.precision_at_k == 0.5
    assert centroid.recall_at_k == 0.5
    assert centroid.average_precision == round((1 / 1 + 2 / 3) / 2, 4)
    # Keywords "risk*": E (three matches), then D (one); B is never found.
    keywords = by_method["keywords"]
    assert (keywords.precision_at_k, keywords.recall_at_k) == (0.5, 0.5)
    assert keywords.average_precision == round((1 / 2 + 0) / 2, 4)
    means = {m.method: m.average_precision for m in mean_scores(results)}
    assert means == {"centroid": 0.8333, "keywords": 0.25}


def test_assist_evaluate_by_coder_and_refusals(session: Session) -> None:
    model = _world(session)
    make_user(session, "ben")

    assert len(evaluate_suggestions(session, model, coder="ana", methods=("logistic",))) == 1
    with pytest.raises(InvalidInput, match="at least two"):
        evaluate_suggestions(session, model, code="Risk", coder="ben")
    with pytest.raises(InvalidInput, match="--hide"):
        evaluate_suggestions(session, model, share=1.0)
