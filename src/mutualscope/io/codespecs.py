"""A codebook as a file describes it: :class:`CodeSpec` per code, parents first, and
what reading the file found out on the way (:class:`CodebookReading`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mutualscope.domain import limits
from mutualscope.domain.codepaths import join_code_path, name_key, normalise_colour
from mutualscope.errors import InvalidInput


@dataclass(frozen=True)
class CodeSpec:
    """One code as a file describes it; parents always come before their children."""

    parts: tuple[str, ...]
    definition: str | None = None
    colour: str | None = None

    @property
    def path(self) -> str:
        return join_code_path(self.parts)


@dataclass
class CodebookReading:
    """The codes of a file, and what the reader says about it: the columns it read and
    those it left (spreadsheets), and notes such as duplicate rows folded into one."""

    specs: list[CodeSpec]
    columns: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def make_spec(parts: tuple[str, ...], definition: Any, colour: Any) -> CodeSpec:
    text = str(definition).strip() or None if definition is not None else None
    # YAML's "\0" escape makes a NUL, which PostgreSQL cannot store (SQLite would).
    if any("\x00" in part for part in parts) or (text and "\x00" in text):
        raise InvalidInput("a NUL character, which no code name or definition may hold.")
    return CodeSpec(
        parts=parts,
        definition=text,
        colour=normalise_colour(str(colour)) if colour is not None else None,
    )


def with_parents(specs: list[CodeSpec]) -> list[CodeSpec]:
    """Add bare parent entries a file leaves implicit; a later entry for the same path
    (compared as the codebook compares names) replaces an earlier one in its place.
    Parents always come before children."""
    seen: dict[tuple[str, ...], CodeSpec] = {}
    for spec in specs:
        for depth in range(1, len(spec.parts)):
            parent = spec.parts[:depth]
            seen.setdefault(path_key(parent), CodeSpec(parent))
        seen[path_key(spec.parts)] = spec
    return list(seen.values())


def path_key(parts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(name_key(part) for part in parts)


def check_depth(parts: tuple[str, ...]) -> tuple[str, ...]:
    if len(parts) > limits.CODEBOOK_DEPTH:
        raise InvalidInput(
            f"the code path is {len(parts)} levels deep; the limit is {limits.CODEBOOK_DEPTH}."
        )
    return parts


def too_many(source: str) -> InvalidInput:
    return InvalidInput(
        f"{source}: more than {limits.CODEBOOK_CODES:,} codes; that is the limit for a codebook."
    )
