"""Controlled vocabularies (sectors, services, routes, legal forms) that projects extend.

Values are stored by key; labels are what people read; aliases are what they type.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from mutualscope.domain.missing import BadValue, clean, is_missing

_NON_WORD = re.compile(r"[^a-z0-9]+")


def term_key(text: str) -> str:
    """A key made from a label: 'Mental health' -> 'mental-health'."""
    return _NON_WORD.sub("-", text.lower().replace("&", " and ")).strip("-")


def _match_key(text: str) -> str:
    return _NON_WORD.sub("", text.lower().replace("&", "and"))


@dataclass(frozen=True)
class Term:
    key: str
    label: str
    aliases: tuple[str, ...] = ()
    description: str | None = None


@dataclass(frozen=True)
class Vocabulary:
    name: str
    terms: tuple[Term, ...]
    _lookup: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lookup: dict[str, str] = {}
        for term in self.terms:
            for spelling in (term.key, term.label, *term.aliases):
                lookup.setdefault(_match_key(spelling), term.key)
        object.__setattr__(self, "_lookup", lookup)

    @property
    def accepted(self) -> str:
        return "one of: " + ", ".join(term.label for term in self.terms)

    def label(self, key: str) -> str:
        for term in self.terms:
            if term.key == key:
                return term.label
        return key

    def find(self, text: str) -> str | None:
        return self._lookup.get(_match_key(text))

    def parse(self, text: object) -> str | None:
        """The key for a label, key or alias; None when blank. BadValue when unknown."""
        if is_missing(text):
            return None
        value = clean(text)
        key = self.find(value)
        if key is None:
            raise BadValue(value, f"{self.accepted} (extend the {self.name} vocabulary to add)")
        return key

    def parse_many(self, text: object) -> list[str]:
        """Keys for a ';' or '|' separated list, in order, without repeats."""
        if is_missing(text):
            return []
        keys: list[str] = []
        for part in re.split(r"[;|]", clean(text)):
            key = self.parse(part)
            if key is not None and key not in keys:
                keys.append(key)
        return keys

    def extended(self, extra: Iterable[Term]) -> Vocabulary:
        """This vocabulary with a project's own terms added after the built-in ones."""
        known = {term.key for term in self.terms}
        added = tuple(term for term in extra if term.key not in known)
        return Vocabulary(self.name, self.terms + added)


SECTORS = Vocabulary(
    "sector",
    (
        Term(
            "health-and-social-care",
            "health and social care",
            (
                "health",
                "healthcare",
                "health care",
                "social care",
                "health & social care",
                "community health",
            ),
        ),
        Term("leisure", "leisure", ("sport", "leisure and culture", "culture and leisure")),
        Term("social-work", "social work", ("children's services", "social services")),
        Term("education", "education", ("schools", "education services")),
        Term("housing", "housing", ("housing services",)),
        Term("libraries", "libraries", ("library", "library services")),
        Term("youth-services", "youth services", ("youth", "youth work")),
        Term("other", "other"),
    ),
)

SERVICES = Vocabulary(
    "service",
    (
        Term(
            "primary-care",
            "general practice or primary care",
            (
                "GP",
                "GP services",
                "general practice",
                "primary care",
                "GP and primary care",
                "GP/primary care",
                "primary care services",
                "out of hours",
            ),
        ),
        Term(
            "mental-health",
            "mental health",
            ("mental health services", "MH", "psychological therapies", "IAPT", "counselling"),
        ),
        Term(
            "specialist",
            "specialist",
            (
                "specialist services",
                "audiology",
                "lymphoedema",
                "lymphedema",
                "drug and alcohol",
                "substance misuse",
                "sexual health",
                "dental",
                "podiatry",
            ),
            "e.g. audiology, lymphoedema, drug addiction services",
        ),
        Term(
            "community-health",
            "multiple community health",
            (
                "multiple community health services",
                "community health services",
                "community services",
                "community nursing",
                "district nursing",
            ),
        ),
        Term("health-visiting", "health visiting", ("health visitors",)),
        Term(
            "therapies",
            "therapies",
            ("physiotherapy", "occupational therapy", "speech and language therapy"),
        ),
        Term("social-care", "adult social care", ("social care", "domiciliary care")),
        Term("leisure-centres", "leisure centres", ("leisure", "sport and leisure")),
        Term("libraries", "libraries", ("library services",)),
        Term("youth-services", "youth services", ("youth work",)),
        Term(
            "childrens-social-work",
            "children's social work",
            ("social work", "children's services"),
        ),
        Term(
            "education-support",
            "education support",
            ("school improvement", "school support", "education"),
        ),
        Term("housing-management", "housing management", ("housing", "tenancy services")),
    ),
)

ROUTES = Vocabulary(
    "route",
    (
        Term("right-to-request", "Right to Request", ("RtR", "R2R")),
        Term("right-to-provide", "Right to Provide", ("RtP", "R2P")),
        Term(
            "seif",
            "Social Enterprise Investment Fund",
            ("SEIF", "SEIF grant", "Social Enterprise Investment Fund grant"),
        ),
        Term(
            "local-authority",
            "local authority spin-out",
            ("local authority", "council spin-out", "LA spin-out", "Mutuals Support Programme"),
        ),
        Term("other", "other"),
    ),
)

LEGAL_FORMS = Vocabulary(
    "legal-form",
    (
        Term(
            "cic",
            "Community Interest Company",
            (
                "CIC",
                "C.I.C.",
                "community interest co",
                "CIC limited by guarantee",
                "CIC limited by shares",
            ),
        ),
        Term(
            "community-benefit-society",
            "community benefit society",
            ("CBS", "BenCom", "registered society", "industrial and provident society", "IPS"),
        ),
        Term(
            "co-operative-society",
            "co-operative society",
            ("cooperative society", "co-op", "coop", "co-operative"),
        ),
        Term(
            "company-limited-by-guarantee",
            "company limited by guarantee",
            ("CLG", "ltd by guarantee", "limited by guarantee", "company ltd by guarantee"),
        ),
        Term(
            "company-limited-by-shares",
            "company limited by shares",
            ("ltd", "limited", "private limited company"),
        ),
        Term("cio", "charitable incorporated organisation", ("CIO",)),
        Term("other", "other"),
    ),
)

VOCABULARIES: dict[str, Vocabulary] = {
    vocabulary.name: vocabulary for vocabulary in (SECTORS, SERVICES, ROUTES, LEGAL_FORMS)
}
