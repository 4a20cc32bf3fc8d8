"""Codebook files: CSV (one row per code: path, definition, colour) and YAML (a nested
tree). Headless: file -> :class:`CodeSpec` list, list -> text."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from mutualscope.domain import limits
from mutualscope.domain.codepaths import (
    join_code_path,
    normalise_colour,
    parse_code_path,
    validate_code_name,
)
from mutualscope.domain.limits import listed
from mutualscope.domain.records import shown_value
from mutualscope.errors import InvalidInput
from mutualscope.io.encodings import read_text
from mutualscope.io.messages import one_line
from mutualscope.io.yamlfiles import load_yaml

CSV_COLUMNS = ("path", "definition", "colour")
FORMATS = ("csv", "yaml")


@dataclass(frozen=True)
class CodeSpec:
    """One code as a file describes it; parents always come before their children."""

    parts: tuple[str, ...]
    definition: str | None = None
    colour: str | None = None

    @property
    def path(self) -> str:
        return join_code_path(self.parts)


def detect_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    raise InvalidInput(f"{path}: unknown codebook format {suffix!r}; expected .csv, .yaml or .yml.")


def read_codebook(path: Path) -> list[CodeSpec]:
    """Parse a codebook file; every problem is reported with its row or entry."""
    fmt = detect_format(path)
    try:
        text = read_text(path, limit=limits.CODEBOOK_BYTES, what="a codebook")
    except FileNotFoundError as error:
        raise InvalidInput(f"{path}: no such file.") from error
    except OSError as error:
        raise InvalidInput(f"{path}: cannot be read: {error.strerror}.") from None
    if fmt == "csv":
        return parse_codebook_csv(text, source=str(path))
    return parse_codebook_yaml(text, source=str(path))


def _spec(parts: tuple[str, ...], definition: Any, colour: Any) -> CodeSpec:
    text = str(definition).strip() or None if definition is not None else None
    # YAML's "\0" escape makes a NUL, which PostgreSQL cannot store (SQLite would).
    if any("\x00" in part for part in parts) or (text and "\x00" in text):
        raise InvalidInput("a NUL character, which no code name or definition may hold.")
    return CodeSpec(
        parts=parts,
        definition=text,
        colour=normalise_colour(str(colour)) if colour is not None else None,
    )


def _with_parents(specs: list[CodeSpec]) -> list[CodeSpec]:
    """Add bare parent entries a file leaves implicit; a later entry for the same path
    replaces an earlier one in its place. Parents always come before children."""
    seen: dict[tuple[str, ...], CodeSpec] = {}
    for spec in specs:
        for depth in range(1, len(spec.parts)):
            seen.setdefault(spec.parts[:depth], CodeSpec(spec.parts[:depth]))
        seen[spec.parts] = spec
    return list(seen.values())


def parse_codebook_csv(text: str, *, source: str = "<csv>") -> list[CodeSpec]:
    reader = csv.DictReader(io.StringIO(text))
    try:
        headers = [h.strip().lower() for h in reader.fieldnames or []]
        if "path" not in headers:
            raise InvalidInput(
                f"{source}: line 1: no 'path' column; expected the columns "
                f"{', '.join(CSV_COLUMNS)}."
            )
        reader.fieldnames = headers
        specs: list[CodeSpec] = []
        problems: list[str] = []
        for row in reader:
            line = reader.line_num
            if len(specs) + len(problems) >= limits.CODEBOOK_CODES:
                raise _too_many(source)
            try:
                parts = _check_depth(parse_code_path(row.get("path") or ""))
                for part in parts:
                    validate_code_name(part)
                specs.append(_spec(parts, row.get("definition"), row.get("colour") or None))
            except InvalidInput as error:
                problems.append(f"{source}: line {line}: {one_line(error)}")
    except csv.Error as error:
        raise InvalidInput(
            f"{source}: line {reader.reader.line_num}: not readable as CSV: {one_line(error)}."
        ) from None
    if problems:
        raise InvalidInput(
            f"{source}: {len(problems)} problem(s); nothing was imported.", listed(problems)
        )
    return _with_parents(specs)


def _too_many(source: str) -> InvalidInput:
    return InvalidInput(
        f"{source}: more than {limits.CODEBOOK_CODES:,} codes; that is the limit for a codebook."
    )


def _check_depth(parts: tuple[str, ...]) -> tuple[str, ...]:
    if len(parts) > limits.CODEBOOK_DEPTH:
        raise InvalidInput(
            f"the code path is {len(parts)} levels deep; the limit is {limits.CODEBOOK_DEPTH}."
        )
    return parts


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
                raise _too_many(self.source)
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
                self.specs.append(_spec(parts, entry.get("definition"), colour))
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
    return _with_parents(walk.specs)


def write_codebook_csv(specs: list[CodeSpec]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for spec in specs:
        writer.writerow([spec.path, spec.definition or "", spec.colour or ""])
    return out.getvalue()


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
