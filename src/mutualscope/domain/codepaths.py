"""Code paths: how a node of the codebook is addressed ("Funding/Surplus").

A path is a sequence of names joined by ``/``. Names are trimmed and compared
case-insensitively when looking codes up, but stored as written.

A name may hold a ``/`` of its own ("Staff/member voice"): in a path it is written
``\\/`` ("Voices/Staff\\/member voice"). A backslash escapes the next character when
that is a backslash or a character of the separator; any other backslash stands for
itself, so names written before escaping existed ("Cases\\Case 1") read as they did.
Files from other tools may use another separator (``.``, `` > ``, ``::``, ``\\``); the
same rule holds with that separator's characters (``\\.``, ``\\>``, ``\\:``), except
that with ``\\`` as the separator every backslash separates and nothing is escaped.
"""

from __future__ import annotations

import re
from functools import lru_cache

from mutualscope.errors import InvalidInput

SEPARATOR = "/"
ESCAPE = "\\"
MAX_NAME_LENGTH = 200
_HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


@lru_cache(maxsize=32)
def _escapable(separator: str) -> frozenset[str]:
    """The characters a backslash escapes under ``separator``: none when the separator
    holds a backslash itself, since every backslash then separates."""
    if not separator or not separator.strip():
        raise InvalidInput(
            f"The separator {_quoted(separator)} has no character but spaces; give one such as "
            "'/', '.', ' > ', '::' or '\\'."
        )
    if ESCAPE in separator:
        return frozenset()
    return frozenset(ch for ch in separator if not ch.isspace()) | {ESCAPE}


def check_separator(separator: str) -> str:
    """``separator`` if paths can be written with it; InvalidInput saying why not."""
    _escapable(separator)
    return separator


def split_code_path(path: str, *, separator: str = SEPARATOR) -> list[str]:
    """The levels of ``path`` as written, escapes resolved, not trimmed or checked."""
    escapable = _escapable(separator)
    if ESCAPE not in path or not escapable:
        return path.split(separator)
    levels: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(path):
        char = path[index]
        if char == ESCAPE and index + 1 < len(path) and path[index + 1] in escapable:
            current.append(path[index + 1])
            index += 2
        elif path.startswith(separator, index):
            levels.append("".join(current))
            current = []
            index += len(separator)
        else:
            current.append(char)
            index += 1
    levels.append("".join(current))
    return levels


def _quoted(text: str) -> str:
    """``text`` in single quotes as the user types it (``repr`` would double a backslash)."""
    return f"'{text}'"


def _escape_hint(separator: str) -> str:
    if ESCAPE in separator:
        return f"if a name holds a {_quoted(ESCAPE)}, write the file with another separator"
    char = next(ch for ch in separator if not ch.isspace())
    return f"write a {_quoted(char)} inside a name as {_quoted(ESCAPE + char)}"


def parse_code_path(path: str, *, separator: str = SEPARATOR) -> tuple[str, ...]:
    """Split ``"Innovation / Organisational"`` into ``("Innovation", "Organisational")``.

    Raises InvalidInput, saying how to mend the path, for an empty path, an empty level
    ("Funding//Surplus") or a name longer than the codebook stores. Separators at either
    end are ignored.
    """
    if not path or not path.strip():
        example = join_code_path(("Funding", "Surplus"), separator=separator)
        raise InvalidInput(f"A code path is needed, e.g. {_quoted(example)}.")
    levels = [level.strip() for level in split_code_path(path, separator=separator)]
    while levels and not levels[0]:
        levels.pop(0)
    while levels and not levels[-1]:
        levels.pop()
    if not levels:
        raise InvalidInput(
            f"The code path {path!r} has no name in it, only {_quoted(separator)}; write the "
            "code's name (and its parents' names before it)."
        )
    problems = []
    shown = repr(path) if len(path) <= 80 else repr(path[:60]) + "…"
    for number, level in enumerate(levels, start=1):
        if not level:
            problems.append(
                f"The code path {shown} has an empty level (level {number}); remove the "
                f"doubled {_quoted(separator)}, or {_escape_hint(separator)}."
            )
        elif len(level) > MAX_NAME_LENGTH:
            problems.append(
                f"In the code path {shown}, level {number} is {len(level)} characters long; "
                f"a code name holds at most {MAX_NAME_LENGTH}: shorten it."
            )
    if problems:
        raise InvalidInput(" ".join(problems))
    return tuple(levels)


def parse_code_name(text: str, *, separator: str = SEPARATOR) -> str:
    """One name written as in a path ("Staff\\/member voice" -> "Staff/member voice").
    A separator in it is refused: a name is one level."""
    levels = split_code_path(text, separator=separator)
    if len(levels) > 1:
        raise InvalidInput(
            f"A code name is one level, and {text!r} has a {_quoted(separator)} in it: "
            f"{_escape_hint(separator)}, or use `codes move` to place a code under another."
        )
    return validate_code_name(levels[0])


def validate_code_name(name: str) -> str:
    """A name as stored: trimmed, non-empty, not too long. It may hold a ``/``."""
    cleaned = name.strip()
    if not cleaned:
        raise InvalidInput("A code name cannot be empty.")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise InvalidInput(
            f"A code name is limited to {MAX_NAME_LENGTH} characters; {cleaned[:40]!r}… has "
            f"{len(cleaned)}: shorten it."
        )
    return cleaned


def escape_code_name(name: str, *, separator: str = SEPARATOR) -> str:
    """``name`` as a level of a path: separator characters and the backslashes that
    would read as escapes get a backslash before them."""
    escapable = _escapable(separator)
    if not escapable and separator in name:
        raise InvalidInput(
            f"The code {name!r} holds {_quoted(separator)}, which cannot be written inside a "
            "name when it separates the levels; choose another separator."
        )
    if ESCAPE not in name and not any(char in name for char in escapable):
        return name
    out: list[str] = []
    for index, char in enumerate(name):
        if char == ESCAPE and escapable:
            following = name[index + 1] if index + 1 < len(name) else None
            doubled = following is None or following in escapable
            out.append(ESCAPE * 2 if doubled else ESCAPE)
        elif char in escapable:
            out.append(ESCAPE + char)
        else:
            out.append(char)
    return "".join(out)


def join_code_path(parts: tuple[str, ...] | list[str], *, separator: str = SEPARATOR) -> str:
    """The path of ``parts``, each name escaped: what :func:`parse_code_path` reads back."""
    if separator == SEPARATOR and not any(SEPARATOR in p or ESCAPE in p for p in parts):
        return SEPARATOR.join(parts)  # the common case, without a call per name
    return separator.join(escape_code_name(part, separator=separator) for part in parts)


def name_key(name: str) -> str:
    """The form two names are compared in: trimmed and case-folded."""
    return name.strip().casefold()


def is_within(path: tuple[str, ...], ancestor: tuple[str, ...]) -> bool:
    """True when ``path`` is ``ancestor`` or lies below it (compared by name key)."""
    if len(path) < len(ancestor):
        return False
    return all(name_key(a) == name_key(b) for a, b in zip(path, ancestor, strict=False))


def normalise_colour(colour: str | None) -> str | None:
    """``#abc`` -> ``#aabbcc``; ``None`` or empty stays ``None``; anything else is refused."""
    if colour is None or not colour.strip():
        return None
    value = colour.strip()
    if not value.startswith("#"):
        value = "#" + value
    if not _HEX_COLOUR.match(value):
        raise InvalidInput(
            f"Invalid colour {colour!r}: expected a hex colour such as '#1f77b4' or '#17b'."
        )
    if len(value) == 4:
        value = "#" + "".join(ch * 2 for ch in value[1:])
    return value.lower()
