"""A project's own names as a gazetteer: participants (real names in all their spoken
forms, and labels that are names), organisations with their short forms, cases named
after organisations, and speaker labels."""

from __future__ import annotations

import re
from collections.abc import Iterable

from mutualscope.domain.protection.gazetteer import Gazetteer, GazetteerEntry
from mutualscope.domain.protection.kinds import ORGANISATION, PERSON
from mutualscope.domain.protection.variants import (
    is_name_like_label,
    organisation_name_forms,
    person_name_forms,
)

_CASE_NUMBER = re.compile(r"^\s*case\s*\d+\s*$", re.IGNORECASE)


def build_gazetteer(
    participants: Iterable[tuple[str, str | None]] = (),
    organisations: Iterable[tuple[str, list[str]]] = (),
    cases: Iterable[str] = (),
    speakers: Iterable[str] = (),
) -> Gazetteer:
    """``participants``: (label, real name or None); ``organisations``: (name, aliases)."""
    entries: list[GazetteerEntry] = []
    for label, real_name in participants:
        if real_name:
            origin = f"participant {label}"
            entries += [GazetteerEntry(f, PERSON, origin) for f in person_name_forms(real_name)]
        if is_name_like_label(label):
            entries.append(GazetteerEntry(label, PERSON, f"participant label {label}"))
    for speaker in speakers:
        if speaker and is_name_like_label(speaker):
            entries.append(GazetteerEntry(speaker.strip(), PERSON, "speaker label"))
    for name, aliases in organisations:
        for form in organisation_name_forms(name, aliases):
            entries.append(GazetteerEntry(form, ORGANISATION, "registry", confidence=0.9))
    for label in cases:
        if not _CASE_NUMBER.match(label):
            entries.append(GazetteerEntry(label, ORGANISATION, f"case {label}", confidence=0.85))
    return Gazetteer(entries)
