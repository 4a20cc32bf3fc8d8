"""Scanning documents for personal data: the findings and a summary per kind.

Findings are computed on demand and not stored; :class:`DocumentFinding` carries what a
stored, reviewable finding will need (document, offsets, kind, text, confidence, source,
rule, and the document's checksum to tell when the text has changed under it).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.domain.choices import SCAN_MODELS
from mutualscope.domain.protection.detector import DEFAULT_MIN_CONFIDENCE, detect
from mutualscope.domain.protection.findings import context_of
from mutualscope.domain.protection.gazetteer import Gazetteer
from mutualscope.domain.protection.kinds import KINDS
from mutualscope.errors import InvalidInput
from mutualscope.io.protection.entities import EntityModel, load_entity_model
from mutualscope.services.documents import find_document
from mutualscope.services.protection.gazetteer import project_gazetteer
from mutualscope.storage.documents import Document

MODEL_CHOICES = SCAN_MODELS


@dataclass(frozen=True)
class DocumentFinding:
    document_id: int
    document: str
    start: int
    end: int
    kind: str
    text: str
    context: str
    confidence: float
    source: str
    rule: str
    # The text the offsets point into; a stored finding whose document's checksum has
    # changed must be found again.
    document_checksum: str | None


@dataclass(frozen=True)
class KindSummary:
    kind: str
    findings: int
    distinct: int
    documents: int


@dataclass
class ScanResult:
    findings: list[DocumentFinding]
    documents: int
    words: int
    gazetteer_entries: int
    model: str | None
    summary: list[KindSummary] = field(default_factory=list)
    #: The documents scanned, findings or not: a saved scan settles each of them.
    document_ids: list[int] = field(default_factory=list)
    #: The kinds looked for (None: every kind).
    kinds: list[str] | None = None


def _documents(session: Session, refs: Sequence[str], everything: bool) -> list[Document]:
    if everything and refs:
        raise InvalidInput("Name documents or give --all, not both.")
    if not everything and not refs:
        raise InvalidInput(
            "Which documents? Name one or more (by name or id) or give --all. "
            "See `mutualscope docs list`."
        )
    if everything:
        return list(session.scalars(select(Document).order_by(Document.name)))
    chosen: dict[int, Document] = {}
    for ref in refs:
        doc = find_document(session, ref)
        chosen.setdefault(doc.id, doc)
    return list(chosen.values())


def _model(choice: str) -> EntityModel | None:
    if choice not in MODEL_CHOICES:
        raise InvalidInput(f"--model takes one of {', '.join(MODEL_CHOICES)}, not {choice!r}.")
    if choice == "off":
        return None
    model = load_entity_model()
    if model is None and choice == "on":
        raise InvalidInput(
            "No named-entity model is installed. Install the protection extra "
            "(pip install 'mutualscope[protection]') or scan with --model off."
        )
    return model


def _check_kinds(kinds: Collection[str] | None) -> None:
    unknown = sorted(set(kinds or ()) - set(KINDS))
    if unknown:
        raise InvalidInput(f"Unknown kind {', '.join(unknown)}: the kinds are {', '.join(KINDS)}.")


def scan_documents(
    session: Session,
    refs: Sequence[str] = (),
    *,
    everything: bool = False,
    kinds: Collection[str] | None = None,
    model: str = "auto",
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    gazetteer: Gazetteer | None = None,
) -> ScanResult:
    """Find personal data in the named documents (or all with ``everything``).

    ``model``: "auto" uses the named-entity model when it is installed, "on" requires it,
    "off" scans with rules and gazetteers alone. Nothing in the project is changed.
    """
    _check_kinds(kinds)
    if not 0 <= min_confidence <= 1:
        raise InvalidInput(f"--min-confidence is between 0 and 1, not {min_confidence}.")
    documents = _documents(session, refs, everything)
    entity_model = _model(model)
    known = project_gazetteer(session) if gazetteer is None else gazetteer
    findings: list[DocumentFinding] = []
    words = 0
    for doc in documents:
        text = doc.text
        words += len(text.split())
        entities = entity_model.entities(text) if entity_model else []
        for f in detect(text, known, entities, kinds=kinds, min_confidence=min_confidence):
            findings.append(
                DocumentFinding(
                    doc.id,
                    doc.name,
                    f.start,
                    f.end,
                    f.kind,
                    f.text,
                    context_of(text, f),
                    f.confidence,
                    f.source,
                    f.rule,
                    doc.checksum,
                )
            )
    model_name = f"{entity_model.name} {entity_model.version}" if entity_model else None
    return ScanResult(
        findings=findings,
        documents=len(documents),
        words=words,
        gazetteer_entries=len(known),
        model=model_name,
        summary=summarise(findings),
        document_ids=[doc.id for doc in documents],
        kinds=sorted(kinds) if kinds else None,
    )


def summarise(findings: Sequence[DocumentFinding]) -> list[KindSummary]:
    """Per kind, in the order of KINDS: findings, distinct texts, documents."""
    rows = []
    for kind in KINDS:
        of_kind = [f for f in findings if f.kind == kind]
        if not of_kind:
            continue
        distinct = {" ".join(f.text.split()).lower() for f in of_kind}
        rows.append(
            KindSummary(kind, len(of_kind), len(distinct), len({f.document_id for f in of_kind}))
        )
    return rows
