from __future__ import annotations

from pathlib import Path

import pytest

from mutualscope.errors import InvalidInput
from mutualscope.io.codebooks import (
    CodeSpec,
    parse_codebook_csv,
    parse_codebook_yaml,
    read_codebook,
    write_codebook_csv,
    write_codebook_yaml,
)


def test_csv_adds_implicit_parents_before_children() -> None:
    specs = parse_codebook_csv("path,definition,colour\nA/B,child,#fff\nA,parent,\n")
    assert [s.path for s in specs] == ["A", "A/B"]
    assert specs[0].definition == "parent"
    assert specs[1].colour == "#ffffff"


def test_csv_needs_a_path_column() -> None:
    with pytest.raises(InvalidInput, match="path"):
        parse_codebook_csv("name\nA\n", source="x.csv")


def test_yaml_nesting_and_errors() -> None:
    specs = parse_codebook_yaml(
        "codes:\n  - name: A\n    codes:\n      - name: B\n        colour: '#000'\n"
    )
    assert [s.path for s in specs] == ["A", "A/B"]
    with pytest.raises(InvalidInput, match=r"codes\[1\]"):
        parse_codebook_yaml("codes:\n  - nom: A\n")
    with pytest.raises(InvalidInput, match="line"):
        parse_codebook_yaml("codes: [\n")


def test_writers_round_trip() -> None:
    specs = [CodeSpec(("A",), "a, with comma", "#010203"), CodeSpec(("A", "B"), None, None)]
    assert parse_codebook_csv(write_codebook_csv(specs)) == specs
    assert parse_codebook_yaml(write_codebook_yaml(specs)) == specs


def test_read_codebook_by_suffix(tmp_path: Path) -> None:
    path = tmp_path / "book.txt"
    path.write_text("x")
    with pytest.raises(InvalidInput, match="unknown codebook format"):
        read_codebook(path)
    with pytest.raises(InvalidInput, match="no such file"):
        read_codebook(tmp_path / "missing.csv")
