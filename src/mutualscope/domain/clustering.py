"""Grouping unit-length vectors by meaning and naming the groups by their words, with
numpy alone (``assist clusters``).

- :func:`kmeans`: spherical k-means (cosine similarity to unit centres), k-means++
  seeding, a fixed seed so the same vectors give the same groups.
- :func:`silhouette`: the mean silhouette (Rousseeuw 1987) with cosine distance, the
  measure :func:`choose_k` maximises over a range of k.
- :func:`characteristic_words`: each group's words ranked by how much more of its
  passages use them than passages outside it (a tf-idf of the group against the rest).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float32]
Labels = npt.NDArray[np.int64]

MAX_ITERATIONS = 30
#: Share of rows changing group under which the groups count as settled.
SETTLED = 0.001
#: Rows k-means learns its centres from, at most; the rest are then assigned to them.
FIT_SAMPLE = 5_000
#: Seedings tried: one can settle with two groups sharing a centre.
STARTS = 4
#: Rows the silhouette is measured on, at most (its cost grows with the square).
SILHOUETTE_SAMPLE = 1_500


def _plus_plus(matrix: Matrix, k: int, rng: np.random.Generator) -> Matrix:
    centres = [matrix[int(rng.integers(len(matrix)))]]
    distance = 1.0 - matrix @ centres[0]
    for _ in range(1, k):
        weights = np.clip(distance, 0.0, None).astype(np.float64) ** 2
        total = weights.sum()
        chosen = int(rng.choice(len(matrix), p=weights / total)) if total > 0 else 0
        centres.append(matrix[chosen])
        distance = np.minimum(distance, 1.0 - matrix @ matrix[chosen])
    return np.array(centres, dtype=np.float32)


def _unit(rows: npt.NDArray[np.float32]) -> Matrix:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    unit: Matrix = (rows / np.maximum(norms, 1e-12)).astype(np.float32)
    return unit


def kmeans(matrix: Matrix, k: int, *, seed: int = 0) -> tuple[Labels, Matrix]:
    """Each row's group (0..k-1) and the groups' unit centres. Learns from a sample of
    :data:`FIT_SAMPLE` rows when there are more, from :data:`STARTS` seedings, keeping
    the one whose rows are closest to their centres; then assigns every row."""
    if not 1 <= k <= len(matrix):
        raise ValueError(f"k must be between 1 and the number of rows ({len(matrix)}), not {k}")
    rng = np.random.default_rng(seed)
    fit = matrix
    if len(matrix) > FIT_SAMPLE:
        fit = matrix[np.sort(rng.choice(len(matrix), FIT_SAMPLE, replace=False))]
    best: tuple[float, Matrix] | None = None
    for _ in range(STARTS):
        labels, centres = _lloyd(fit, k, rng)
        closeness = float(np.einsum("ij,ij->", fit, centres[labels]))
        if best is None or closeness > best[0]:
            best = (closeness, centres)
    assert best is not None
    every: Labels = np.argmax(matrix @ best[1].T, axis=1).astype(np.int64)
    return every, best[1]


def _lloyd(fit: Matrix, k: int, rng: np.random.Generator) -> tuple[Labels, Matrix]:
    centres = _plus_plus(fit, k, rng)
    labels = np.full(len(fit), -1, dtype=np.int64)
    for _ in range(MAX_ITERATIONS):
        new = np.argmax(fit @ centres.T, axis=1).astype(np.int64)
        moved = int(np.count_nonzero(new != labels))
        labels = new
        if moved <= len(fit) * SETTLED:
            break
        # Each group's sum as one product with a 0/1 membership matrix (np.add.at
        # was a hundred times slower).
        member = np.zeros((len(fit), k), dtype=np.float32)
        member[np.arange(len(fit)), labels] = 1.0
        sums = member.T @ fit
        empty = np.bincount(labels, minlength=k) == 0
        # An emptied group restarts from the row farthest from its own centre.
        for group in np.flatnonzero(empty):
            farthest = int(np.argmin(np.einsum("ij,ij->i", fit, centres[labels])))
            sums[group] = fit[farthest]
        centres = _unit(sums)
    return labels, centres


def silhouette(matrix: Matrix, labels: Labels) -> float:
    """Mean silhouette with cosine distance; a row alone in its group counts 0."""
    groups = np.unique(labels)
    if len(groups) < 2:
        return 0.0
    distance = 1.0 - (matrix @ matrix.T).astype(np.float64)
    onehot = (labels[:, None] == groups[None, :]).astype(np.float64)
    sizes = onehot.sum(axis=0)
    sums = distance @ onehot
    own = np.searchsorted(groups, labels)
    own_size = sizes[own]
    a = np.where(own_size > 1, sums[np.arange(len(labels)), own] / np.maximum(own_size - 1, 1), 0)
    mean_other = sums / sizes[None, :]
    mean_other[np.arange(len(labels)), own] = np.inf
    b = mean_other.min(axis=1)
    scores = np.where(own_size > 1, (b - a) / np.maximum(np.maximum(a, b), 1e-12), 0.0)
    return float(scores.mean())


def choose_k(
    matrix: Matrix, low: int, high: int, *, seed: int = 0
) -> tuple[int, Labels, Matrix, dict[int, float]]:
    """The k in ``low..high`` with the highest silhouette (on a sample of rows), its
    labels and centres, and every k's silhouette."""
    high = min(high, len(matrix) - 1)
    low = min(max(low, 2), high)
    rng = np.random.default_rng(seed)
    # Each k is tried on a sample and measured on it; the chosen k is then learnt from
    # (a sample of) all the rows.
    sample = matrix
    if len(matrix) > SILHOUETTE_SAMPLE:
        sample = matrix[np.sort(rng.choice(len(matrix), SILHOUETTE_SAMPLE, replace=False))]
    measured: dict[int, float] = {}
    for k in range(low, high + 1):
        labels, _ = kmeans(sample, k, seed=seed)
        measured[k] = round(silhouette(sample, labels), 4)
    best = max(measured, key=lambda k: (measured[k], -k))
    labels, centres = kmeans(matrix, best, seed=seed)
    return best, labels, centres, measured


def characteristic_words(
    passages: Sequence[Sequence[str]], labels: Sequence[int], k: int, *, count: int = 4
) -> list[list[str]]:
    """Each group's ``count`` most characteristic words: the share of its passages that
    use a word, times the log of how much rarer the word is in the other passages
    (add-one smoothed). A word must appear in two passages of the group."""
    inside: list[Counter[str]] = [Counter() for _ in range(k)]
    everywhere: Counter[str] = Counter()
    sizes = Counter(int(label) for label in labels)
    for words, label in zip(passages, labels, strict=True):
        distinct = set(words)
        inside[int(label)].update(distinct)
        everywhere.update(distinct)
    total = len(passages)
    names = []
    for group in range(k):
        size = sizes.get(group, 0)
        scored = []
        for word, used in inside[group].items():
            if used < 2:
                continue
            share_in = used / size
            share_out = (everywhere[word] - used + 1) / (total - size + 1)
            if share_in > share_out:
                scored.append((share_in * math.log(share_in / share_out), word))
        scored.sort(key=lambda item: (-item[0], item[1]))
        names.append([word for _, word in scored[:count]])
    return names
