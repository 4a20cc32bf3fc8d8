"""Agreement between coders' codings, unit by unit, for each code.

Units are characters of the compared documents, or their speaker turns (each turn is
mapped to one unit, so the same span arithmetic serves both). A coder takes part in a
document when they coded anything in it: for every code, each unit they did not code
with it counts as "not coded". Documents no two of the coders took part in are not
compared.

Two coders: percentage agreement and Cohen's kappa per code, and pooled kappa (De Vries
et al. 2008). More coders: both are the means over pairs of coders (Light 1971).
Krippendorff's alpha (nominal, binary per code) takes all coders at once; the pooled
alpha takes every (code, unit) as one unit.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mutualscope.domain.agreement import (
    PairTable,
    binary_alpha,
    mean_or_none,
    pairs_of,
    percent_agreement,
    pooled_kappa,
    table_kappa,
)
from mutualscope.domain.spans import (
    Span,
    coverage_histogram,
    intersection_length,
    merge_spans,
)

AlphaCounts = dict[tuple[int, int], int]


@dataclass(frozen=True)
class ComparedDocument:
    """A document as units: ``length`` units, and the coders who took part in it."""

    key: Hashable
    length: int
    coders: frozenset[str]


@dataclass(frozen=True)
class CodeAgreement:
    """Agreement on one code (or pooled over codes, with ``code`` None)."""

    code: Hashable | None
    units: int
    pairs: dict[tuple[str, str], PairTable]
    alpha_counts: AlphaCounts = field(default_factory=dict)
    pooled_tables: dict[tuple[str, str], list[PairTable]] = field(default_factory=dict)

    @property
    def percent(self) -> float | None:
        if self.code is None:
            return mean_or_none(
                mean_or_none(percent_agreement(t) for t in tables)
                for tables in self.pooled_tables.values()
            )
        return mean_or_none(percent_agreement(t) for t in self.pairs.values())

    @property
    def kappa(self) -> float | None:
        if self.code is None:
            return mean_or_none(pooled_kappa(tables) for tables in self.pooled_tables.values())
        return mean_or_none(table_kappa(t) for t in self.pairs.values())

    @property
    def alpha(self) -> float | None:
        return binary_alpha(self.alpha_counts)


def turn_units(spans: Iterable[Span], starts: Sequence[int], ends: Sequence[int]) -> list[Span]:
    """The turns (as unit spans ``(i, i + 1)``) that any of ``spans`` overlaps.

    ``starts``/``ends`` are the turns of the document in order; with no turns the
    whole document is one unit (0).
    """
    if not starts:
        return [(0, 1)] if any(end > start for start, end in spans) else []
    touched: set[int] = set()
    for start, end in spans:
        # Turns are in order and do not overlap, so their ends are sorted too.
        index = bisect_right(ends, start)
        while index < len(starts) and starts[index] < end:
            touched.add(index)
            index += 1
    return [(i, i + 1) for i in sorted(touched)]


def _baselines(
    documents: Sequence[ComparedDocument], coders: Sequence[str]
) -> tuple[dict[tuple[str, str], int], dict[int, int]]:
    """Units each pair shares, and units by number of coders present (m >= 2)."""
    pair_units = dict.fromkeys(pairs_of(coders), 0)
    by_presence: dict[int, int] = {}
    for document in documents:
        present = [c for c in coders if c in document.coders]
        for pair in pairs_of(present):
            pair_units[pair] += document.length
        if len(present) >= 2:
            by_presence[len(present)] = by_presence.get(len(present), 0) + document.length
    return pair_units, by_presence


def code_agreement(
    code: Hashable,
    documents: Mapping[Any, ComparedDocument],
    coded: Mapping[Any, Mapping[str, Sequence[Span]]],
    coders: Sequence[str],
    baselines: tuple[dict[tuple[str, str], int], dict[int, int]],
) -> CodeAgreement:
    """Agreement on one code. ``coded`` maps document key -> coder -> unit spans."""
    if len(coders) == 2:
        return _two_coder_agreement(code, documents, coded, coders, baselines)
    pair_units, by_presence = baselines
    counts = {pair: [0, 0, 0, pair_units[pair]] for pair in pair_units}
    alpha_counts: AlphaCounts = {(m, 0): units for m, units in by_presence.items()}
    for key, by_coder in coded.items():
        document = documents.get(key)
        if document is None:
            continue
        present = [c for c in coders if c in document.coders]
        merged = {c: merge_spans(by_coder.get(c, ())) for c in present}
        sizes = {c: sum(e - s for s, e in merged[c]) for c in present}
        both_of: dict[tuple[str, str], int] = {}
        for first, second in pairs_of(present):
            both = intersection_length(merged[first], merged[second])
            both_of[(first, second)] = both
            cell = counts[(first, second)]
            cell[0] += both
            cell[1] += sizes[first] - both
            cell[2] += sizes[second] - both
            cell[3] -= sizes[first] + sizes[second] - both
        m = len(present)
        if m == 2:
            # Two coders: units coded by both, and by exactly one, are already known.
            both = both_of[(present[0], present[1])]
            histogram = {2: both, 1: sizes[present[0]] + sizes[present[1]] - 2 * both}
        elif m > 2:
            histogram = coverage_histogram([merged[c] for c in present])
        else:
            continue
        for k, units in histogram.items():
            if units:
                alpha_counts[(m, k)] = alpha_counts.get((m, k), 0) + units
                alpha_counts[(m, 0)] -= units
    pairs = {pair: PairTable(*cell) for pair, cell in counts.items()}
    # Two coders compare the units they share; more coders, every unit at least two saw.
    units = sum(by_presence.values())
    return CodeAgreement(code=code, units=units, pairs=pairs, alpha_counts=alpha_counts)


def _two_coder_agreement(
    code: Hashable,
    documents: Mapping[Any, ComparedDocument],
    coded: Mapping[Any, Mapping[str, Sequence[Span]]],
    coders: Sequence[str],
    baselines: tuple[dict[tuple[str, str], int], dict[int, int]],
) -> CodeAgreement:
    """:func:`code_agreement` for exactly two coders, the common case, without the
    bookkeeping for pairs and histograms (the same figures, several times faster)."""
    first, second = coders[0], coders[1]
    units = baselines[0][(first, second)]
    both = only_first = only_second = 0
    for key, by_coder in coded.items():
        document = documents.get(key)
        if document is None or first not in document.coders or second not in document.coders:
            continue
        spans_first = by_coder.get(first)
        spans_second = by_coder.get(second)
        merged_first = merge_spans(spans_first) if spans_first else []
        merged_second = merge_spans(spans_second) if spans_second else []
        shared = (
            intersection_length(merged_first, merged_second)
            if merged_first and merged_second
            else 0
        )
        both += shared
        only_first += sum(e - s for s, e in merged_first) - shared
        only_second += sum(e - s for s, e in merged_second) - shared
    neither = units - both - only_first - only_second
    table = PairTable(both, only_first, only_second, neither)
    alpha_counts: AlphaCounts = {(2, 0): neither, (2, 1): only_first + only_second, (2, 2): both}
    return CodeAgreement(
        code=code, units=units, pairs={(first, second): table}, alpha_counts=alpha_counts
    )


def agreement_by_code(
    documents: Sequence[ComparedDocument],
    coded: Mapping[Any, Mapping[Any, Mapping[str, Sequence[Span]]]],
    coders: Sequence[str],
    codes: Sequence[Hashable],
) -> tuple[list[CodeAgreement], CodeAgreement]:
    """Per-code agreement for ``codes`` (in that order) and the pooled figures.

    ``coded`` maps code -> document key -> coder -> unit spans.
    """
    if len(set(coders)) < 2:
        raise ValueError("agreement needs at least two different coders")
    baselines = _baselines(documents, coders)
    by_key = {d.key: d for d in documents}
    results = [code_agreement(c, by_key, coded.get(c, {}), coders, baselines) for c in codes]
    pooled_counts: AlphaCounts = {}
    pooled_tables: dict[tuple[str, str], list[PairTable]] = {p: [] for p in pairs_of(coders)}
    pooled_pairs = {p: PairTable(0, 0, 0, 0) for p in pairs_of(coders)}
    for result in results:
        for key, units in result.alpha_counts.items():
            pooled_counts[key] = pooled_counts.get(key, 0) + units
        for pair, table in result.pairs.items():
            pooled_tables[pair].append(table)
            pooled_pairs[pair] = pooled_pairs[pair] + table
    pooled = CodeAgreement(
        code=None,
        units=results[0].units if results else 0,
        pairs=pooled_pairs,
        alpha_counts=pooled_counts,
        pooled_tables=pooled_tables,
    )
    return results, pooled
