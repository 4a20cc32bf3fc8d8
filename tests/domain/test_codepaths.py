from __future__ import annotations

import itertools

import pytest

from mutualscope.domain.codepaths import (
    escape_code_name,
    is_within,
    join_code_path,
    normalise_colour,
    parse_code_name,
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


def test_an_empty_level_is_refused_with_how_to_fix_it() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_code_path("A//B")
    assert str(caught.value) == (
        "The code path 'A//B' has an empty level (level 2); remove the doubled '/', "
        "or write a '/' inside a name as '\\/'."
    )
    with pytest.raises(InvalidInput) as caught:
        parse_code_path("A >  > B", separator=" > ")
    assert "remove the doubled ' > ', or write a '>' inside a name as '\\>'" in str(caught.value)


def test_a_name_too_long_is_refused_with_its_level() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_code_path("A/" + "x" * 201)
    assert "level 2 is 201 characters long; a code name holds at most 200" in str(caught.value)


def test_a_slash_inside_a_name_is_escaped() -> None:
    assert parse_code_path("Voices/Staff\\/member voice") == ("Voices", "Staff/member voice")
    assert parse_code_path("Staff\\/member voice") == ("Staff/member voice",)
    assert parse_code_path("C:\\\\/temp") == ("C:\\", "temp")
    # A backslash before anything else is kept as written (names made before escaping).
    assert parse_code_path("Cases\\Case 1/Quotes") == ("Cases\\Case 1", "Quotes")
    assert parse_code_path("Staff\\/") == ("Staff/",)


@pytest.mark.parametrize(
    ("separator", "path", "parts"),
    [
        (".", "Innovation.Organisational", ("Innovation", "Organisational")),
        (".", "Innovation.Organisational (4\\.1\\.1)", ("Innovation", "Organisational (4.1.1)")),
        (" > ", "Funding sources > Surplus", ("Funding sources", "Surplus")),
        (" > ", "Staff/member voice > Pay", ("Staff/member voice", "Pay")),
        ("::", "A::B::C", ("A", "B", "C")),
        ("\\", "interesting\\places", ("interesting", "places")),
        ("\\", "a/b\\c", ("a/b", "c")),
    ],
)
def test_parse_code_path_with_another_separator(
    separator: str, path: str, parts: tuple[str, ...]
) -> None:
    assert parse_code_path(path, separator=separator) == parts


def test_join_escapes_what_parse_would_split() -> None:
    assert join_code_path(("Voices", "Staff/member voice")) == "Voices/Staff\\/member voice"
    assert join_code_path(("Funding", "Surplus")) == "Funding/Surplus"
    # Backslashes are doubled only where they would otherwise read as an escape.
    assert join_code_path(("Cases\\Case 1", "x")) == "Cases\\Case 1/x"
    assert join_code_path(("C:\\", "temp")) == "C:\\\\/temp"
    assert join_code_path(("A.B", "C"), separator=".") == "A\\.B.C"


def test_join_then_parse_gives_the_names_back() -> None:
    alphabet = ["a", "/", "\\", ".", ":", " > ", "\\/"]
    names = ["".join(p) for n in (1, 2, 3) for p in itertools.product(alphabet, repeat=n)]
    names = [name for name in names if name.strip() and name == name.strip()]
    for separator in ("/", ".", " > ", "::"):
        for first, second in itertools.product(names[:60], names):
            parts = (first, second)
            joined = join_code_path(parts, separator=separator)
            assert parse_code_path(joined, separator=separator) == parts, (separator, joined)


def test_a_backslash_separator_cannot_show_a_backslash_in_a_name() -> None:
    assert join_code_path(("a/b", "c"), separator="\\") == "a/b\\c"
    with pytest.raises(InvalidInput, match="has an empty level"):
        parse_code_path("a\\\\b", separator="\\")
    with pytest.raises(InvalidInput, match="choose another separator"):
        join_code_path(("C:\\temp", "c"), separator="\\")


def test_a_separator_of_spaces_only_is_refused() -> None:
    with pytest.raises(InvalidInput, match="has no character but spaces"):
        parse_code_path("a b", separator=" ")


def test_parse_code_name_reads_one_level_as_written() -> None:
    assert parse_code_name(" Staff\\/member voice ") == "Staff/member voice"
    with pytest.raises(InvalidInput) as caught:
        parse_code_name("Staff/member voice")
    assert "'\\/'" in str(caught.value) and "codes move" in str(caught.value)


def test_escape_code_name() -> None:
    assert escape_code_name("Staff/member voice") == "Staff\\/member voice"
    assert escape_code_name("Plain") == "Plain"


def test_validate_code_name_keeps_a_slash() -> None:
    assert validate_code_name(" Surplus ") == "Surplus"
    assert validate_code_name("Staff/member voice") == "Staff/member voice"
    with pytest.raises(InvalidInput):
        validate_code_name("  ")


def test_is_within_compares_case_insensitively() -> None:
    assert is_within(("Funding", "Surplus"), ("funding",))
    assert not is_within(("Funding",), ("Funding", "Surplus"))


def test_normalise_colour() -> None:
    assert normalise_colour("#1F77B4") == "#1f77b4"
    assert normalise_colour("abc") == "#aabbcc"
    assert normalise_colour("") is None
    with pytest.raises(InvalidInput):
        normalise_colour("blue")
