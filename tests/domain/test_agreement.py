"""Agreement formulas against published worked examples and the ``krippendorff`` package."""

from __future__ import annotations

import random

import krippendorff
import numpy as np
import pytest

from mutualscope.domain.agreement import (
    PairTable,
    binary_alpha,
    cohen_kappa,
    krippendorff_alpha_nominal,
    percent_agreement,
    pooled_kappa,
    table_kappa,
)

# Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section C:
# four observers, twelve units, missing values; nominal alpha = 0.743.
KRIPPENDORFF_2011_C = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]
# Krippendorff (2011), section A: two observers, binary data, ten units; alpha = 0.095.
KRIPPENDORFF_2011_A = [
    [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
    [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
]
# The three-coder, fifteen-unit example of Krippendorff's alpha with missing values
# (Wikipedia, "Krippendorff's alpha"); nominal alpha = 0.691.
THREE_CODERS_FIFTEEN_UNITS = [
    [None, None, None, None, None, 3, 4, 1, 2, 1, 1, 3, 3, None, 3],
    [1, None, 2, 1, 3, 3, 4, 3, None, None, None, None, None, None, None],
    [None, None, 2, 1, 3, 4, 4, None, 2, 1, 1, 3, 3, None, 4],
]


def as_package_data(rows: list[list[int | None]]) -> np.ndarray:
    return np.array([[np.nan if v is None else v for v in row] for row in rows], dtype=float)


def package_alpha(rows: list[list[int | None]]) -> float:
    return float(
        krippendorff.alpha(reliability_data=as_package_data(rows), level_of_measurement="nominal")
    )


def test_alpha_krippendorff_2011_four_observers_with_missing_values() -> None:
    alpha = krippendorff_alpha_nominal(KRIPPENDORFF_2011_C)
    assert alpha == pytest.approx(0.743, abs=5e-4)
    assert alpha == pytest.approx(package_alpha(KRIPPENDORFF_2011_C), abs=1e-9)


def test_alpha_krippendorff_2011_binary_two_observers() -> None:
    alpha = krippendorff_alpha_nominal(KRIPPENDORFF_2011_A)
    assert alpha == pytest.approx(0.095, abs=5e-4)
    assert alpha == pytest.approx(package_alpha(KRIPPENDORFF_2011_A), abs=1e-9)


def test_alpha_three_coders_fifteen_units() -> None:
    alpha = krippendorff_alpha_nominal(THREE_CODERS_FIFTEEN_UNITS)
    assert alpha == pytest.approx(0.691, abs=5e-4)
    assert alpha == pytest.approx(package_alpha(THREE_CODERS_FIFTEEN_UNITS), abs=1e-9)


@pytest.mark.parametrize("seed", range(25))
def test_alpha_matches_krippendorff_package_on_random_data(seed: int) -> None:
    rng = random.Random(seed)
    coders = rng.randint(2, 5)
    units = rng.randint(5, 60)
    categories = rng.randint(2, 4)
    rows = [
        [None if rng.random() < 0.2 else rng.randrange(categories) for _ in range(units)]
        for _ in range(coders)
    ]
    ours = krippendorff_alpha_nominal(rows)
    try:
        theirs = package_alpha(rows)
    except ValueError:
        # The package refuses data with a single value; ours reports it as undefined.
        assert ours is None
        return
    if np.isnan(theirs):
        assert ours is None
    else:
        assert ours == pytest.approx(theirs, abs=1e-9)


@pytest.mark.parametrize("seed", range(10))
def test_binary_alpha_from_counts_equals_unit_by_unit_alpha(seed: int) -> None:
    rng = random.Random(seed)
    coders = rng.randint(2, 4)
    rows: list[list[int | None]] = [[] for _ in range(coders)]
    counts: dict[tuple[int, int], int] = {}
    for _ in range(80):
        present = rng.sample(range(coders), rng.randint(1, coders))
        values = {c: int(rng.random() < 0.3) for c in present}
        for c in range(coders):
            rows[c].append(values.get(c))
        key = (len(present), sum(values.values()))
        counts[key] = counts.get(key, 0) + 1
    assert binary_alpha(counts) == pytest.approx(package_alpha(rows), abs=1e-9)


def test_kappa_textbook_example_fifty_proposals() -> None:
    # Two readers, 50 grant proposals: yes/yes 20, yes/no 5, no/yes 10, no/no 15:
    # p_o = 0.70, p_e = 0.50, kappa = 0.40 (the standard textbook example).
    table = PairTable(both=20, only_first=5, only_second=10, neither=15)
    assert percent_agreement(table) == pytest.approx(0.70)
    assert table_kappa(table) == pytest.approx(0.40)


def test_kappa_same_agreement_different_marginals() -> None:
    # Both tables have p_o = 0.60; kappa differs with the marginals (0.1304 vs 0.2593).
    assert cohen_kappa([[45, 15], [25, 15]]) == pytest.approx(0.1304, abs=5e-5)
    assert cohen_kappa([[25, 35], [5, 35]]) == pytest.approx(0.2593, abs=5e-5)


def test_kappa_three_categories_by_hand() -> None:
    matrix = [[25, 2, 3], [4, 20, 1], [1, 4, 40]]
    total = 100
    p_o = (25 + 20 + 40) / total
    rows = [30 / total, 25 / total, 45 / total]
    cols = [30 / total, 26 / total, 44 / total]
    p_e = sum(r * c for r, c in zip(rows, cols, strict=True))
    assert cohen_kappa(matrix) == pytest.approx((p_o - p_e) / (1 - p_e))


def test_kappa_for_two_coders_equals_alpha_difference_is_small_sample_correction() -> None:
    # For two coders and binary data, alpha differs from Scott's pi only by (n-1)/n,
    # and Scott's pi equals kappa when the marginals are equal.
    table = PairTable(both=10, only_first=5, only_second=5, neither=30)
    rows = [[1] * 10 + [1] * 5 + [0] * 5 + [0] * 30, [1] * 10 + [0] * 5 + [1] * 5 + [0] * 30]
    kappa = table_kappa(table)
    alpha = krippendorff_alpha_nominal(rows)
    assert kappa is not None and alpha is not None
    n = 2 * table.total
    assert alpha == pytest.approx(1 - (n - 1) / n * (1 - kappa))


def test_kappa_undefined_when_nobody_codes() -> None:
    assert table_kappa(PairTable(0, 0, 0, 100)) is None
    assert percent_agreement(PairTable(0, 0, 0, 100)) == 1.0
    assert table_kappa(PairTable(0, 0, 0, 0)) is None


def test_pooled_kappa_is_de_vries_mean_of_agreements() -> None:
    first = PairTable(20, 5, 10, 15)  # p_o 0.70, p_e 0.50
    second = PairTable(45, 15, 25, 15)  # p_o 0.60, p_e 0.54
    expected = (0.65 - 0.52) / (1 - 0.52)
    assert pooled_kappa([first, second]) == pytest.approx(expected)
    assert pooled_kappa([]) is None


def test_alpha_undefined_without_variation() -> None:
    assert krippendorff_alpha_nominal([[1, 1, 1], [1, 1, 1]]) is None
    assert krippendorff_alpha_nominal([[1, None], [None, 2]]) is None
