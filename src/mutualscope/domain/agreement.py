"""Inter-coder agreement: percentage agreement, Cohen's kappa and Krippendorff's alpha.

The general formulas are implemented once here and tested against published worked
examples. :mod:`mutualscope.domain.codingagreement` applies them to codings, where each
unit (a character or a speaker turn) is, for each code, either coded or not coded.

References:
- Cohen, J. (1960). A coefficient of agreement for nominal scales. *Educational and
  Psychological Measurement* 20(1), 37-46.
- Light, R. J. (1971). Measures of response agreement for qualitative data.
  *Psychological Bulletin* 76(5), 365-377 (the mean of pairwise kappas).
- De Vries, H., Elliott, M. N., Kanouse, D. E., Teleki, S. S. (2008). Using pooled
  kappa to summarize interrater agreement across many items. *Field Methods* 20(3).
- Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability.
  https://repository.upenn.edu/asc_papers/43
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

Coincidences = dict[tuple[Hashable, Hashable], float]


@dataclass(frozen=True)
class PairTable:
    """A 2x2 table for one code and two coders: how many units each combination got."""

    both: int
    only_first: int
    only_second: int
    neither: int

    @property
    def total(self) -> int:
        return self.both + self.only_first + self.only_second + self.neither

    def __add__(self, other: PairTable) -> PairTable:
        return PairTable(
            self.both + other.both,
            self.only_first + other.only_first,
            self.only_second + other.only_second,
            self.neither + other.neither,
        )

    def as_matrix(self) -> list[list[int]]:
        """Rows: first coder coded / did not; columns: the same for the second coder."""
        return [[self.both, self.only_first], [self.only_second, self.neither]]


def observed_agreement(matrix: Sequence[Sequence[float]]) -> float | None:
    """p_o: the share of units on the diagonal of a square agreement matrix."""
    total = sum(sum(row) for row in matrix)
    if total == 0:
        return None
    return sum(matrix[i][i] for i in range(len(matrix))) / total


def expected_agreement(matrix: Sequence[Sequence[float]]) -> float | None:
    """p_e: agreement expected by chance from each coder's own marginal proportions."""
    total = sum(sum(row) for row in matrix)
    if total == 0:
        return None
    size = len(matrix)
    rows = [sum(matrix[i]) / total for i in range(size)]
    cols = [sum(matrix[r][i] for r in range(size)) / total for i in range(size)]
    return sum(r * c for r, c in zip(rows, cols, strict=True))


def cohen_kappa(matrix: Sequence[Sequence[float]]) -> float | None:
    """Cohen's kappa for a square matrix (rows: coder 1's category, cols: coder 2's).

    ``None`` when it is undefined: no units, or chance agreement of 1 (both coders
    put every unit in the same single category).
    """
    p_o = observed_agreement(matrix)
    p_e = expected_agreement(matrix)
    if p_o is None or p_e is None or p_e >= 1.0:
        return None
    return (p_o - p_e) / (1.0 - p_e)


def percent_agreement(table: PairTable) -> float | None:
    """The share of units on which the two coders agree (coded by both or by neither)."""
    return observed_agreement(table.as_matrix())


def table_kappa(table: PairTable) -> float | None:
    return cohen_kappa(table.as_matrix())


def pooled_kappa(tables: Iterable[PairTable]) -> float | None:
    """De Vries et al. (2008): (mean p_o - mean p_e) / (1 - mean p_e) over codes.

    Codes without units are left out; ``None`` when nothing is left or mean p_e is 1.
    """
    observed: list[float] = []
    expected: list[float] = []
    for table in tables:
        p_o = observed_agreement(table.as_matrix())
        p_e = expected_agreement(table.as_matrix())
        if p_o is not None and p_e is not None:
            observed.append(p_o)
            expected.append(p_e)
    if not observed:
        return None
    mean_o = sum(observed) / len(observed)
    mean_e = sum(expected) / len(expected)
    if mean_e >= 1.0:
        return None
    return (mean_o - mean_e) / (1.0 - mean_e)


def mean_or_none(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def coincidence_matrix(data: Sequence[Sequence[Hashable | None]]) -> Coincidences:
    """Krippendorff's coincidences from reliability data (one row per coder, one column
    per unit, ``None`` for a missing value). Units with fewer than two values are not
    pairable and are left out."""
    if not data:
        return {}
    width = len(data[0])
    if any(len(row) != width for row in data):
        raise ValueError("every coder's row must have one value per unit")
    coincidences: Coincidences = {}
    for unit in range(width):
        values = [row[unit] for row in data if row[unit] is not None]
        pairable = len(values)
        if pairable < 2:
            continue
        weight = 1.0 / (pairable - 1)
        for i, first in enumerate(values):
            for j, second in enumerate(values):
                if i != j:
                    key = (first, second)
                    coincidences[key] = coincidences.get(key, 0.0) + weight
    return coincidences


def alpha_from_coincidences(
    coincidences: Mapping[tuple[Hashable, Hashable], float],
) -> float | None:
    """Nominal alpha = 1 - (n - 1) * sum(o_ck, c != k) / sum(n_c * n_k, c != k).

    ``None`` when undefined: fewer than two pairable values or no variation at all.
    """
    marginals: dict[Hashable, float] = {}
    disagreement = 0.0
    for (first, second), count in coincidences.items():
        marginals[first] = marginals.get(first, 0.0) + count
        if first != second:
            disagreement += count
    total = sum(marginals.values())
    expected = total * total - sum(n * n for n in marginals.values())
    if total <= 1 or expected <= 0:
        return None
    return 1.0 - (total - 1.0) * disagreement / expected


def krippendorff_alpha_nominal(data: Sequence[Sequence[Hashable | None]]) -> float | None:
    """Krippendorff's alpha for nominal data; any number of coders, missing values allowed."""
    return alpha_from_coincidences(coincidence_matrix(data))


def binary_coincidences(counts: Mapping[tuple[int, int], float]) -> Coincidences:
    """Coincidences for binary units from a count of units by (coders present m, coders
    who coded k): a unit contributes k(k-1), k(m-k), (m-k)(m-k-1) ordered pairs,
    each weighted 1/(m-1). This is what makes alpha over millions of characters cheap.
    """
    ones = mixed = zeros = 0.0
    for (present, coded), units in counts.items():
        if present < 2 or units == 0:
            continue
        weight = units / (present - 1)
        ones += coded * (coded - 1) * weight
        mixed += coded * (present - coded) * weight
        zeros += (present - coded) * (present - coded - 1) * weight
    return {(1, 1): ones, (1, 0): mixed, (0, 1): mixed, (0, 0): zeros}


def binary_alpha(counts: Mapping[tuple[int, int], float]) -> float | None:
    return alpha_from_coincidences(binary_coincidences(counts))


def pairs_of(coders: Sequence[str]) -> list[tuple[str, str]]:
    return list(combinations(coders, 2))
