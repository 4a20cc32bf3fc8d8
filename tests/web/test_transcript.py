from __future__ import annotations

from mutualscope.services.documents import SegmentView
from mutualscope.services.highlights import Highlight
from mutualscope.web.transcript import clock, pieces_of, transcript_blocks

TEXT = "A: one two\nB: three four\n"


def segment(position: int, start: int, end: int, speaker: str) -> SegmentView:
    return SegmentView(
        id=position,
        position=position,
        start=start,
        end=end,
        text=TEXT[start:end],
        speaker=speaker,
        participant_id=None,
        participant=None,
        role=None,
        role_group=None,
        external=None,
        case=None,
        time_start=None,
        time_end=None,
    )


def mark(coding_id: int, start: int, end: int, code_id: int) -> Highlight:
    return Highlight(coding_id, start, end, code_id, f"c{code_id}", None, None, None, None, 0)


SEGMENTS = [segment(0, 3, 11, "A"), segment(1, 14, 25, "B")]


def test_transcript_pieces_cover_the_text_once() -> None:
    highlights = [mark(1, 3, 20, 7), mark(2, 7, 10, 8)]
    pieces = pieces_of(TEXT, SEGMENTS, highlights)
    assert "".join(p.text for p in pieces) == TEXT
    by_text = {p.text: (p.coding_ids, p.code_id) for p in pieces}
    assert by_text["one "] == ((1,), 7)
    assert by_text["two"] == ((1, 2), 8)  # the shorter coding gives the colour
    assert by_text["\n"] == ((1,), 7)
    assert by_text["four\n"] == ((), None)


def test_transcript_blocks_follow_turns_and_hide_labels() -> None:
    blocks = transcript_blocks(TEXT, SEGMENTS, [mark(1, 8, 16, 7)])
    speakers = [b.segment.speaker if b.segment else None for b in blocks]
    assert speakers == [None, "A", None, "B"]
    assert [b.label_only for b in blocks] == [True, False, True, False]
    assert blocks[1].pieces[0].start == 3
    assert all(p.start >= 14 for p in blocks[3].pieces)


def test_transcript_clock() -> None:
    assert clock(None) is None
    assert clock(75.5) == "1:15"
    assert clock(3725) == "1:02:05"


def test_transcript_unsure_words_are_pieces_of_their_own_inside_codings_too() -> None:
    from mutualscope.web.transcript import pieces_html

    # "two" (7-10) is unsure and coded; "three" (14-19) unsure and not coded.
    pieces = pieces_of(TEXT, SEGMENTS, [mark(1, 3, 11, 7)], [(7, 10, 0.31), (14, 19, 0.4)])
    assert "".join(p.text for p in pieces) == TEXT
    unsure = [(p.text, p.unsure, p.coding_ids) for p in pieces if p.unsure is not None]
    assert unsure == [("two", 0.31, (1,)), ("three", 0.4, ())]
    html = str(pieces_html(pieces))
    assert (
        '<span data-s="7" class="hl code-7 unsure" data-c="1" title="unsure: 31% confidence"'
        ' aria-description="unsure: 31% confidence">two</span>'
    ) in html
    assert '<span data-s="14" class="unsure" title="unsure: 40% confidence"' in html


def test_transcript_a_run_of_coded_pieces_is_one_focusable_mark_with_all_its_codings() -> None:
    from mutualscope.web.transcript import pieces_html

    # Codings 1 (3-11) and 2 (7-15) overlap: one run from 3 to 15 holds both.
    pieces = pieces_of(TEXT, SEGMENTS, [mark(1, 3, 11, 7), mark(2, 7, 15, 8)])
    html = str(pieces_html(pieces))
    assert html.count("<mark") == 1
    run = html[html.index("<mark") : html.index("</mark>")]
    assert run.startswith('<mark class="run" tabindex="0" data-c="1 2">')
    inside = "".join(p.text for p in pieces if p.coding_ids)
    assert inside == TEXT[3:15]
    assert all(f'data-s="{p.start}"' in run for p in pieces if p.coding_ids)
    assert 'data-s="0"' not in run
