"""How good a ranking is against the passages a person coded: precision and recall at
k, and average precision (the mean, over the relevant passages, of the precision at the
rank where each appears; a relevant passage never ranked counts as 0)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class RankingScores:
    precision_at_k: float
    recall_at_k: float
    average_precision: float


def score_ranking(ranked: Sequence[int], relevant: Collection[int], k: int) -> RankingScores:
    """Scores of ``ranked`` (best first) given the ``relevant`` items; ``k`` > 0."""
    relevant_set = set(relevant)
    if not relevant_set:
        return RankingScores(0.0, 0.0, 0.0)
    hits_at_k = sum(1 for item in ranked[:k] if item in relevant_set)
    found = 0
    precision_sum = 0.0
    for rank, item in enumerate(ranked, start=1):
        if item in relevant_set:
            found += 1
            precision_sum += found / rank
    return RankingScores(
        precision_at_k=hits_at_k / k,
        recall_at_k=hits_at_k / len(relevant_set),
        average_precision=precision_sum / len(relevant_set),
    )
