from __future__ import annotations

import unicodedata
from typing import Any

import pytest

from mutualscope.domain.text import normalise_text as domain_normalise
from mutualscope.io.refi import offsets
from mutualscope.io.refi.model import RefiSelection, RefiTextSource
from mutualscope.io.refi.offsets import map_source, normalise_text


@pytest.mark.parametrize(
    "raw",
    [
        "plain ascii",
        "a\r\nb\r\nc",
        "\ufeffbom then text\r\n",
        "lone\rcarriage\u2028separator\x0cfeed",
        "control\x07chars\x00gone",
        unicodedata.normalize("NFD", "café naïve Ångström"),
        "emoji 😀 and 👩‍👩‍👧 family",
    ],
)
def test_offsets_normalise_like_the_domain_and_map_every_character(raw: str) -> None:
    text, mapping = normalise_text(raw)
    assert text == domain_normalise(raw)
    assert mapping(0) == 0
    assert mapping(len(raw)) == len(text)
    positions = [mapping(i) for i in range(len(raw) + 1)]
    assert positions == sorted(positions)


def _source(raw: str, quote: str, *, name: str | None = None, bom: bool = False) -> RefiTextSource:
    start = raw.index(quote)
    selection = RefiSelection(guid="s", start=start, end=start + len(quote), name=name)
    return RefiTextSource(guid="g", name="doc", text=raw, had_bom=bom, selections=[selection])


def test_offsets_crlf_counted_as_two_map_onto_the_same_quote() -> None:
    raw = "Line one\r\nLine two with the quote\r\nLine three"
    mapped = map_source(_source(raw, "the quote\r\nLine"))
    start, end = mapped.spans["s"]
    assert mapped.text[start:end] == "the quote\nLine"


def test_offsets_crlf_counted_as_one_is_detected_from_selection_names() -> None:
    on_disk = "Intro line\r\nSecond line\r\nThird: the passage we coded\r\nEnd"
    counted = on_disk.replace("\r\n", "\n")
    start = counted.index("the passage we coded")
    selection = RefiSelection(guid="s", start=start, end=start + 20, name="the passage we coded")
    source = RefiTextSource(guid="g", name="doc", text=on_disk, selections=[selection])
    mapped = map_source(source)
    assert mapped.counting == "code points, CR LF counted as one"
    s, e = mapped.spans["s"]
    assert mapped.text[s:e] == "the passage we coded"


def test_offsets_a_counted_bom_is_detected() -> None:
    raw = "Opening words, then the part that matters."
    quote = "the part that matters"
    start = raw.index(quote) + 1  # the exporter counted the BOM
    selection = RefiSelection(guid="s", start=start, end=start + len(quote), name=quote)
    source = RefiTextSource(guid="g", name="d", text=raw, had_bom=True, selections=[selection])
    mapped = map_source(source)
    s, e = mapped.spans["s"]
    assert mapped.text[s:e] == quote


def test_offsets_decomposed_text_maps_onto_composed_text() -> None:
    raw = unicodedata.normalize("NFD", "Le café où naît l'idée")
    quote = unicodedata.normalize("NFD", "naît l'idée")
    mapped = map_source(_source(raw, quote))
    s, e = mapped.spans["s"]
    assert mapped.text[s:e] == "naît l'idée"


def test_offsets_spans_outside_the_text_are_reported_not_mapped() -> None:
    source = RefiTextSource(
        guid="g",
        name="d",
        text="short",
        selections=[
            RefiSelection(guid="past", start=2, end=99),
            RefiSelection(guid="negative", start=-1, end=2),
            RefiSelection(guid="reversed", start=4, end=2),
            RefiSelection(guid="fine", start=0, end=5),
        ],
    )
    mapped = map_source(source)
    assert set(mapped.spans) == {"fine"}
    assert {s.guid for s, _reason in mapped.out_of_range} == {"past", "negative", "reversed"}
    assert any("does not lie inside the text" in r for _s, r in mapped.out_of_range)


def test_offsets_utf16_code_units_are_detected_from_selection_names() -> None:
    raw = "Staff 🙂 said: 👩‍⚕️ nurses own the service now, and 🙂 again."
    quote = "nurses own the service now"
    start = raw.index(quote)
    astral_before = sum(1 for ch in raw[:start] if ord(ch) > 0xFFFF)
    unit_start = start + astral_before
    selection = RefiSelection(guid="s", start=unit_start, end=unit_start + len(quote), name=quote)
    mapped = map_source(RefiTextSource(guid="g", name="d", text=raw, selections=[selection]))
    assert mapped.counting == "UTF-16 code units"
    s, e = mapped.spans["s"]
    assert mapped.text[s:e] == quote


def test_offsets_one_selection_without_a_name_is_doubtful_when_it_settles_nothing() -> None:
    """Code points give 'nurses', UTF-16 units ' nurse': one cut word is too little
    evidence to place a coding without telling anyone."""
    raw = "Staff 🙂 said: nurses own the service."
    start = raw.index("nurses")
    selection = RefiSelection(guid="s", start=start, end=start + 6, name="")
    mapped = map_source(RefiTextSource(guid="g", name="d", text=raw, selections=[selection]))
    assert mapped.counting == "code points"
    s, e = mapped.spans["s"]
    assert mapped.text[s:e] == "nurses"
    doubt = mapped.doubtful["s"]
    assert "no counting is clearly best" in doubt.reason
    assert doubt.alternatives == [("UTF-16 code units", " nurse")]


def test_offsets_words_on_boundaries_settle_utf16_units_without_names() -> None:
    raw = "Staff 🙂 said: nurses 👩‍⚕️ own the service 🙂 now, and 𝔘𝔫𝔦𝔱𝔶 matters to them."
    quotes = ["nurses", "own the service", "now", "matters to them"]
    selections = []
    for n, quote in enumerate(quotes):
        start = raw.index(quote)
        units = len(raw[:start].encode("utf-16-le")) // 2
        selections.append(RefiSelection(guid=f"s{n}", start=units, end=units + len(quote)))
    mapped = map_source(RefiTextSource(guid="g", name="d", text=raw, selections=selections))
    assert mapped.counting == "UTF-16 code units"
    assert [mapped.text[s:e] for s, e in mapped.spans.values()] == quotes
    assert mapped.doubtful == {}
    assert "4 start and end on word or line boundaries" in mapped.reason


def test_offsets_a_name_that_matches_no_counting_is_doubtful() -> None:
    raw = "Plain words here, and more plain words there."
    selection = RefiSelection(guid="s", start=0, end=11, name="Something else entirely")
    mapped = map_source(RefiTextSource(guid="g", name="d", text=raw, selections=[selection]))
    s, e = mapped.spans["s"]
    assert mapped.text[s:e] == "Plain words"
    assert "does not match its words under any counting" in mapped.doubtful["s"].reason


def test_offsets_names_that_match_nothing_build_the_other_readings_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Tools that name selections "Selection 1", "Selection 2" ... make every selection
    doubtful; the readings each would be checked under are built once, not per selection
    (each holds a copy of the text)."""
    raw = "Staff 🙂 said: nurses own the service.\r\n" * 500
    selections = [
        RefiSelection(guid=f"s{n}", start=0, end=5, name=f"Selection {n}") for n in range(2000)
    ]
    source = RefiTextSource(guid="g", name="d", text=raw, selections=selections)
    calls: list[object] = []
    real = offsets.list_readings

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(offsets, "list_readings", counted)
    mapped = map_source(source)
    assert len(mapped.doubtful) == 2000 and len(calls) <= 2
    assert "does not match its words under any counting" in mapped.doubtful["s7"].reason
    s, e = mapped.spans["s7"]
    assert mapped.text[s:e] == "Staff"
