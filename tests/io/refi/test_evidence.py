from __future__ import annotations

import random
import unicodedata

from mutualscope.io.refi.evidence import choose_countings, is_boundary, name_key, name_matches
from mutualscope.io.refi.model import RefiSelection, RefiTextSource


def _utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


def _source(guid: str, text: str, quotes: list[str], *, units: bool = True) -> RefiTextSource:
    """A source whose selections hold ``quotes``, counted in UTF-16 code units (or code
    points), with empty names as NVivo writes them."""
    selections = []
    for n, quote in enumerate(quotes):
        start = text.index(quote)
        end = start + len(quote)
        if units:
            start, end = _utf16(text, start), _utf16(text, end)
        selections.append(RefiSelection(guid=f"{guid}-{n}", start=start, end=end, name=""))
    return RefiTextSource(guid=guid, name=guid, text=text, selections=selections)


def test_evidence_boundaries_fall_between_words_not_inside_them() -> None:
    text = "Staff own it.\r\nCafé 👩‍⚕️ e\u0301"
    assert is_boundary(text, 0) and is_boundary(text, 5) and is_boundary(text, 6)
    assert not is_boundary(text, 2)  # St|aff
    assert not is_boundary(text, text.index("\n"))  # between CR and LF
    assert is_boundary(text, text.index("\r"))
    assert not is_boundary(text, text.index("\u200d"))  # inside the emoji sequence
    assert not is_boundary(text, len(text) - 1)  # between e and its accent
    assert is_boundary(text, text.index("é") + 1)  # Café| then a space
    assert not is_boundary(text, text.index("é"))  # Caf|é
    assert is_boundary(text, len(text))


def test_evidence_names_compare_without_spacing_ellipsis_or_normal_form() -> None:
    expected = name_key("  the  surplus\r\ngoes …")
    assert expected == "the surplus goes"
    assert name_matches(expected, "the surplus\ngoes back")
    assert name_key(unicodedata.normalize("NFD", "café")) == "café"
    assert name_key("ab") is None and name_key("") is None and name_key(None) is None


def test_evidence_the_file_settles_a_source_too_thin_to_settle_itself() -> None:
    rich = (
        "Interviewer: How? 🙂\n"
        "CEO: The 𝔘𝔫𝔦𝔱𝔶 board 👩‍⚕️ gave nurses a voice. 🤔 Staff own it 🙌 now."
    )
    thin = "Minutes 📋 of the board: the surplus is reinvested."
    choices = choose_countings(
        [
            _source(
                "rich", rich, ["The 𝔘𝔫𝔦𝔱𝔶 board", "gave nurses a voice", "Staff own it", "now"]
            ),
            _source("thin", thin, ["the surplus is reinvested"]),
        ]
    )
    assert (choices["rich"].label, choices["rich"].basis) == ("UTF-16 code units", "own")
    assert (choices["thin"].label, choices["thin"].basis) == ("UTF-16 code units", "file")
    assert "the file's other sources" in choices["thin"].reason


def test_evidence_a_source_with_clear_evidence_of_its_own_keeps_it() -> None:
    text = "Café 🙂 talk: the rota was redesigned 🙂 by nurses 🙂 and the board 🙂 agreed."
    quotes = ["the rota was redesigned", "by nurses", "and the board", "agreed"]
    choices = choose_countings(
        [_source("units", text, quotes), _source("points", text, quotes, units=False)]
    )
    assert choices["units"].label == "UTF-16 code units"
    assert choices["points"].label == "code points"
    assert {c.basis for c in choices.values()} == {"own"}


def test_evidence_sloppy_selections_still_give_a_clear_winner() -> None:
    """A fifth of the selections cut a word at one end, as hurried coders do; the right
    counting still wins clearly."""
    rng = random.Random(7)
    words = ["nurses", "🙂", "board", "𝔘𝔫𝔦𝔱𝔶", "surplus", "café", "voice", "👩‍⚕️", "staff"]
    text = " ".join(rng.choice(words) for _ in range(3000))
    starts = [i for i in range(1, len(text)) if text[i - 1] == " "]
    selections = []
    for n in range(300):
        start = rng.choice(starts[:-20])
        end = text.find(" ", start + rng.randint(5, 60))
        if n % 5 == 0:
            end -= 1  # one letter short
        selections.append(
            RefiSelection(guid=str(n), start=_utf16(text, start), end=_utf16(text, end), name="")
        )
    source = RefiTextSource(guid="g", name="d", text=text, selections=selections)
    choice = choose_countings([source])["g"]
    assert (choice.label, choice.basis) == ("UTF-16 code units", "own")


def test_evidence_unsettled_sources_name_their_rivals() -> None:
    text = "Staff 🙂 said: nurses own the service."
    start = text.index("nurses")
    source = RefiTextSource(
        guid="g",
        name="d",
        text=text,
        selections=[RefiSelection(guid="s", start=start, end=start + 6)],
    )
    choice = choose_countings([source])["g"]
    assert choice.unsettled and choice.label == "code points"
    assert [c.unit for c in choice.rivals] == ["UTF-16 code units"]
    assert "no counting is clearly best" in choice.reason
