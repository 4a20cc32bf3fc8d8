"""The pure parts of the Taguette driver (the server itself runs only in `make bench`)."""

from __future__ import annotations

from bench import taguette


def test_html_text_joins_text_nodes_and_decodes_entities() -> None:
    html = "<p><strong>Interviewer:</strong> Fish &amp; chips?</p>\n<p>CEO: Yes.</p>"
    assert taguette.html_text(html) == "Interviewer: Fish & chips?\nCEO: Yes."


def test_turn_offsets_finds_turns_in_order_and_skips_missing() -> None:
    plain = "A: one two.\nB: one two.\nA: three."
    assert taguette.turn_offsets(plain, ["one two.", "one two.", "gone", "three."]) == [
        3,
        15,
        None,
        27,
    ]


def test_byte_offset_counts_utf8_bytes() -> None:
    assert taguette.byte_offset("abc", 2) == 2
    assert taguette.byte_offset("£ab", 2) == 3  # "£" is two bytes in UTF-8


def test_launcher_disables_the_news_fetch() -> None:
    # Taguette fetches news from its website once a day; the benchmark stays on loopback.
    assert "check_messages = lambda self: None" in taguette.LAUNCHER
