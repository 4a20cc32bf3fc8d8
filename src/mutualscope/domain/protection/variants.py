"""The forms a known name takes in speech: a person's given name, surname and nicknames;
an organisation's name without its legal form, and its initials."""

from __future__ import annotations

import re

from mutualscope.domain.protection.names_lexicon import HONORIFICS, NICKNAMES, ROLE_LABELS

_LEGAL_FORMS = re.compile(
    r"[\s,]+(?:cic|c\.i\.c\.|ltd\.?|limited|llp|plc|community interest company"
    r"|(?:a\s+)?community benefit society|cbs)$",
    re.IGNORECASE,
)
_SMALL_WORDS = frozenset({"of", "and", "the", "&", "for", "in", "on", "at"})
_BRACKETED = re.compile(r"\(([^()]{2,40})\)")

_SHORT_FOR: dict[str, list[str]] = {}
for _short, _fulls in NICKNAMES.items():
    for _full in _fulls:
        _SHORT_FOR.setdefault(_full, []).append(_short)


def person_name_forms(real_name: str) -> list[str]:
    """ "Dr Elizabeth Anne Okafor" -> the full name, "Elizabeth Okafor", "Elizabeth",
    "Okafor", "Liz", "Beth", "Lizzie", "Liz Okafor" ...; the title left out."""
    words = [w for w in real_name.split() if w.lower().rstrip(".") not in HONORIFICS]
    if not words:
        return []
    forms = [" ".join(words)]
    given, surname = words[0], words[-1]
    if len(words) > 1:
        forms += [f"{given} {surname}", given, surname]
    else:
        forms.append(given)
    for short in _SHORT_FOR.get(given.lower(), []):
        nickname = short.capitalize()
        forms.append(nickname)
        if len(words) > 1:
            forms.append(f"{nickname} {surname}")
    return list(dict.fromkeys(f for f in forms if len(f) > 1))


def organisation_name_forms(name: str, aliases: list[str] | None = None) -> list[str]:
    """ "Central Essex Community Services CIC" -> the name, "Central Essex Community
    Services", "CECS"; a bracketed short form and any aliases given kept too."""
    forms = [name.strip()]
    forms += [m.group(1).strip() for m in _BRACKETED.finditer(name)]
    bare = _BRACKETED.sub("", name).strip()
    bare = _LEGAL_FORMS.sub("", bare).strip()
    if bare.lower().startswith("the "):
        bare = bare[4:]
    forms.append(bare)
    significant = [w for w in re.split(r"[\s\-]+", bare) if w and w.lower() not in _SMALL_WORDS]
    if len(significant) >= 2:
        initials = "".join(w[0] for w in significant if w[0].isalpha()).upper()
        if len(initials) >= 2:
            forms.append(initials)
    forms += [a.strip() for a in aliases or [] if a.strip()]
    return list(dict.fromkeys(f for f in forms if len(f) > 1))


def is_name_like_label(label: str) -> bool:
    """True for a speaker label that may be a person's name ("Sarah", "SJ", "Dave P"),
    False for roles and numbered labels ("Interviewer", "P3", "CEO case 2")."""
    words = re.findall(r"[^\W\d_]+", label)
    # One letter is how transcribers write Interviewer and Respondent ("I:", "R:").
    if not words or re.search(r"\d", label) or len("".join(words)) < 2:
        return False
    return not all(w.lower() in ROLE_LABELS for w in words)
