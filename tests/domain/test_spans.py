from __future__ import annotations

import pytest

from mutualscope.domain.spans import (
    containing_index,
    coverage_histogram,
    find_match,
    intersection_length,
    merge_spans,
    overlaps,
    total_length,
    validate_span,
)
from mutualscope.errors import InvalidInput


def test_validate_span_accepts_whole_text_and_refuses_bad_offsets() -> None:
    assert validate_span(0, 5, 5) == (0, 5)
    for start, end in [(-1, 3), (2, 6), (4, 2), (3, 3)]:
        with pytest.raises(InvalidInput):
            validate_span(start, end, 5)


def test_validate_span_names_every_problem() -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_span(-2, 9, 5)
    assert "negative" in str(caught.value) and "past the end" in str(caught.value)


def test_find_match_counts_code_points_not_bytes() -> None:
    text = "Café — “we didn't ask permission”"
    start, end = find_match(text, "we didn't ask")
    assert text[start:end] == "we didn't ask"
    assert start == 8


def test_find_match_refuses_absent_and_ambiguous_text() -> None:
    with pytest.raises(InvalidInput, match="does not occur"):
        find_match("abc", "xyz")
    with pytest.raises(InvalidInput, match="occurs 2 times"):
        find_match("risk and risk", "risk")
    assert find_match("risk and risk", "risk", occurrence=2) == (9, 13)
    with pytest.raises(InvalidInput):
        find_match("risk", "risk", occurrence=2)


def test_merge_and_lengths() -> None:
    assert merge_spans([(5, 8), (0, 2), (1, 3), (8, 9)]) == [(0, 3), (5, 9)]
    assert total_length([(0, 10), (5, 15)]) == 15
    assert intersection_length([(0, 10), (20, 30)], [(5, 25)]) == 10
    assert overlaps((0, 5), (4, 6)) and not overlaps((0, 5), (5, 6))


def test_coverage_histogram_counts_code_points_by_number_of_sources() -> None:
    histogram = coverage_histogram([[(0, 10)], [(5, 15)], [(5, 6), (5, 7)]], length=20)
    # 0-5 A; 5-7 A, B, C; 7-10 A, B; 10-15 B; 15-20 nobody.
    assert histogram == {1: 10, 2: 3, 3: 2, 0: 5}


def test_containing_index() -> None:
    starts, ends = [0, 10, 25], [10, 20, 30]
    assert containing_index(starts, ends, 0) == 0
    assert containing_index(starts, ends, 10) == 1
    assert containing_index(starts, ends, 22) is None
    assert containing_index(starts, ends, 30) is None
