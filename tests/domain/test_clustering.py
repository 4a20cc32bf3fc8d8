"""Spherical k-means, the silhouette and characteristic words, checked against
scikit-learn (the silhouette, the grouping of separated groups) and a worked example."""

from __future__ import annotations

import numpy as np
import pytest

from mutualscope.domain.clustering import characteristic_words, choose_k, kmeans, silhouette

metrics = pytest.importorskip("sklearn.metrics")


def _groups(sizes: list[int], spread: float, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors scattered around one random direction per group."""
    rng = np.random.default_rng(seed)
    rows, truth = [], []
    for group, size in enumerate(sizes):
        centre = rng.standard_normal(32)
        rows.append(centre + spread * rng.standard_normal((size, 32)))
        truth += [group] * size
    matrix = np.vstack(rows)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix.astype(np.float32), np.array(truth)


def test_clustering_kmeans_finds_separated_groups_and_is_repeatable() -> None:
    matrix, truth = _groups([40, 25, 10], spread=0.3)
    labels, centres = kmeans(matrix, 3)
    again, _ = kmeans(matrix, 3)
    assert metrics.adjusted_rand_score(truth, labels) == pytest.approx(1.0)
    assert np.array_equal(labels, again)
    assert np.allclose(np.linalg.norm(centres, axis=1), 1.0, atol=1e-5)


def test_clustering_silhouette_matches_scikit_learn_with_cosine_distance() -> None:
    matrix, truth = _groups([30, 20, 5], spread=1.0, seed=4)
    labels = truth.copy()
    labels[:3] = 2  # some rows in the wrong group, so the score is not trivial
    ours = silhouette(matrix, labels)
    assert ours == pytest.approx(
        metrics.silhouette_score(matrix, labels, metric="cosine"), abs=1e-5
    )


def test_clustering_choose_k_takes_the_number_of_groups_there_are() -> None:
    matrix, truth = _groups([30, 30, 30, 30], spread=0.3, seed=7)
    k, labels, _, measured = choose_k(matrix, 2, 8)
    assert k == 4
    assert sorted(measured) == list(range(2, 9))
    assert metrics.adjusted_rand_score(truth, labels) == pytest.approx(1.0)


def test_clustering_characteristic_words_worked_example() -> None:
    passages = [
        ["tender", "contract", "council"],
        ["tender", "contract", "staff"],
        ["tender", "council"],
        ["staff", "morale", "council"],
        ["staff", "morale"],
        ["staff", "morale", "training"],
    ]
    names = characteristic_words(passages, [0, 0, 0, 1, 1, 1], 2)
    # Group 0: tender in 3/3, outside (0+1)/(3+1): 1*ln(4) = 1.386; contract 2/3 *
    # ln((2/3)/(1/4)) = 0.654; council 2/3 against (1+1)/4: 2/3*ln(4/3) = 0.192.
    assert names[0] == ["tender", "contract", "council"]
    # Group 1: morale 3/3 (1.386), staff 3/3 against (1+1)/4 (0.693); training only once.
    assert names[1] == ["morale", "staff"]
