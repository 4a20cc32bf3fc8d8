"""How a quote is attributed, in the style of written evidence: by role and case,
never by name ("(CEO, case 3)", "(Nurse, case 4)", "(Commissioner)")."""

from __future__ import annotations

import re
from functools import lru_cache

from mutualscope.domain.roles import default_role, role_key

STYLES = ("comma", "of")
_CASE_LABEL = re.compile(r"^case\s+(.+)$", re.IGNORECASE)
# Roles written as abbreviations in evidence; the vocabulary labels them at length.
_ABBREVIATED = {"ceo": "CEO", "gp": "GP"}


def case_reference(label: str | None) -> str | None:
    """``"Case 3"`` -> ``"case 3"`` (mid-sentence form); other labels are kept as written."""
    if label is None or not label.strip():
        return None
    match = _CASE_LABEL.match(label.strip())
    if match:
        return f"case {match.group(1)}"
    return label.strip()


@lru_cache(maxsize=4096)
def role_reference(role: str | None) -> str | None:
    """A role as it opens an attribution: "ceo" -> "CEO", "user" -> "Service user"
    (the role vocabulary's label); other roles as stored, first letter upper case
    ("Projects manager")."""
    if role is None or not role.strip():
        return None
    key = role_key(role)
    if key in _ABBREVIATED:
        return _ABBREVIATED[key]
    known = default_role(key)
    if known is not None and role.strip().casefold() == key:
        return known.label
    value = role.strip()
    return value[0].upper() + value[1:]


def attribution(
    role: str | None,
    case_label: str | None,
    *,
    external: bool = False,
    style: str = "comma",
) -> str:
    """The parenthesised attribution of a quote.

    External participants (commissioners, partners, support bodies) are attributed by
    role alone: naming the case next to them would identify them. A passage with no
    known speaker is attributed to its case, or marked unattributed.
    """
    if style not in STYLES:
        raise ValueError(f"unknown attribution style {style!r}; expected one of {STYLES}")
    who = role_reference(role)
    where = None if external else case_reference(case_label)
    if who and where:
        joiner = " of " if style == "of" else ", "
        return f"({who}{joiner}{where})"
    if who:
        return f"({who})"
    if where:
        return f"({where[0].upper()}{where[1:]})"
    return "(unattributed)"


def quoted(text: str, attributed_to: str) -> str:
    """A quote as written evidence prints it: in curly quotes, then its attribution."""
    return f"\u201c{' '.join(text.split())}\u201d {attributed_to}"
