from __future__ import annotations

import time
from pathlib import Path

import pytest

from mutualscope.domain import limits
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
    specs = parse_codebook_csv("path,definition,colour\nA/B,child,#fff\nA,parent,\n").specs
    assert [s.path for s in specs] == ["A", "A/B"]
    assert specs[0].definition == "parent"
    assert specs[1].colour == "#ffffff"


def test_csv_needs_a_column_naming_the_codes() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_codebook_csv("theme id,words\n1,A\n", source="x.csv")
    assert str(caught.value) == (
        "x.csv: row 1: no column names the codes (the header row has 'theme id', 'words'). "
        "Call the column of code paths 'path' (a code under another written 'Parent/Child', "
        "as Taguette's 'tag' column is read), or give a 'name' column and a 'parent' column."
    )


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
    assert parse_codebook_csv(write_codebook_csv(specs)).specs == specs
    assert parse_codebook_yaml(write_codebook_yaml(specs)) == specs


def test_read_codebook_by_suffix(tmp_path: Path) -> None:
    path = tmp_path / "book.txt"
    path.write_text("x")
    with pytest.raises(InvalidInput, match="unknown codebook format"):
        read_codebook(path)
    with pytest.raises(InvalidInput, match="import it with `mutualscope refi import"):
        read_codebook(tmp_path / "book.qdc")
    with pytest.raises(InvalidInput, match="no such file"):
        read_codebook(tmp_path / "missing.csv")


def test_read_codebook_reads_utf16_with_or_without_a_mark(tmp_path: Path) -> None:
    for encoding in ("utf-16", "utf-16-le", "utf-8-sig"):
        path = tmp_path / f"book-{encoding}.csv"
        path.write_bytes("path,definition\r\nInnovation/Café,“new”\r\n".encode(encoding))
        specs = read_codebook(path).specs
        assert [(s.path, s.definition) for s in specs] == [
            ("Innovation", None),
            ("Innovation/Café", "“new”"),
        ]


def test_read_codebook_refuses_damaged_csv_and_oversized_files_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A cell past the csv module's limit escaped as _csv.Error.
    path = tmp_path / "book.csv"
    path.write_text('path,definition\nA,"' + "word\n" * 30_000 + '"\n', encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        read_codebook(path)
    assert str(caught.value) == (
        f"{path}, line 26216: a cell is longer than 131,072 characters; a cell may hold 32,767."
    )
    monkeypatch.setattr(limits, "CODEBOOK_BYTES", 100)
    with pytest.raises(InvalidInput, match=r"the file is 146.5 KB; the limit for a codebook is"):
        read_codebook(path)


def test_yaml_aliases_and_nesting_cannot_multiply_the_work() -> None:
    # Each level names the list below twice: 2**40 entries if walked naively.
    levels = ["a0: &a0 [{name: leaf}]"]
    levels += [
        f"a{n}: &a{n} [{{name: x, codes: *a{n - 1}}}, {{name: y, codes: *a{n - 1}}}]"
        for n in range(1, 41)
    ]
    text = "\n".join(levels) + "\ncodes: *a40\n"
    started = time.process_time()
    with pytest.raises(InvalidInput, match=r"more than 20,000 codes; that is the limit"):
        parse_codebook_yaml(text, source="bomb.yaml")
    assert time.process_time() - started < 10
    cycle = "codes: &loop [{name: again, codes: *loop}]\n"
    with pytest.raises(InvalidInput, match=r"codes nest more than 50 levels deep"):
        parse_codebook_yaml(cycle, source="cycle.yaml")
    deep = "codes: " + "[" * 500 + "]" * 500 + "\n"
    with pytest.raises(InvalidInput) as caught:
        parse_codebook_yaml(deep, source="deep.yaml")
    assert str(caught.value) == (
        "deep.yaml: line 1: the YAML nests more than 102 levels deep; that is the limit."
    )


def test_yaml_escapes_cannot_smuggle_a_nul_into_a_code() -> None:
    # SQLite stored it; PostgreSQL refused it mid-import.
    with pytest.raises(InvalidInput) as caught:
        parse_codebook_yaml('codes:\n  - name: "Fund\\0ing"\n  - name: B\n    definition: "x\\0"\n')
    assert caught.value.problems == [
        "codes[1] ('Fund\\x00ing'): a NUL character, which no code name or definition may hold.",
        "codes[2] ('B'): a NUL character, which no code name or definition may hold.",
    ]


def test_yaml_names_are_taken_as_written_slash_included() -> None:
    text = "codes:\n  - name: Voices\n    codes:\n      - name: Staff/member voice\n"
    specs = parse_codebook_yaml(text)
    assert [s.parts for s in specs] == [("Voices",), ("Voices", "Staff/member voice")]
    assert specs[1].path == "Voices/Staff\\/member voice"
    assert parse_codebook_yaml(write_codebook_yaml(specs)) == specs
    assert "name: Staff/member voice" in write_codebook_yaml(specs)
