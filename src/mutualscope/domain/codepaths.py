"""Code paths: how a node of the codebook is addressed ("Funding/Surplus").

A path is a sequence of names joined by ``/``. Names are trimmed and compared
case-insensitively when looking codes up, but stored as written.
"""

from __future__ import annotations

import re

from mutualscope.errors import InvalidInput

SEPARATOR = "/"
MAX_NAME_LENGTH = 200
_HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def parse_code_path(path: str) -> tuple[str, ...]:
    """Split ``"Innovation / Organisational"`` into ``("Innovation", "Organisational")``.

    Raises InvalidInput for an empty path, an empty part ("Funding//Surplus") or a
    name longer than the codebook stores.
    """
    if not path or not path.strip():
        raise InvalidInput("A code path is needed, e.g. 'Funding/Surplus'.")
    parts = tuple(part.strip() for part in path.strip().strip(SEPARATOR).split(SEPARATOR))
    problems = []
    for index, part in enumerate(parts, start=1):
        if not part:
            problems.append(f"part {index} is empty")
        elif len(part) > MAX_NAME_LENGTH:
            problems.append(f"part {index} is longer than {MAX_NAME_LENGTH} characters")
    if problems:
        raise InvalidInput(f"Invalid code path {path!r}.", problems)
    return parts


def validate_code_name(name: str) -> str:
    """A single name: trimmed, non-empty, without the path separator."""
    cleaned = name.strip()
    if not cleaned:
        raise InvalidInput("A code name cannot be empty.")
    if SEPARATOR in cleaned:
        raise InvalidInput(
            f"A code name cannot contain {SEPARATOR!r} ({name!r}); "
            "use `codes move` to place a code under another."
        )
    if len(cleaned) > MAX_NAME_LENGTH:
        raise InvalidInput(f"A code name is limited to {MAX_NAME_LENGTH} characters.")
    return cleaned


def join_code_path(parts: tuple[str, ...] | list[str]) -> str:
    return SEPARATOR.join(parts)


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
