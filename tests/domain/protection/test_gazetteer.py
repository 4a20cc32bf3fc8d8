"""Looking names up word by word: case, possessives, line breaks, names that are words."""

from __future__ import annotations

from mutualscope.domain.protection.gazetteer import Gazetteer, GazetteerEntry
from mutualscope.domain.protection.kinds import ORGANISATION, PERSON, PLACE


def gazetteer(*entries: tuple[str, str]) -> Gazetteer:
    return Gazetteer([GazetteerEntry(text, kind, "test") for text, kind in entries])


def found(g: Gazetteer, text: str) -> list[tuple[str, str]]:
    return [(f.text, f.kind) for f in g.find(text)]


def test_gazetteer_longest_entry_wins_and_offsets_are_the_texts() -> None:
    g = gazetteer(("Sarah", PERSON), ("Sarah Jenkins", PERSON), ("Luton & Dunstable", ORGANISATION))
    text = "Sarah Jenkins met Sarah at Luton & Dunstable."
    results = g.find(text)
    assert [(f.text, f.kind) for f in results] == [
        ("Sarah Jenkins", PERSON),
        ("Sarah", PERSON),
        ("Luton & Dunstable", ORGANISATION),
    ]
    assert all(text[f.start : f.end] == f.text for f in results)


def test_gazetteer_possessive_left_out_of_the_finding() -> None:
    g = gazetteer(("Grace", PERSON), ("Tomasz", PERSON))
    assert found(g, "Grace's team and Tomasz’s van") == [("Grace", PERSON), ("Tomasz", PERSON)]


def test_gazetteer_name_split_across_lines() -> None:
    g = gazetteer(("Kwame Asante", PERSON), ("Luton Care Partnership", ORGANISATION))
    text = "we had Kwame\nAsante, and the Luton Care\n   Partnership board; not Kwame\n\nAsante."
    assert found(g, text) == [
        ("Kwame\nAsante", PERSON),
        ("Luton Care\n   Partnership", ORGANISATION),
    ]


def test_gazetteer_lower_case_names_count_for_less() -> None:
    g = gazetteer(("Sarah", PERSON), ("Sarah Jenkins", PERSON), ("Green", PERSON))
    results = g.find("when sarah started, sarah jenkins said the green light was on")
    assert [(f.text, f.confidence) for f in results] == [("sarah", 0.8), ("sarah jenkins", 0.8)]


def test_gazetteer_names_that_are_words() -> None:
    g = gazetteer(("Hope", PERSON), ("Mark", PERSON), ("Reading", PLACE))
    text = (
        "Mark: I hope so. We went with Hope to Reading. Reading the bids was hard, and "
        "i went with hope from the diabetes team. Hope said yes. I'd mark that. "
        "Mark's team, Hope, is new."
    )
    sure = [(f.text, f.kind) for f in g.find(text) if f.confidence >= 0.5]
    assert sure == [
        ("Mark", PERSON),  # a speaker label
        ("Hope", PERSON),  # mid-sentence, capitalised
        ("Reading", PLACE),  # after "to"
        ("hope", PERSON),  # lower case, but "with hope from": the project's name in use
        ("Hope", PERSON),  # starts a sentence: "Hope said"
        ("Mark", PERSON),  # possessive
        ("Hope", PERSON),  # spoken to
    ]
    doubtful = [(f.text, f.confidence) for f in g.find(text) if f.confidence < 0.5]
    assert doubtful == [("Reading", 0.4)]  # "Reading the bids" starts a sentence


def test_gazetteer_sentence_start_word_is_doubtful() -> None:
    g = gazetteer(("Will", PERSON), ("Grace", PERSON))
    results = g.find("Will there ever be enough? Grace periods on expenses!")
    assert [(f.text, f.confidence) for f in results] == [("Will", 0.4), ("Grace", 0.4)]


def test_gazetteer_keeps_a_name_once() -> None:
    g = gazetteer(("Sarah", PERSON), ("sarah", PERSON), ("Sarah", PLACE), ("", PERSON))
    assert [(e.text, e.kind) for e in g.entries] == [("Sarah", PERSON), ("Sarah", PLACE)]
    assert len(g) == 2


def test_gazetteer_merged_keeps_both() -> None:
    merged = gazetteer(("Sarah", PERSON)).merged(gazetteer(("Luton", PLACE)))
    assert len(merged) == 2
    assert found(merged, "Sarah in Luton") == [("Sarah", PERSON), ("Luton", PLACE)]
