"""Scoring findings against identifiers marked by hand."""

from __future__ import annotations

import pytest

from mutualscope.domain.protection.evaluation import locate, score_document, total
from mutualscope.domain.protection.findings import make_finding
from mutualscope.errors import InvalidInput

TEXT = "Sarah Jenkins met Mark in Luton. Mark called 07700 900123."


def test_locate_counts_occurrences_from_one() -> None:
    second = locate(TEXT, "person", "Mark", 2, "x.json")
    assert TEXT[second.start : second.end] == "Mark" and second.start == TEXT.rindex("Mark")


def test_locate_says_what_is_wrong() -> None:
    with pytest.raises(InvalidInput, match=r"x.json: 'Mark' is not written 3 time\(s\)"):
        locate(TEXT, "person", "Mark", 3, "x.json")
    with pytest.raises(InvalidInput, match="unknown kind 'name'"):
        locate(TEXT, "name", "Mark", 1, "x.json")


def test_score_exact_overlap_and_covered() -> None:
    marked = [
        locate(TEXT, "person", "Sarah Jenkins", 1, ""),
        locate(TEXT, "person", "Mark", 1, ""),
        locate(TEXT, "place", "Luton", 1, ""),
        locate(TEXT, "person", "Mark", 2, ""),
        locate(TEXT, "phone", "07700 900123", 1, ""),
    ]
    found = [
        make_finding(TEXT, 0, 5, "person", 0.9, "rule", "t"),  # "Sarah": overlap only
        make_finding(TEXT, 18, 22, "person", 0.9, "rule", "t"),  # "Mark": exact
        make_finding(TEXT, 26, 31, "organisation", 0.9, "rule", "t"),  # Luton, wrong kind
        make_finding(TEXT, 45, 57, "phone", 0.9, "rule", "t"),  # exact
        make_finding(TEXT, 9, 13, "email", 0.9, "rule", "t"),  # overlaps a person: wrong kind
    ]
    scores = total([score_document(marked, found, "doc")])
    person = scores["person"]
    assert (person.marked, person.found) == (3, 2)
    assert (person.recalled_exact, person.recalled_overlap, person.covered) == (1, 2, 2)
    assert person.recall_overlap == pytest.approx(2 / 3)
    assert person.precision_exact == 0.5 and person.precision_overlap == 1.0
    assert person.missed == ["doc@33: 'Mark'"]
    assert scores["place"].recall_overlap == 0 and scores["place"].recall_covered == 1
    assert scores["organisation"].precision_overlap == 0
    assert scores["structured"].marked == 1 and scores["structured"].found == 2
    assert scores["structured"].precision_overlap == 0.5
    assert scores["all"].marked == 5 and scores["all"].found == 5
    assert scores["ni-number"].recall_overlap is None
