"""Erasing spans of a text: the marker, offsets around it, and quotes found elsewhere."""

from __future__ import annotations

import pytest

from mutualscope.domain.erasure import WITHDRAWN, erase_spans, quoted_spans

TEXT = "Int: Why? 😀\nCEO: We kept the lantern lit, quietly.\nInt: And then? 𝔘\nCEO: Yes.\n"


def test_withdraw_erasure_moves_offsets_and_keeps_other_words() -> None:
    first = (TEXT.index("We"), TEXT.index("\nInt: And"))
    second = (TEXT.index("Yes"), TEXT.index("Yes") + 4)
    erased = erase_spans(TEXT, [second, first])
    assert erased.text == f"Int: Why? 😀\nCEO: {WITHDRAWN}\nInt: And then? 𝔘\nCEO: {WITHDRAWN}\n"
    for words in ("Why? 😀", "And then? 𝔘", "Int:"):
        start = TEXT.rindex(words)
        span = erased.span(start, start + len(words))
        assert span is not None and erased.text[span[0] : span[1]] == words
    # A span inside an erased one has nothing left; one reaching into it is cut at it.
    assert erased.span(first[0] + 3, first[0] + 9) is None
    start = TEXT.index("Why")
    cut = erased.span(start, first[0] + 5)
    assert cut is not None and erased.text[cut[0] : cut[1]] == "Why? 😀\nCEO: "
    assert erased.touches(first[0] - 1, first[0] + 1) and not erased.touches(0, first[0])


def test_withdraw_erasure_joins_overlaps_and_refuses_spans_outside() -> None:
    erased = erase_spans("abcdefghij", [(2, 5), (4, 7), (7, 8), (9, 9)])
    assert erased.text == f"ab{WITHDRAWN}ij" and erased.old == ((2, 8),)
    with pytest.raises(ValueError, match="outside"):
        erase_spans("abc", [(1, 9)])


def test_withdraw_quoted_spans_find_four_words_in_a_row_however_written() -> None:
    said = ["We kept the lantern lit, quietly, as the board didn’t know.", "Yes, I agree."]
    memo = 'CEO: “we KEPT the  lantern” — and "the board didn\'t know". I agree, yes.'
    spans = quoted_spans(memo, said)
    assert [memo[s:e] for s, e in spans] == ["we KEPT the  lantern", "the board didn't know"]
    assert quoted_spans("Nothing like it here at all.", said) == []
