"""Word times after a correction: kept, shared among new words, or the pause between."""

from __future__ import annotations

import pytest

from mutualscope.domain.wordtimes import TimedWord, retime_words, time_at

OLD = [
    TimedWord("social", 10.0, 10.4, 0.9),
    TimedWord("investment", 10.5, 11.1, 0.42),
    TimedWord("fund.", 11.2, 11.5, 0.95),
]


def test_wordtimes_untouched_words_keep_times_and_confidence() -> None:
    found = retime_words(OLD, ["social", "investors'", "fund."], start=9.0, end=12.0)
    assert found[0] == OLD[0] and found[2] == OLD[2]
    assert found[1] == TimedWord("investors'", 10.5, 11.1, None)


def test_wordtimes_words_replacing_one_share_its_time_by_length() -> None:
    found = retime_words(OLD, ["social", "in", "vestment", "fund."], start=9.0, end=12.0)
    assert [(w.text, w.time_start, w.time_end) for w in found[1:3]] == [
        ("in", 10.5, 10.62),
        ("vestment", 10.62, 11.1),
    ]


def test_wordtimes_added_words_take_the_pause_and_the_ends() -> None:
    found = retime_words(
        OLD, ["a", "social", "investment", "big", "fund.", "now"], start=9.0, end=12.0
    )
    assert (found[0].time_start, found[0].time_end) == (9.0, 10.0)
    assert (found[3].time_start, found[3].time_end) == (11.1, 11.2)
    assert (found[5].time_start, found[5].time_end) == (11.5, 12.0)
    assert [w.text for w in found] == ["a", "social", "investment", "big", "fund.", "now"]


def test_wordtimes_deleted_words_go_and_time_at_is_bounded() -> None:
    assert [w.text for w in retime_words(OLD, ["fund."], start=9.0, end=12.0)] == ["fund."]
    assert time_at(10.0, 20.0, 0.25) == 12.5
    assert time_at(10.0, 20.0, 2) == pytest.approx(20.0)
