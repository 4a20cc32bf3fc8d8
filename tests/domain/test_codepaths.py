from __future__ import annotations

import pytest

from mutualscope.domain.codepaths import (
    is_within,
    normalise_colour,
    parse_code_path,
    validate_code_name,
)
from mutualscope.errors import InvalidInput


def test_parse_code_path_trims_parts() -> None:
    assert parse_code_path(" Funding / Surplus ") == ("Funding", "Surplus")
    assert parse_code_path("Funding/") == ("Funding",)


@pytest.mark.parametrize("path", ["", "  ", "/", "Funding//Surplus", "a/ /b"])
def test_parse_code_path_refuses_empty_parts(path: str) -> None:
    with pytest.raises(InvalidInput):
        parse_code_path(path)


def test_validate_code_name_refuses_separator() -> None:
    assert validate_code_name(" Surplus ") == "Surplus"
    with pytest.raises(InvalidInput):
        validate_code_name("a/b")


def test_is_within_compares_case_insensitively() -> None:
    assert is_within(("Funding", "Surplus"), ("funding",))
    assert not is_within(("Funding",), ("Funding", "Surplus"))


def test_normalise_colour() -> None:
    assert normalise_colour("#1F77B4") == "#1f77b4"
    assert normalise_colour("abc") == "#aabbcc"
    assert normalise_colour("") is None
    with pytest.raises(InvalidInput):
        normalise_colour("blue")
