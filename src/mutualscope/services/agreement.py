"""Inter-coder agreement over the project's codings (formulas in ``domain.agreement``).

``compute_agreement(session, coders=["ana", "ben"], unit="character")`` compares, code by
code, what each coder coded in the documents they both coded.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.domain.agreement import (
    mean_or_none,
    percent_agreement,
    pooled_kappa,
    table_kappa,
)
from mutualscope.domain.codingagreement import (
    CodeAgreement,
    ComparedDocument,
    agreement_by_code,
    turn_units,
)
from mutualscope.domain.spans import Span
from mutualscope.errors import InvalidInput
from mutualscope.services.codebook import CodeIndex
from mutualscope.services.passages import find_coder
from mutualscope.storage.codebook import Coding
from mutualscope.storage.documents import Document, Segment

UNITS = ("character", "turn")
#: Keys of each per-code row of the report (JSON ``codes`` and ``pooled``; CSV columns).
ROW_FIELDS = (
    "code",
    "units",
    "both",
    "only_first",
    "only_second",
    "neither",
    "percent_agreement",
    "kappa",
    "alpha",
)


@dataclass(frozen=True)
class AgreementReport:
    coders: list[str]
    unit: str
    documents: list[str]
    units: int
    codes: list[dict[str, Any]]
    pooled: dict[str, Any]

    @property
    def compared(self) -> str:
        """What was compared, in words, for the output's header."""
        who = " and ".join(self.coders) if len(self.coders) == 2 else ", ".join(self.coders)
        kind = "characters" if self.unit == "character" else "speaker turns"
        basis = "both coded" if len(self.coders) == 2 else "at least two of them coded"
        return (
            f"Units: {kind}. Compared: {self.units:,} {kind} of {len(self.documents)} "
            f"document(s) that {who} {basis} (a coder takes part in a document by coding "
            "anything in it; every unit they left uncoded counts as 'not this code')."
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "coders": self.coders,
            "unit": self.unit,
            "documents": self.documents,
            "units": self.units,
            "compared": self.compared,
            "codes": self.codes,
            "pooled": self.pooled,
        }


def _row(label: str, result: CodeAgreement, coders: Sequence[str]) -> dict[str, Any]:
    row: dict[str, Any] = {"code": label, "units": result.units}
    if len(coders) == 2:
        table = result.pairs[(coders[0], coders[1])]
        row.update(
            both=table.both,
            only_first=table.only_first,
            only_second=table.only_second,
            neither=table.neither,
        )
    else:
        row.update(both=None, only_first=None, only_second=None, neither=None)
    row.update(percent_agreement=result.percent, kappa=result.kappa, alpha=result.alpha)
    if len(coders) > 2:
        # The means above hide which pair disagrees; JSON keeps every pair's figures.
        row["pairs"] = [_pair(pair, result) for pair in result.pairs]
    return row


def _pair(pair: tuple[str, str], result: CodeAgreement) -> dict[str, Any]:
    if result.code is None:
        tables = result.pooled_tables[pair]
        percent = mean_or_none(percent_agreement(t) for t in tables)
        kappa = pooled_kappa(tables)
    else:
        percent = percent_agreement(result.pairs[pair])
        kappa = table_kappa(result.pairs[pair])
    table = result.pairs[pair]
    return {
        "coders": list(pair),
        "both": table.both,
        "only_first": table.only_first,
        "only_second": table.only_second,
        "neither": table.neither,
        "percent_agreement": percent,
        "kappa": kappa,
    }


def _documents(
    session: Session, presence: dict[int, set[str]], unit: str
) -> tuple[list[ComparedDocument], dict[int, tuple[list[int], list[int]]], dict[int, str]]:
    shared = [doc_id for doc_id, who in presence.items() if len(who) >= 2]
    names: dict[int, str] = {}
    lengths: dict[int, int] = {}
    for doc_id, name, length in (
        session.connection()
        .execute(select(Document.id, Document.name, Document.length).where(Document.id.in_(shared)))
        .all()
    ):
        names[doc_id], lengths[doc_id] = name, length
    turns: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    if unit == "turn":
        query = (
            select(Segment.document_id, Segment.start, Segment.end)
            .where(Segment.document_id.in_(shared))
            .order_by(Segment.document_id, Segment.start)
        )
        for doc_id, start, end in session.connection().execute(query).all():
            turns[doc_id][0].append(start)
            turns[doc_id][1].append(end)
        for doc_id in shared:
            lengths[doc_id] = max(1, len(turns[doc_id][0]))
    documents = [
        ComparedDocument(doc_id, lengths[doc_id], frozenset(presence[doc_id]))
        for doc_id in shared
        if doc_id in lengths
    ]
    return documents, turns, names


def compute_agreement(
    session: Session,
    *,
    coders: Sequence[str],
    code: str | None = None,
    unit: str = "character",
) -> AgreementReport:
    """Agreement between two or more coders on each code (``code`` and its sub-codes, or
    every code they used) and pooled over those codes.

    Raises NotFound for an unknown coder or code; InvalidInput when fewer than two
    different coders are named or they share no document.
    """
    if unit not in UNITS:
        raise InvalidInput(f"Unknown unit {unit!r}: expected character or turn.")
    names = list(dict.fromkeys(c.strip() for c in coders))
    if len(names) < 2:
        raise InvalidInput("Agreement needs at least two different coders (--coders A B).")
    users = {find_coder(session, name).id: name for name in names}
    index = CodeIndex.load(session)
    wanted = index.descendants(index.resolve(code).id) if code else None
    rows = (
        session.connection()
        .execute(
            select(
                Coding.code_id, Coding.document_id, Coding.start, Coding.end, Coding.coder_id
            ).where(Coding.coder_id.in_(list(users)))
        )
        .all()
    )
    presence: dict[int, set[str]] = defaultdict(set)
    flat: dict[tuple[int, int], dict[str, list[Span]]] = {}
    wanted_set = set(wanted) if wanted is not None else None
    for code_id, doc_id, start, end, coder_id in rows:
        if coder_id is None:
            continue
        name = users[coder_id]
        presence[doc_id].add(name)
        if wanted_set is None or code_id in wanted_set:
            by_coder = flat.get((code_id, doc_id))
            if by_coder is None:
                flat[(code_id, doc_id)] = {name: [(start, end)]}
            elif name in by_coder:
                by_coder[name].append((start, end))
            else:
                by_coder[name] = [(start, end)]
    spans: dict[int, dict[int, dict[str, list[Span]]]] = defaultdict(dict)
    for (code_id, doc_id), by_coder in flat.items():
        spans[code_id][doc_id] = by_coder
    used = set(spans)
    documents, turns, doc_names = _documents(session, presence, unit)
    if not documents:
        who = " and ".join(names) if len(names) == 2 else "two of " + ", ".join(names)
        raise InvalidInput(
            f"No document was coded by {who}: agreement compares the documents coders have "
            "in common, so there is nothing to compare."
        )
    if unit == "turn":
        for by_doc in spans.values():
            for doc_id, by_coder in by_doc.items():
                starts, ends = turns[doc_id]
                for name in by_coder:
                    by_coder[name] = turn_units(by_coder[name], starts, ends)
    # With --code every code below it is reported, used or not; otherwise the codes used.
    code_ids = wanted if wanted is not None else [c.id for c, _ in index.walk() if c.id in used]
    results, pooled = agreement_by_code(documents, spans, names, code_ids)
    return AgreementReport(
        coders=names,
        unit=unit,
        documents=sorted(doc_names[d.key] for d in documents if isinstance(d.key, int)),
        units=sum(d.length for d in documents),
        codes=[_row(index.path(r.code), r, names) for r in results if isinstance(r.code, int)],
        pooled=_row("(pooled)", pooled, names),
    )
