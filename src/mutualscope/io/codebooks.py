"""Codebook files: spreadsheets (CSV or XLSX, one row per code; see
:mod:`mutualscope.io.codebook_tables`) and YAML (a nested tree). Headless: file ->
:class:`CodebookReading`, specs -> text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from mutualscope.domain import limits
from mutualscope.domain.codepaths import SEPARATOR, validate_code_name
from mutualscope.domain.limits import describe_bytes, listed
from mutualscope.domain.records import shown_value
from mutualscope.errors import InvalidInput
from mutualscope.io.codebook_tables import (
    CSV_COLUMNS,
    parse_codebook_csv,
    read_codebook_table,
    write_codebook_csv,
)
from mutualscope.io.codespecs import (
    CodebookReading,
    CodeSpec,
    make_spec,
    too_many,
    with_parents,
)
from mutualscope.io.encodings import read_text
from mutualscope.io.messages import one_line
from mutualscope.io.yamlfiles import load_yaml

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "CodeSpec",
    "CodebookReading",
    "detect_format",
    "parse_codebook_csv",
    "parse_codebook_yaml",
    "read_codebook",
    "write_codebook_csv",
    "write_codebook_yaml",
]

FORMATS = ("csv", "yaml")
_SUFFIXES = {".csv": "table", ".tsv": "table", ".xlsx": "table", ".yaml": "yaml", ".yml": "yaml"}


def detect_format(path: Path) -> str:
    """``table`` (CSV, TSV or XLSX) or ``yaml``, from the file's suffix."""
    suffix = path.suffix.lower()
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    if suffix == ".qdc":
        raise InvalidInput(
            f"{path}: a REFI-QDA codebook; import it with `mutualscope refi import {path}`."
        )
    raise InvalidInput(
        f"{path}: unknown codebook format {suffix!r}; expected .csv, .tsv, .xlsx, .yaml or "
        ".yml (a REFI-QDA .qdc goes through `mutualscope refi import`)."
    )


def read_codebook(path: Path, *, separator: str = SEPARATOR) -> CodebookReading:
    """Parse a codebook file; every problem is reported with its row or entry.
    ``separator`` is the one a spreadsheet's paths use (YAML nests instead)."""
    fmt = detect_format(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError as error:
        raise InvalidInput(f"{path}: no such file.") from error
    except OSError as error:
        raise InvalidInput(f"{path}: cannot be read: {error.strerror}.") from None
    if size > limits.CODEBOOK_BYTES:
        raise InvalidInput(
            f"{path}: the file is {describe_bytes(size)}; the limit for a codebook is "
            f"{describe_bytes(limits.CODEBOOK_BYTES)}."
        )
    if fmt == "table":
        return read_codebook_table(path, separator=separator)
    if separator != SEPARATOR:
        raise InvalidInput(
            f"{path}: a YAML codebook nests its codes, so --separator does not apply; leave it out."
        )
    try:
        text = read_text(path, limit=limits.CODEBOOK_BYTES, what="a codebook")
    except OSError as error:
        raise InvalidInput(f"{path}: cannot be read: {error.strerror}.") from None
    return CodebookReading(parse_codebook_yaml(text, source=str(path)))


class _YamlWalk:
    """The codes of a YAML codebook, in order; entries are counted as they are visited,
    so that aliases repeating a list many times over cannot multiply the work."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.specs: list[CodeSpec] = []
        self.problems: list[str] = []
        self.visited = 0

    def walk(self, entries: Any, parent: tuple[str, ...], where: str) -> None:
        if not isinstance(entries, list):
            self.problems.append(f"{where}: expected a list of codes")
            return
        if len(parent) >= limits.CODEBOOK_DEPTH:
            raise InvalidInput(
                f"{self.source}: {where}: codes nest more than {limits.CODEBOOK_DEPTH} "
                "levels deep; that is the limit."
            )
        for number, entry in enumerate(entries, start=1):
            self.visited += 1
            if self.visited > limits.CODEBOOK_CODES:
                raise too_many(self.source)
            here = f"{where}[{number}]"
            if not isinstance(entry, dict) or "name" not in entry:
                self.problems.append(f"{here}: expected a mapping with at least 'name'")
                continue
            unknown = set(entry) - {"name", "definition", "colour", "color", "codes"}
            if unknown:
                names = ", ".join(sorted(str(key) for key in unknown))
                self.problems.append(f"{here}: unknown key(s) {names}")
            try:
                parts = (*parent, validate_code_name(str(entry["name"])))
                colour = entry.get("colour", entry.get("color"))
                self.specs.append(make_spec(parts, entry.get("definition"), colour))
            except InvalidInput as error:
                self.problems.append(
                    f"{here} ({shown_value(str(entry.get('name')))}): {one_line(error)}"
                )
                continue
            if "codes" in entry and entry["codes"] is not None:
                self.walk(entry["codes"], parts, f"{here}.codes")


def parse_codebook_yaml(text: str, *, source: str = "<yaml>") -> list[CodeSpec]:
    """YAML: ``codes: [{name, definition, colour, codes: [...]}, ...]``."""
    data = load_yaml(text, source=source)
    if not isinstance(data, dict) or "codes" not in data:
        raise InvalidInput(f"{source}: expected a mapping with a 'codes' list at the top.")
    walk = _YamlWalk(source)
    walk.walk(data["codes"], (), "codes")
    if walk.problems:
        raise InvalidInput(
            f"{source}: {len(walk.problems)} problem(s); nothing was imported.",
            listed(walk.problems),
        )
    return with_parents(walk.specs)


def write_codebook_yaml(specs: list[CodeSpec], *, title: str | None = None) -> str:
    roots: list[dict[str, Any]] = []
    nodes: dict[tuple[str, ...], dict[str, Any]] = {}
    for spec in specs:
        node: dict[str, Any] = {"name": spec.parts[-1]}
        if spec.definition:
            node["definition"] = spec.definition
        if spec.colour:
            node["colour"] = spec.colour
        nodes[spec.parts] = node
        siblings = roots if len(spec.parts) == 1 else nodes[spec.parts[:-1]].setdefault("codes", [])
        siblings.append(node)
    document: dict[str, Any] = {}
    if title:
        document["title"] = title
    document["codes"] = roots
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=88)
