"""The vocabularies a project reads its registry with: built-in terms plus its own."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.domain import limits
from mutualscope.domain.missing import clean
from mutualscope.domain.records import Vocabularies
from mutualscope.domain.vocabularies import VOCABULARIES, Term, term_key
from mutualscope.errors import Conflict, InvalidInput
from mutualscope.services.audit import record_event
from mutualscope.storage.organisations import VocabularyTerm


def load_vocabularies(session: Session) -> Vocabularies:
    """The built-in vocabularies extended with the terms this project has added."""
    extra: dict[str, list[Term]] = {name: [] for name in VOCABULARIES}
    for row in session.scalars(select(VocabularyTerm).order_by(VocabularyTerm.id)):
        if row.vocabulary in extra:
            extra[row.vocabulary].append(Term(row.key, row.label, (), row.description))
    extended = {name: VOCABULARIES[name].extended(extra[name]) for name in VOCABULARIES}
    return Vocabularies(
        sector=extended["sector"],
        service=extended["service"],
        route=extended["route"],
        legal_form=extended["legal-form"],
    )


def list_terms(session: Session, *, vocabulary: str | None = None) -> list[dict[str, Any]]:
    """Every term as ``{vocabulary, key, label, description, source}``; source is
    ``built-in`` or ``project``."""
    names = [_vocabulary_name(vocabulary)] if vocabulary else list(VOCABULARIES)
    added = {
        (row.vocabulary, row.key)
        for row in session.scalars(
            select(VocabularyTerm).where(VocabularyTerm.vocabulary.in_(names))
        )
    }
    vocabularies = load_vocabularies(session)
    by_name = {
        "sector": vocabularies.sector,
        "service": vocabularies.service,
        "route": vocabularies.route,
        "legal-form": vocabularies.legal_form,
    }
    return [
        {
            "vocabulary": name,
            "key": term.key,
            "label": term.label,
            "description": term.description,
            "source": "project" if (name, term.key) in added else "built-in",
        }
        for name in names
        for term in by_name[name].terms
    ]


def add_term(
    session: Session,
    *,
    vocabulary: str,
    label: str,
    key: str | None = None,
    description: str | None = None,
    actor: str | None = None,
) -> dict[str, Any]:
    """Add a term (e.g. a service) so imports accept it. Conflict if it is already known."""
    name = _vocabulary_name(vocabulary)
    label = clean(label)
    if not label:
        raise InvalidInput("A term needs a label.")
    key = term_key(key or label)
    for what, value, limit in (
        ("label", label, limits.TERM_LABEL_CHARS),
        ("key", key, limits.TERM_KEY_CHARS),
    ):
        if len(value) > limit:
            raise InvalidInput(
                f"A term's {what} is limited to {limit:,} characters; this one has {len(value):,}."
            )
    if not key:
        raise InvalidInput(f"A term's key needs a letter or digit; {label!r} has none.")
    current = getattr(load_vocabularies(session), name.replace("-", "_"))
    if any(term.key == key for term in current.terms) or current.find(label):
        existing = current.find(label) or key
        raise Conflict(
            f"The {name} vocabulary already has {current.label(existing)!r} (key {existing})."
        )
    session.add(VocabularyTerm(vocabulary=name, key=key, label=label, description=description))
    record_event(
        session,
        action="add",
        entity_type="vocabulary_term",
        after={"vocabulary": name, "key": key, "label": label},
        actor=actor,
    )
    session.commit()
    return {
        "vocabulary": name,
        "key": key,
        "label": label,
        "description": description,
        "source": "project",
    }


def _vocabulary_name(text: str) -> str:
    name = clean(text).lower().replace("_", "-")
    name = {
        "services": "service",
        "sectors": "sector",
        "routes": "route",
        "legal-forms": "legal-form",
        "legal form": "legal-form",
    }.get(name, name)
    if name not in VOCABULARIES:
        raise InvalidInput(
            f"There is no vocabulary {text!r}; the vocabularies are: " + ", ".join(VOCABULARIES)
        )
    return name
