"""One scan of one text: rules, the gazetteers and (when given) a model's entities,
combined into findings that do not overlap."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from mutualscope.domain.protection.findings import Finding, make_finding, resolve_overlaps
from mutualscope.domain.protection.gazetteer import Gazetteer, GazetteerEntry
from mutualscope.domain.protection.kinds import ORGANISATION, PERSON, PLACE
from mutualscope.domain.protection.names import (
    extend_people,
    find_job_titles,
    find_organisations,
    find_titled_people,
    lexicon_gazetteer,
)
from mutualscope.domain.protection.names_lexicon import HONORIFICS, NOT_SURNAMES, ROLE_LABELS
from mutualscope.domain.protection.places_lexicon import NATIONAL_BODIES
from mutualscope.domain.protection.structured import find_structured
from mutualscope.domain.protection.tokens import tokenize

DEFAULT_MIN_CONFIDENCE = 0.5


@dataclass(frozen=True)
class ModelEntity:
    """An entity as a named-entity model labels it, offsets into the scanned text."""

    start: int
    end: int
    label: str


# What the model's labels (OntoNotes, as spaCy's English pipelines use) stand for here,
# and how far a label alone is trusted.
MODEL_KINDS: dict[str, tuple[str, float]] = {
    "PERSON": (PERSON, 0.7),
    "ORG": (ORGANISATION, 0.6),
    "GPE": (PLACE, 0.65),
    "LOC": (PLACE, 0.55),
    "FAC": (PLACE, 0.5),
}
_AGREEMENT_BONUS = 0.1
_NAMED_KINDS = frozenset({PERSON, ORGANISATION, PLACE})
_NEVER_NAMES = NOT_SURNAMES | ROLE_LABELS | HONORIFICS


def detect(
    text: str,
    gazetteer: Gazetteer | None = None,
    entities: Sequence[ModelEntity] = (),
    *,
    kinds: Collection[str] | None = None,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
) -> list[Finding]:
    """The personal data in ``text``, in text order, one finding per stretch."""
    tokens = tokenize(text)
    found = find_structured(text)
    if gazetteer is not None:
        found += gazetteer.find(text, tokens)
    found += lexicon_gazetteer().find(text, tokens)
    found += find_titled_people(text, tokens)
    found += find_organisations(text, tokens)
    found += model_findings(text, entities)
    found = extend_people(text, tokens, found)
    found = [f for f in _agreed(found) if f.confidence >= min_confidence and _identifies(f)]
    resolved = resolve_overlaps(found)
    again = [
        f for f in surnames_seen(resolved).find(text, tokens) if f.confidence >= min_confidence
    ]
    resolved = resolve_overlaps([*resolved, *again])
    resolved = resolve_overlaps([*resolved, *find_job_titles(text, resolved, tokens)])
    if kinds is not None:
        resolved = [f for f in resolved if f.kind in kinds]
    return resolved


def surnames_seen(findings: Sequence[Finding]) -> Gazetteer:
    """Surnames of the people named in full in a text (or after a title, "Dr Okafor"), to
    find them where they stand alone ("Patel said"). The model's people are not used:
    one wrong person of its own would spread through the text."""
    entries: dict[str, GazetteerEntry] = {}
    for finding in findings:
        if finding.kind != PERSON or finding.source == "model" or finding.confidence < 0.8:
            continue
        words = finding.text.split()
        titled = finding.rule == "title"
        if len(words) < 2 and not titled:
            continue
        surname = words[-1]
        if surname[:1].isupper() and surname.lower() not in _NEVER_NAMES:
            entries.setdefault(
                surname.lower(),
                GazetteerEntry(surname, PERSON, "surname seen in full", "rule", 0.75),
            )
    return Gazetteer(list(entries.values()))


def model_findings(text: str, entities: Sequence[ModelEntity]) -> list[Finding]:
    """The model's people, organisations and places as findings of source "model",
    trimmed of a leading "the" or title, a trailing possessive and stray symbols. Lone
    capitalised abbreviations (VAT, TUPE, AGM) and Acts are not organisations."""
    found = []
    for entity in entities:
        mapped = MODEL_KINDS.get(entity.label)
        if mapped is None:
            continue
        kind, confidence = mapped
        start, end = _trimmed(text, entity.start, entity.end)
        span = text[start:end]
        if not span or not any(c.isalpha() for c in span):
            continue
        if kind == PERSON and any(c.isdigit() for c in span):
            continue
        if kind == ORGANISATION and (_ABBREVIATION.fullmatch(span) or span.endswith(" Act")):
            continue
        found.append(make_finding(text, start, end, kind, confidence, "model", entity.label))
    return found


_ABBREVIATION = re.compile(r"[A-Z][A-Z0-9&]{1,5}")


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    words = text[start:end].split(" ")
    if len(words) > 1 and words[0].lower().rstrip(".") in _LEADING_WORDS:
        start += len(words[0]) + 1
    if text[start:end].endswith(("'s", "’s")):
        end -= 2
    return start, end


_LEADING_WORDS = HONORIFICS | {"the"}


def _agreed(findings: list[Finding]) -> list[Finding]:
    """Findings of the same span and kind become one, surer when the model agrees."""
    best: dict[tuple[int, int, str], Finding] = {}
    sources: dict[tuple[int, int, str], set[str]] = {}
    for finding in findings:
        key = (finding.start, finding.end, finding.kind)
        sources.setdefault(key, set()).add(finding.source)
        if key not in best or finding.confidence > best[key].confidence:
            best[key] = finding
    agreed = []
    for key, finding in best.items():
        # Two look-ups of the same word agree by construction; the model reading the
        # sentence is independent evidence.
        if "model" in sources[key] and len(sources[key]) > 1:
            confidence = min(0.99, finding.confidence + _AGREEMENT_BONUS)
            finding = Finding(
                finding.start,
                finding.end,
                finding.kind,
                finding.text,
                round(confidence, 2),
                finding.source,
                finding.rule,
            )
        agreed.append(finding)
    return agreed


def _identifies(finding: Finding) -> bool:
    """False for national bodies and for words that are roles, not names."""
    if finding.kind not in _NAMED_KINDS:
        return True
    name = " ".join(finding.text.split()).lower()
    bare = name.removeprefix("the ")
    if name in NATIONAL_BODIES or bare in NATIONAL_BODIES:
        return False
    return not (finding.source == "model" and bare in _NEVER_NAMES)
