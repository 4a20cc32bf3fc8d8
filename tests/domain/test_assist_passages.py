"""Passages for the embedding model: short turns whole, long turns in sentence runs."""

from __future__ import annotations

from mutualscope.domain.embedding_passages import PIECE_WORDS, passage_spans, sentence_spans


def test_sentence_spans_keep_closing_quotes_and_split_at_line_breaks() -> None:
    text = 'He said "we can." Then left!\nNew line… and “more.” End'
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == [
        'He said "we can."',
        "Then left!",
        "New line…",
        "and “more.”",
        "End",
    ]


def test_short_turn_is_one_passage_trimmed() -> None:
    text = "  Yes. We took risks 🙂 and it paid off.\r\n"
    start, end = passage_spans(text, 0, len(text))[0]
    assert text[start:end] == "Yes. We took risks 🙂 and it paid off."


def test_long_turn_is_cut_into_whole_sentences_of_about_piece_words() -> None:
    sentence = "Staff on the wards were given room to try things out ourselves."  # 12 words
    text = "Ok. " + " ".join([sentence] * 12) + " Yes."
    spans = passage_spans(text, 0, len(text))
    pieces = [text[s:e] for s, e in spans]
    assert len(pieces) > 1
    assert pieces[0].startswith("Ok. Staff")  # a short sentence joins its neighbour
    assert pieces[-1].endswith("ourselves. Yes.")
    assert all(len(p.split()) <= PIECE_WORDS + 6 for p in pieces)
    assert " ".join(pieces) == text  # nothing lost, nothing twice


def test_offsets_are_into_the_document_not_the_turn() -> None:
    text = "INTERVIEWER: Hello?\nWe spun out in 2011."
    start = text.index("We")
    assert passage_spans(text, start, len(text)) == [(start, len(text))]


def test_empty_or_blank_turn_has_no_passage() -> None:
    assert passage_spans("   \n\t ", 0, 6) == []
