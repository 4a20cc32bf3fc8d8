"""Ranking passages for a code from unit-length vectors: two scorers, measured against
each other by ``assist evaluate`` (docs/assist.md).

- :func:`centroid_scores`: cosine similarity to the code's centroid: the mean of its
  coded passages' vectors and its definition's vector, moved away from the passages a
  person rejected for it (Rocchio's relevance feedback).
- :func:`logistic_scores`: a small logistic regression per code, trained with numpy on
  the coded passages (and the definition) against the rejected passages and a sample of
  passages never coded with it (most of which are not about the code).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float32]
Scores = npt.NDArray[np.float64]

#: Weight of the rejected passages' mean taken off the centroid.
REJECTED_WEIGHT = 0.5
#: How many uncoded passages the regression learns "not this code" from, at most.
BACKGROUND_SAMPLE = 2000
L2 = 1.0
#: Steps with a fresh curvature (Newton's), then steps reusing the last one, up to
#: MAX_STEPS, until a step is under TOLERANCE. The curvature costs (rows x 385 x 385)
#: and is nine tenths of the fit; the later steps cost two products with the rows each.
#: Both stop at the same point (where the gradient is zero): measured against Newton's
#: every step, the direction differs by under 1e-4 in 3.5 and takes a third of the time.
NEWTON_STEPS = 3
MAX_STEPS = 30
TOLERANCE = 1e-4


def _unit(vector: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


#: A direction and an offset: a passage's score is ``vector @ direction + offset``.
Scorer = tuple[npt.NDArray[np.float64], float]


def centroid_scorer(
    positives: Matrix, negatives: Matrix | None = None, definition: Matrix | None = None
) -> Scorer:
    """The code's centroid: ``positives`` are the coded passages, ``definition`` the
    code's name and definition (one row, counted as one more coded passage),
    ``negatives`` the rejected passages. Scores are cosines with it."""
    rows = [m for m in (positives, definition) if m is not None and len(m)]
    if not rows:
        return np.zeros(positives.shape[1]), 0.0
    centre = _unit(np.vstack(rows).astype(np.float64).mean(axis=0))
    if negatives is not None and len(negatives):
        away = _unit(negatives.astype(np.float64).mean(axis=0))
        centre = _unit(centre - REJECTED_WEIGHT * away)
    return centre, 0.0


def apply_scorer(candidates: Matrix, scorer: Scorer) -> Scores:
    """Scores of candidate rows (float32 arithmetic over the rows, which may be many)."""
    direction, offset = scorer
    scores: Scores = (candidates @ direction.astype(np.float32)).astype(np.float64) + offset
    return scores


def centroid_scores(
    candidates: Matrix,
    positives: Matrix,
    negatives: Matrix | None = None,
    definition: Matrix | None = None,
) -> Scores:
    """Cosine of each candidate with the code's centroid (:func:`centroid_scorer`)."""
    return apply_scorer(candidates, centroid_scorer(positives, negatives, definition))


def _fit(
    x: npt.NDArray[np.float64], y: npt.NDArray[np.float64], weights: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.float64], float]:
    """Weighted L2-regularised logistic regression by Newton's method (few features,
    few hundred rows: a handful of exact steps beat many gradient steps), the curvature
    kept after :data:`NEWTON_STEPS` steps."""
    design = np.hstack([x, np.ones((len(x), 1))])
    theta = np.zeros(x.shape[1] + 1)
    penalty = np.full(x.shape[1] + 1, L2)
    penalty[-1] = 0.0
    inverse = np.eye(len(theta))
    for number in range(MAX_STEPS):
        p = 1.0 / (1.0 + np.exp(-(design @ theta)))
        gradient = design.T @ (weights * (p - y)) + penalty * theta
        if number < NEWTON_STEPS:
            curvature = (design * (weights * p * (1 - p))[:, None]).T @ design + np.diag(penalty)
            inverse = np.linalg.inv(curvature + 1e-9 * np.eye(len(theta)))
        step = inverse @ gradient
        theta -= step
        if float(np.abs(step).max()) < TOLERANCE:
            break
    coef, bias = theta[:-1], float(theta[-1])
    return coef, bias


def logistic_scores(
    candidates: Matrix,
    positives: Matrix,
    background: Matrix,
    negatives: Matrix | None = None,
    definition: Matrix | None = None,
    *,
    seed: int = 0,
) -> Scores:
    """The regression's log-odds for each candidate (:func:`logistic_scorer`)."""
    scorer = logistic_scorer(positives, background, negatives, definition, seed=seed)
    return apply_scorer(candidates, scorer)


def logistic_scorer(
    positives: Matrix,
    background: Matrix,
    negatives: Matrix | None = None,
    definition: Matrix | None = None,
    *,
    seed: int = 0,
) -> Scorer:
    """A logistic regression for the code; scores are log-odds. ``background`` are
    passages not coded with it (a sample of at most :data:`BACKGROUND_SAMPLE` is used);
    each rejected passage weighs three background ones, and the two classes weigh the
    same."""
    pos_rows = [m for m in (positives, definition) if m is not None and len(m)]
    if not pos_rows:
        return np.zeros(positives.shape[1]), 0.0
    pos = np.vstack(pos_rows).astype(np.float64)
    if len(background) > BACKGROUND_SAMPLE:
        chosen = np.random.default_rng(seed).choice(len(background), BACKGROUND_SAMPLE, False)
        background = background[np.sort(chosen)]
    neg_parts = [background.astype(np.float64)]
    neg_weights = [np.ones(len(background))]
    if negatives is not None and len(negatives):
        neg_parts.append(negatives.astype(np.float64))
        neg_weights.append(np.full(len(negatives), 3.0))
    neg = np.vstack(neg_parts)
    if not len(neg):
        return centroid_scorer(positives, negatives, definition)
    x = np.vstack([pos, neg])
    y = np.concatenate([np.ones(len(pos)), np.zeros(len(neg))])
    # The two classes weigh the same however many rows each has.
    w_neg = np.concatenate(neg_weights)
    weights = np.concatenate([np.full(len(pos), w_neg.sum() / len(pos)), w_neg])
    weights *= len(x) / weights.sum()
    return _fit(x, y, weights)
