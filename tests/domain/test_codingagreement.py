"""Agreement over codings, checked against unit-by-unit computation and ``krippendorff``."""

from __future__ import annotations

import random

import krippendorff
import numpy as np
import pytest

from mutualscope.domain.agreement import PairTable, cohen_kappa, pooled_kappa
from mutualscope.domain.codingagreement import (
    ComparedDocument,
    agreement_by_code,
    turn_units,
)
from mutualscope.domain.spans import Span

Coded = dict[str, dict[str, dict[str, list[Span]]]]


def expand(length: int, spans: list[Span]) -> list[int]:
    values = [0] * length
    for start, end in spans:
        for i in range(start, end):
            values[i] = 1
    return values


def test_two_coders_one_document_counts_characters() -> None:
    documents = [ComparedDocument("d1", 100, frozenset({"ann", "ben"}))]
    coded: Coded = {"Funding": {"d1": {"ann": [(10, 30)], "ben": [(20, 40)]}}}
    results, pooled = agreement_by_code(documents, coded, ["ann", "ben"], ["Funding"])
    table = results[0].pairs[("ann", "ben")]
    assert table == PairTable(both=10, only_first=10, only_second=10, neither=70)
    assert results[0].units == 100
    assert results[0].percent == pytest.approx(0.8)
    assert results[0].kappa == pytest.approx(cohen_kappa([[10, 10], [10, 70]]))
    assert pooled.kappa == pytest.approx(results[0].kappa)


def test_documents_only_one_coder_took_part_in_are_not_compared() -> None:
    documents = [
        ComparedDocument("d1", 50, frozenset({"ann", "ben"})),
        ComparedDocument("d2", 1000, frozenset({"ann"})),
    ]
    coded: Coded = {"X": {"d1": {"ann": [(0, 10)]}, "d2": {"ann": [(0, 500)]}}}
    results, _ = agreement_by_code(documents, coded, ["ann", "ben"], ["X"])
    assert results[0].units == 50
    assert results[0].pairs[("ann", "ben")] == PairTable(0, 10, 0, 40)


def test_overlapping_spans_of_one_coder_count_once() -> None:
    documents = [ComparedDocument("d1", 20, frozenset({"a", "b"}))]
    coded: Coded = {"X": {"d1": {"a": [(0, 10), (5, 15)], "b": [(0, 15)]}}}
    results, _ = agreement_by_code(documents, coded, ["a", "b"], ["X"])
    assert results[0].pairs[("a", "b")] == PairTable(15, 0, 0, 5)
    assert results[0].kappa == pytest.approx(1.0)
    assert results[0].alpha == pytest.approx(1.0)


def random_case(seed: int) -> tuple[list[ComparedDocument], Coded, list[str], list[str]]:
    rng = random.Random(seed)
    coders = ["a", "b", "c", "d"][: rng.randint(2, 4)]
    codes = ["X", "Y", "Z"]
    documents = []
    coded: Coded = {code: {} for code in codes}
    for n in range(rng.randint(1, 6)):
        key = f"doc{n}"
        length = rng.randint(20, 120)
        present = frozenset(c for c in coders if rng.random() < 0.8)
        documents.append(ComparedDocument(key, length, present))
        for code in codes:
            for coder in present:
                spans = []
                for _ in range(rng.randint(0, 3)):
                    start = rng.randrange(length - 1)
                    spans.append((start, rng.randint(start + 1, length)))
                if spans:
                    coded[code].setdefault(key, {})[coder] = spans
    return documents, coded, coders, codes


def unit_rows(
    documents: list[ComparedDocument], coded: Coded, coders: list[str], code: str
) -> list[list[float]]:
    rows: list[list[float]] = [[] for _ in coders]
    for document in documents:
        for index, coder in enumerate(coders):
            if coder in document.coders:
                spans = coded[code].get(document.key, {}).get(coder, [])
                rows[index].extend(expand(document.length, spans))
            else:
                rows[index].extend([np.nan] * document.length)
    return rows


@pytest.mark.parametrize("seed", range(30))
def test_alpha_per_code_and_pooled_match_krippendorff_package(seed: int) -> None:
    documents, coded, coders, codes = random_case(seed)
    results, pooled = agreement_by_code(documents, coded, coders, codes)
    stacked: list[list[float]] = [[] for _ in coders]
    for result, code in zip(results, codes, strict=True):
        rows = unit_rows(documents, coded, coders, code)
        for index, row in enumerate(rows):
            stacked[index].extend(row)
        check_alpha(result.alpha, rows)
    check_alpha(pooled.alpha, stacked)


def check_alpha(ours: float | None, rows: list[list[float]]) -> None:
    data = np.array(rows, dtype=float)
    pairable = (np.sum(~np.isnan(data), axis=0) >= 2).sum()
    values = set(data[~np.isnan(data)].tolist())
    if pairable == 0 or len(values) < 2:
        assert ours is None
        return
    theirs = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert ours == pytest.approx(float(theirs), abs=1e-9)


@pytest.mark.parametrize("seed", range(15))
def test_kappa_per_pair_matches_unit_by_unit_tables(seed: int) -> None:
    documents, coded, coders, codes = random_case(seed)
    results, pooled = agreement_by_code(documents, coded, coders, codes)
    first, second = coders[0], coders[1]
    tables = []
    for result, code in zip(results, codes, strict=True):
        counts = [[0, 0], [0, 0]]
        for document in documents:
            if not {first, second} <= document.coders:
                continue
            by_coder = coded[code].get(document.key, {})
            one = expand(document.length, by_coder.get(first, []))
            two = expand(document.length, by_coder.get(second, []))
            for x, y in zip(one, two, strict=True):
                counts[1 - x][1 - y] += 1
        table = PairTable(counts[0][0], counts[0][1], counts[1][0], counts[1][1])
        assert result.pairs[(first, second)] == table
        tables.append(table)
    if len(coders) == 2:
        assert pooled.kappa == pooled_kappa(tables)


def test_turn_units_maps_spans_to_the_turns_they_touch() -> None:
    starts, ends = [0, 10, 30], [10, 30, 50]
    assert turn_units([(12, 14)], starts, ends) == [(1, 2)]
    assert turn_units([(5, 12), (40, 41)], starts, ends) == [(0, 1), (1, 2), (2, 3)]
    assert turn_units([(9, 10)], starts, ends) == [(0, 1)]
    assert turn_units([(3, 4)], [], []) == [(0, 1)]


def test_agreement_needs_two_coders() -> None:
    with pytest.raises(ValueError):
        agreement_by_code([], {}, ["a", "a"], ["X"])
