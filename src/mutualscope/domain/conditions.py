"""Filters on organisation fields written on the command line: ``org.size_band=1000-plus``,
``org.employees_min>=1000``, ``org.region=East of England``.

A missing value never satisfies a condition: unknown is reported as unknown, not guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from mutualscope.errors import InvalidInput

OPERATORS = ("!=", ">=", "<=", "=", ">", "<")
_CONDITION = re.compile(r"^\s*org\.([A-Za-z_][A-Za-z0-9_]*)\s*(!=|>=|<=|=|>|<)\s*(.*?)\s*$")


@dataclass(frozen=True)
class Condition:
    field: str
    operator: str
    value: str

    def __str__(self) -> str:
        return f"org.{self.field}{self.operator}{self.value}"


def parse_condition(text: str) -> Condition:
    """``org.FIELD<op>VALUE`` with op one of = != >= <= > <."""
    match = _CONDITION.match(text)
    if not match or not match.group(3):
        raise InvalidInput(
            f"Invalid filter {text!r}: expected org.FIELD=VALUE (or !=, >=, <=, >, <), "
            "e.g. org.size_band=1000-plus or org.employees_min>=1000."
        )
    return Condition(match.group(1), match.group(2), match.group(3))


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).replace(",", "").replace("£", ""))
    except ValueError:
        return None


def _text(value: Any) -> str:
    return " ".join(str(value).split()).casefold()


def _compare(value: Any, condition: Condition) -> bool:
    op = condition.operator
    left, right = _number(value), _number(condition.value)
    if left is not None and right is not None:
        return {
            "=": left == right,
            "!=": left != right,
            ">=": left >= right,
            "<=": left <= right,
            ">": left > right,
            "<": left < right,
        }[op]
    if isinstance(value, bool):
        wanted = _text(condition.value) in ("true", "yes", "1")
        return (value == wanted) if op == "=" else (value != wanted) if op == "!=" else False
    if op == "=":
        return _text(value) == _text(condition.value)
    if op == "!=":
        return _text(value) != _text(condition.value)
    # Ordering text is rarely what anyone means; refuse quietly by not matching.
    return False


def holds(value: Any, condition: Condition) -> bool:
    """Whether a field's value satisfies the condition. Lists (an organisation's
    services) satisfy ``=`` when any item matches, ``!=`` when none does."""
    if value is None or value == "":
        return False
    if isinstance(value, list | tuple | set | frozenset):
        if not value:
            return False
        if condition.operator == "!=":
            return not any(
                _compare(v, Condition(condition.field, "=", condition.value)) for v in value
            )
        return any(_compare(v, condition) for v in value)
    return _compare(value, condition)
