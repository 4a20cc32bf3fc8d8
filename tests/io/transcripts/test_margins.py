"""Margin numbers found by evidence: runs that count lines or paragraphs, never a number
someone said."""

from __future__ import annotations

from mutualscope.io.transcripts.margins import remove_margin_numbers, single_spaced

SPOKEN = [
    "Interviewer: How many staff moved across?",
    "R1: About",
    "250 staff, and",
    "12 of them were nurses.",
    "Interviewer: And in 2013?",
    "R1: 2013 was harder.",
]


def test_remove_margin_numbers_every_line() -> None:
    numbered = [f"{n}  {line}" for n, line in enumerate(SPOKEN, start=31)]
    cleaned = remove_margin_numbers(numbered)
    assert cleaned.lines == SPOKEN
    assert (cleaned.line_numbers, cleaned.paragraph_numbers) == (6, 0)
    assert cleaned.notes() == ["6 line numbers in the margin left out of the text"]


def test_remove_margin_numbers_every_fifth_line_across_a_page_break() -> None:
    lines = [f"Line {n} of what was said." for n in range(1, 23)]
    printed = [f"{n} {line}" if n % 5 == 0 else line for n, line in enumerate(lines, start=1)]
    printed[12:12] = ["", "Page 2"]  # a page break and a running header between
    cleaned = remove_margin_numbers(printed)
    assert cleaned.line_numbers == 4
    assert [line for line in cleaned.lines if line not in ("", "Page 2")] == lines


def test_remove_margin_numbers_keeps_numbers_that_were_said() -> None:
    cleaned = remove_margin_numbers(SPOKEN)
    assert cleaned.lines == SPOKEN and cleaned.notes() == []
    years = [
        "R1: We grew:",
        "2011 was the spin-out,",
        "2012 the first contract,",
        "2013 the second,",
        "2014 a new board,",
        "2015 a merger.",
        *SPOKEN,
    ]
    assert remove_margin_numbers(years).lines == years


def test_remove_margin_numbers_numbered_paragraphs_keep_a_numbered_list() -> None:
    printed = [
        "12. Interviewer: What made it work?",
        "13. R1: Three things, really:",
        "1. Money: we had a grant.",
        "2. Staff: they wanted it.",
        "3. Time: two years to plan.",
        "14. Interviewer: And what did not?",
        "15. R1: The contract. It was",
        "short.",
    ]
    cleaned = remove_margin_numbers(printed)
    assert cleaned.lines == [
        "Interviewer: What made it work?",
        "R1: Three things, really:",
        "1. Money: we had a grant.",
        "2. Staff: they wanted it.",
        "3. Time: two years to plan.",
        "Interviewer: And what did not?",
        "R1: The contract. It was",
        "short.",
    ]
    assert cleaned.notes() == ["4 paragraph numbers left out of the text"]


def test_remove_margin_numbers_numbered_paragraphs_of_evidence_stay() -> None:
    # Written evidence numbers its paragraphs, and they are cited by number.
    evidence = ["1. Summary of findings.", "2. The landscape.", "3. Innovation.", "4. Barriers."]
    assert remove_margin_numbers(evidence).lines == evidence


def test_single_spaced_tabs_and_runs_of_spaces() -> None:
    assert single_spaced("\tR1:\tWe  had\t \t25 staff ") == "R1: We had 25 staff"
