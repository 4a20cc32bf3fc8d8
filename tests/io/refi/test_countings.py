from __future__ import annotations

import random

import pytest

from mutualscope.io.refi import countings
from mutualscope.io.refi.countings import UTF8, UTF16, UnitIndex, Utf8Index, list_readings
from mutualscope.io.refi.model import RefiTextSource


def _labels(text: str, *, bom: bool = False) -> list[str]:
    return [
        r.label for r in list_readings(RefiTextSource(guid="g", name="d", text=text, had_bom=bom))
    ]


def test_countings_that_read_a_text_alike_are_one_reading() -> None:
    assert _labels("plain ascii\nlines") == ["code points"]
    # Accents: UTF-16 units are code points here, UTF-8 bytes are not.
    assert _labels("café\nclub") == ["code points", "UTF-8 bytes"]
    assert _labels("emoji 🙂 and 𝔘") == ["code points", "UTF-16 code units", "UTF-8 bytes"]
    assert _labels("a\r\nb") == [
        "code points, CR LF counted as two",
        "code points, CR LF counted as one",
    ]
    assert _labels("x", bom=True) == ["code points", "code points, byte-order mark counted"]


def test_countings_every_counting_belongs_to_one_reading() -> None:
    source = RefiTextSource(guid="g", name="d", text="é 🙂\r\n", had_bom=True)
    options = list_readings(source)
    assert len(options) == 12
    covered = [c for r in options for c in r.same_as]
    assert sorted(covered) == list(countings.ALL_COUNTINGS)


@pytest.mark.parametrize(
    ("unit", "encoding", "width"), [(UTF16, "utf-16-le", 2), (UTF8, "utf-8", 1)]
)
def test_countings_unit_offsets_map_to_code_points(
    monkeypatch: pytest.MonkeyPatch, unit: str, encoding: str, width: int
) -> None:
    """Every offset maps to its code point; one inside a character is flagged and taken
    to the character's start. Short checkpoints put chunk edges inside characters too."""
    monkeypatch.setattr(countings, "_CHECKPOINT", 7)
    rng = random.Random(unit)
    alphabet = "ab é€𝔘🙂\r\n\u0301"
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 120)))
        index = Utf8Index(text) if unit == UTF8 else UnitIndex(text, unit)
        starts = {len(text[:i].encode(encoding)) // width: i for i in range(len(text) + 1)}
        assert index.length == len(text.encode(encoding)) // width
        for offset in range(index.length + 1):
            point, whole = index.index(offset)
            if offset in starts:
                assert (point, whole) == (starts[offset], True)
            else:
                assert (point, whole) == (max(i for o, i in starts.items() if o < offset), False)


def test_countings_a_reading_refuses_spans_outside_its_text() -> None:
    (reading,) = [
        r
        for r in list_readings(RefiTextSource(guid="g", name="d", text="𝔘𝔫𝔦"))
        if r.counting.unit == UTF16
    ]
    assert reading.index.length == 6
    assert reading.span(0, 6) == (0, 3, True)
    assert reading.span(1, 4) == (0, 2, False)
    assert reading.span(0, 7) is None and reading.span(3, 3) is None and reading.span(-1, 2) is None
