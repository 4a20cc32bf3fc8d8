"""Ranking scores against scikit-learn, and the two scorers on vectors drawn by hand."""

from __future__ import annotations

import numpy as np
import pytest

from mutualscope.domain.retrieval import score_ranking
from mutualscope.domain.similarity import centroid_scores, logistic_scores


def test_assist_average_precision_equals_scikit_learn_on_a_full_ranking() -> None:
    metrics = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(7)
    for _ in range(20):
        scores = rng.random(40)
        truth = rng.random(40) < 0.2
        truth[0] = True
        ranked = list(np.argsort(-scores))
        relevant = set(np.nonzero(truth)[0].tolist())
        ours = score_ranking(ranked, relevant, k=5).average_precision
        assert ours == pytest.approx(metrics.average_precision_score(truth, scores))


def test_assist_precision_and_recall_at_k_by_hand() -> None:
    scores = score_ranking([4, 1, 9, 2], {1, 2, 7}, k=2)
    assert scores.precision_at_k == 0.5
    assert scores.recall_at_k == pytest.approx(1 / 3)
    # 1 at rank 2 (1/2), 2 at rank 4 (2/4), 7 never ranked (0).
    assert scores.average_precision == pytest.approx((1 / 2 + 2 / 4 + 0) / 3)
    assert score_ranking([1], set(), k=1).average_precision == 0.0


def _unit(*rows: tuple[float, ...]) -> np.ndarray:
    matrix = np.array(rows, dtype=np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def test_assist_centroid_moves_away_from_rejected_passages() -> None:
    candidates = _unit((1, 0.2), (0.2, 1))
    positives = _unit((1, 1))
    plain = centroid_scores(candidates, positives)
    assert plain[0] == pytest.approx(plain[1])
    pushed = centroid_scores(candidates, positives, negatives=_unit((0, 1)))
    assert pushed[0] > pushed[1]


def test_assist_logistic_separates_coded_from_background() -> None:
    rng = np.random.default_rng(3)
    positives = _unit(*[(1, 0.1 * rng.random(), 0.0) for _ in range(5)])
    background = _unit(*[(0.1 * rng.random(), 1, rng.random()) for _ in range(50)])
    candidates = _unit((0.9, 0.1, 0.0), (0.1, 0.9, 0.3))
    scores = logistic_scores(candidates, positives, background)
    assert scores[0] > 0 > scores[1]
