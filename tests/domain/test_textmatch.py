"""Tolerant matching of exported passages against a document's stored text."""

from __future__ import annotations

import pytest

from mutualscope.domain.textmatch import (
    FoldedText,
    MatchableText,
    Passage,
    fold,
    match_span,
    place_passage,
)
from mutualscope.errors import InvalidInput

# A stored transcript as a PDF conversion leaves it: tabs between words, a word
# hyphenated at a line end, curly quotes, an en dash, a non-breaking space, a soft
# hyphen and an emoji (one code point in Python, two UTF-16 units elsewhere).
DOCUMENT = (
    "Interviewer:\tHow did the spin-out start?\n"
    "CEO:\tWe didn\u2019t ask permission \U0001f642 \u2013 the organi-\n"
    "sation used its \u201csurplus\u201d to pay for the pilot.\n"
    "Nurse:\tStaff\u00a0felt it was their own organi\u00adsation\u2026\n"
    "\n"
    "CEO:\tThe surplus went back into services.\n"
)


def placed(text: str, passage: Passage) -> str:
    placement = place_passage(text, passage)
    assert placement.span is not None, placement.problem
    start, end = placement.span
    return text[start:end]


def test_fold_ignores_whitespace_quotes_dashes_and_hyphenation() -> None:
    assert fold("  the  organi-\r\nsation\u2019s \u201cway\u201d ") == 'the organisation\'s "way"'
    assert fold("staff\u2013owned") == fold("staff-owned") == fold("staff - owned")
    assert fold("e\u0301") == "\u00e9"  # decomposed accents from macOS compare as composed
    assert fold("\ufb01nance\u2026") == "finance..."


def test_textmatch_places_a_passage_on_the_documents_own_characters() -> None:
    words = placed(
        DOCUMENT,
        Passage('We didn\'t ask permission \U0001f642 - the organisation used its "surplus"'),
    )
    assert words == (
        "We didn\u2019t ask permission \U0001f642 \u2013 the organi-\n"
        "sation used its \u201csurplus\u201d"
    )


def test_textmatch_span_ends_on_real_characters_not_on_folded_ones() -> None:
    # The row's passage has a line break and trailing spaces; the span must not.
    assert placed(DOCUMENT, Passage("  Staff felt it\nwas their own organisation...  ")) == (
        "Staff\u00a0felt it was their own organi\u00adsation\u2026"
    )
    assert placed(DOCUMENT, Passage("own organisation")) == "own organi\u00adsation"


def test_textmatch_offsets_count_code_points_after_an_astral_character() -> None:
    placement = place_passage(DOCUMENT, Passage("the organisation used"))
    assert placement.span is not None
    start, end = placement.span
    assert DOCUMENT[start:end] == "the organi-\nsation used"
    # Python offsets: the emoji before the passage counts as one.
    assert start == DOCUMENT.index("the organi-")


def test_textmatch_prefers_an_exact_match() -> None:
    text = 'We \u201csaved\u201d money. We "saved" money.'
    placement = place_passage(text, Passage('We "saved" money.'))
    assert placement.exact and placement.span == (18, 35)
    assert placement.places == 1


def test_textmatch_lists_every_place_of_an_ambiguous_passage() -> None:
    text = ("The surplus.\n" + "x" * 1200) * 3
    placement = place_passage(text, Passage("The  surplus"))  # not exact: two spaces
    assert placement.span is None
    assert placement.problem == (
        "matches 3 places: 0, 1,213, 2,426; add context or an occurrence number"
    )
    assert place_passage(text, Passage("The surplus", occurrence=2)).span == (1213, 1224)
    problem = place_passage(text, Passage("The surplus", occurrence=4)).problem
    assert problem == "occurrence 4 was asked for, but it matches 3 place(s): 0, 1,213, 2,426"


def test_textmatch_context_settles_an_ambiguous_passage() -> None:
    text = "Austerity: the surplus went.\nGrowth: the surplus grew.\n"
    assert place_passage(text, Passage("the surplus", before="Growth:")).span == (37, 48)
    assert place_passage(text, Passage("the surplus", after="went")).span == (11, 22)
    # Context folded too: curly quotes and a line break in it still fit.
    assert place_passage(text, Passage("the surplus", before="\u201cGrowth:\u201d")).span is None
    assert place_passage(text, Passage("the  surplus", before="went.\r\nGrowth:")).span == (
        37,
        48,
    )
    problem = place_passage(text, Passage("the surplus", before="Nothing like it")).problem
    assert problem is not None and "the context given fits none of them" in problem


def test_textmatch_paragraph_numbers_settle_an_ambiguous_passage() -> None:
    text = "Q: Funding?\nA: The surplus.\n\nQ: And then?\nA: The surplus.\n"
    # MAXQDA counts every line; some exports drop blank lines: either numbering fits.
    assert place_passage(text, Passage("The surplus", paragraphs=(5, 5))).span == (45, 56)
    assert place_passage(text, Passage("The surplus", paragraphs=(4, 4))).span == (45, 56)
    assert place_passage(text, Passage("The surplus", paragraphs=(2, 2))).span == (15, 26)
    problem = place_passage(text, Passage("The surplus", paragraphs=(9, 9))).problem
    assert problem is not None and "none of them lies in paragraphs 9-9" in problem


def test_textmatch_says_where_a_passage_stops_matching() -> None:
    problem = place_passage(DOCUMENT, Passage("The surplus went back into schools.")).problem
    assert problem is not None
    assert problem.startswith("does not occur in the document")
    assert "first 27 of 35 characters match at 191" in problem
    assert "'schools.'" in problem and "'services.'" in problem
    problem = place_passage(DOCUMENT, Passage("Completely different words")).problem
    assert problem is not None and problem.endswith("is it the right document?")


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_textmatch_refuses_an_empty_passage(text: str) -> None:
    assert place_passage(DOCUMENT, Passage(text)).problem == "the passage's text is empty"


def test_folded_text_maps_every_folded_character_back() -> None:
    text = "a  b\u2013c\u2026 d\u00ade \ufb01"
    folded = FoldedText(text)
    assert folded.text == "a bc... de fi"
    originals = [folded.original_offset(i) for i in range(len(folded.text))]
    assert originals == [0, 1, 3, 5, 6, 6, 6, 7, 8, 10, 11, 12, 12]


def test_matchable_text_places_many_passages_in_one_text() -> None:
    matchable = MatchableText(DOCUMENT)
    assert matchable.place(Passage("surplus went back")).exact
    assert matchable.place(Passage("their  own")).span is not None
    assert matchable.place(Passage("their own")).exact


def test_match_span_keeps_exact_matches_and_falls_back_to_folding() -> None:
    text = "We said \u201cno\u201d. We said no. We said no."
    # Exact first, as `codings add --match` always did: two exact places are ambiguous
    # even though the folded text has three.
    with pytest.raises(InvalidInput, match="ambiguous: it occurs 2 times"):
        match_span(text, "We said no.")
    assert match_span(text, "We said no.", occurrence=2) == (26, 37)
    assert match_span(text, 'We said "no".') == (0, 13)
    with pytest.raises(InvalidInput, match="does not occur in the document"):
        match_span(text, "We said yes.")


def test_match_span_lists_the_places_of_a_folded_match() -> None:
    text = "the \u201csurplus\u201d\nthe \u201csurplus\u201d"
    with pytest.raises(InvalidInput) as raised:
        match_span(text, 'the "surplus"')
    assert str(raised.value) == (
        "The text 'the \"surplus\"' is ambiguous: it matches 2 places (0, 14) once spaces, "
        "quotes and dashes are ignored. Give a longer text, an occurrence number, or "
        "--start/--end."
    )
    assert match_span(text, 'the "surplus"', occurrence=2) == (14, 27)
