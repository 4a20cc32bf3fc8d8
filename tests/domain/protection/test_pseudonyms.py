"""Pseudonyms and the offset map from an original text to its pseudonymised layer."""

from __future__ import annotations

import pytest

from mutualscope.domain.protection.pseudonyms import (
    OffsetMap,
    Replacement,
    generic_pseudonym,
    letters,
    original_key,
    participant_pseudonym,
    pseudonymise,
    replace_known,
)

TEXT = "Sarah Jones said the budget was cut by Luton Council. Ask Sarah."


def _layer() -> tuple[str, OffsetMap]:
    layer = pseudonymise(
        TEXT,
        [
            Replacement(0, 11, "[CEO, case 3]"),
            Replacement(39, 52, "[Organisation 1]"),
            Replacement(58, 63, "[CEO, case 3]"),
        ],
    )
    return layer.text, layer.offsets


def test_pseudonymise_replaces_each_span() -> None:
    text, _ = _layer()
    assert text == "[CEO, case 3] said the budget was cut by [Organisation 1]. Ask [CEO, case 3]."


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        (0, 35, "[CEO, case 3] said the budget was cut"),  # a coding that starts on a name
        (6, 11, "[CEO, case 3]"),  # part of a name: the whole pseudonym
        (12, 38, "said the budget was cut by"),  # between two replacements
        (12, 39, "said the budget was cut by "),  # ending on a replacement's start
        (45, 64, "[Organisation 1]. Ask [CEO, case 3]."),  # from inside one past another
        (53, 57, " Ask"),
    ],
)
def test_offset_map_keeps_the_words_of_a_coding(start: int, end: int, words: str) -> None:
    text, offsets = _layer()
    new_start, new_end = offsets.span(start, end)
    assert text[new_start:new_end] == words


def test_overlapping_replacements_the_longer_wins() -> None:
    layer = pseudonymise(
        "Dr Sarah Jones rang.",
        [Replacement(3, 8, "[P]"), Replacement(0, 14, "[Person 1]"), Replacement(9, 14, "[Q]")],
    )
    assert layer.text == "[Person 1] rang."
    assert layer.offsets.spans == ((0, 14, 0, 10),)


def test_replacements_outside_the_text_are_left_out() -> None:
    assert pseudonymise("abc", [Replacement(2, 9, "x"), Replacement(1, 1, "y")]).text == "abc"


def test_original_key_folds_case_space_and_possessives() -> None:
    assert original_key("Sarah's") == original_key("SARAH") == "sarah"
    assert original_key("Sarah\nJones") == "sarah jones"
    assert original_key("the Jones'") == "the jones"
    assert original_key("Dave’s") == "dave"


def test_generic_pseudonyms_by_kind() -> None:
    assert generic_pseudonym("person", 7) == "[Person 7]"
    assert generic_pseudonym("organisation", 14) == "[Organisation 14]"
    assert generic_pseudonym("place", 1) == "[Town A]"
    assert generic_pseudonym("place", 28) == "[Town AB]"
    assert generic_pseudonym("email", 3) == "[email]"
    assert generic_pseudonym("nhs-number", 2) == "[NHS number]"
    assert [letters(n) for n in (1, 26, 27, 52, 53)] == ["A", "Z", "AA", "AZ", "BA"]


def test_participant_pseudonym_by_role_and_case_unique() -> None:
    assert participant_pseudonym("(CEO, case 3)", set()) == "[CEO, case 3]"
    taken = {"[Nurse, case 1]", "[Nurse 2, case 1]"}
    assert participant_pseudonym("(Nurse, case 1)", taken) == "[Nurse 3, case 1]"
    assert participant_pseudonym("(Commissioner)", {"[Commissioner]"}) == "[Commissioner 2]"


def test_replace_known_whole_words_any_case_keeps_possessive() -> None:
    key = {"Sarah Jones": "[CEO, case 3]", "Sarah": "[CEO, case 3]", "Luton": "[Town A]"}
    assert (
        replace_known("sarah's team met SARAH  JONES in Luton, not Lutonia.", key)
        == "[CEO, case 3]'s team met [CEO, case 3] in [Town A], not Lutonia."
    )
    assert replace_known("", key) == ""
