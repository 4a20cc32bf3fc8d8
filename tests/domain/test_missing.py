import pytest

from mutualscope.domain.missing import BadValue, clean, is_missing


@pytest.mark.parametrize(
    "text", ["", "  ", None, "n/a", "N/A", "Not known", "unknown", "-", "#N/A"]
)
def test_is_missing_recognises_blanks_and_unknowns(text: object) -> None:
    assert is_missing(text)


@pytest.mark.parametrize("text", ["0", "no", "None of the above", "London"])
def test_is_missing_keeps_real_values(text: str) -> None:
    assert not is_missing(text)


def test_clean_collapses_inner_space_and_trims() -> None:
    assert clean("  East \t of\u00a0 England \n") == "East of England"
    assert clean(2011) == "2011"


def test_bad_value_carries_what_is_expected() -> None:
    error = BadValue("lots", "a number")
    assert error.expected == "a number" and "lots" in str(error)
