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
from sqlalchemy.sql.elements import ClauseElement

from mutualscope.domain.agreement import (
    PairTable,
    mean_or_none,
    pairs_of,
    percent_agreement,
    pooled_kappa,
    table_kappa,
)
from mutualscope.domain.choices import AGREEMENT_UNITS
from mutualscope.domain.codingagreement import (
    AlphaCounts,
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

UNITS = AGREEMENT_UNITS
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


def _document_table(
    session: Session, shared: Sequence[int], unit: str
) -> tuple[dict[int, str], dict[int, int], list[Any]]:
    """Names and lengths of the shared documents and, for turns, their turns in order
    as ``(document, start, end)`` rows."""
    names: dict[int, str] = {}
    lengths: dict[int, int] = {}
    connection = session.connection()
    for chunk in _chunks(shared):
        for doc_id, name, length in connection.execute(
            select(Document.id, Document.name, Document.length).where(Document.id.in_(chunk))
        ):
            names[doc_id], lengths[doc_id] = name, length
    segments: list[Any] = []
    if unit == "turn":
        for chunk in _chunks(sorted(shared)):
            query = (
                select(Segment.document_id, Segment.start, Segment.end)
                .where(Segment.document_id.in_(chunk))
                .order_by(Segment.document_id, Segment.start)
            )
            segments.extend(connection.execute(query).all())
    return names, lengths, segments


def _chunks(ids: Sequence[int], size: int = 10_000) -> list[Sequence[int]]:
    # One statement per chunk keeps within the drivers' limits on bound parameters.
    return [ids[begin : begin + size] for begin in range(0, len(ids), size)]


def _documents(
    session: Session, presence: dict[int, set[str]], unit: str
) -> tuple[list[ComparedDocument], dict[int, tuple[list[int], list[int]]], dict[int, str]]:
    shared = [doc_id for doc_id, who in presence.items() if len(who) >= 2]
    names, lengths, segments = _document_table(session, shared, unit)
    turns: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    if unit == "turn":
        for doc_id, start, end in segments:
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
    query = select(
        Coding.code_id, Coding.document_id, Coding.start, Coding.end, Coding.coder_id
    ).where(Coding.coder_id.in_(list(users)))
    if len(names) == 2:
        fast = _two_coder_report(session, index, names, list(users), wanted, unit, query)
        if fast is not None:
            return fast
    rows = session.connection().execute(query).all()
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
        raise _nothing_shared(names)
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


def _nothing_shared(names: Sequence[str]) -> InvalidInput:
    who = " and ".join(names) if len(names) == 2 else "two of " + ", ".join(names)
    return InvalidInput(
        f"No document was coded by {who}: agreement compares the documents coders have "
        "in common, so there is nothing to compare."
    )


def _two_coder_report(
    session: Session,
    index: CodeIndex,
    names: list[str],
    user_ids: list[int],
    wanted: list[int] | None,
    unit: str,
    query: ClauseElement,
) -> AgreementReport | None:
    """The two-coder report counted with array operations instead of span lists per code
    and document: the same figures as ``agreement_by_code``, several times sooner over
    100,000 codings. ``None`` when the data falls outside what the arrays assume
    (negative offsets, overlapping turns, sizes that would overflow the sort keys); the
    general path then takes over.
    """
    import numpy as np  # only here: quick commands should not pay for importing it

    code, doc, start, end, coder = _int_columns(np, session, query, 5)
    is_first = coder == user_ids[0]
    both_coded = np.intersect1d(doc[is_first], doc[~is_first]).tolist()
    doc_names, lengths, _ = _document_table(session, both_coded, "character")
    if not lengths:
        raise _nothing_shared(names)
    shared = np.array(sorted(lengths), dtype=np.int64)
    if wanted is None:
        used = set(np.unique(code).tolist())
        code_ids = [c.id for c, _ in index.walk() if c.id in used]
    else:
        code_ids = wanted
    keep = np.isin(doc, shared) & np.isin(code, code_ids)
    code, doc, start, end, is_first = (a[keep] for a in (code, doc, start, end, is_first))
    if min(start.min(initial=0), end.min(initial=0)) < 0:
        return None
    if unit == "turn":
        turns = select(Segment.document_id, Segment.start, Segment.end).where(
            Segment.document_id.in_(both_coded)
        )
        segments = _int_columns(np, session, turns.order_by(Segment.document_id, Segment.start), 3)
        units = _turn_units(np, doc, start, end, shared, segments)
        if units is None:
            return None
        start, end, sizes = units
    else:
        sizes = [lengths[d] for d in shared.tolist()]
    nonempty = end > start
    code, doc, start, end, is_first = (a[nonempty] for a in (code, doc, start, end, is_first))
    distinct = np.unique(np.array(code_ids, dtype=np.int64))
    group = np.searchsorted(distinct, code) * len(shared) + np.searchsorted(shared, doc)
    width = int(end.max(initial=0)) + 1
    if len(distinct) * len(shared) * width >= 2**62:
        return None
    key_start, key_end = group * width + start, group * width + end
    rank = np.searchsorted(distinct, code)

    def covered(mask: Any) -> list[int]:
        """Units covered by the union of the selected spans, per code: in start order
        each span adds what reaches past the furthest end before it (groups of code and
        document are apart in the keys, so one pass serves them all)."""
        order = np.argsort(key_start[mask], kind="stable")
        starts, ends = key_start[mask][order], key_end[mask][order]
        reach = np.maximum.accumulate(ends)
        before = np.concatenate((starts[:1], reach[:-1]))
        added = np.maximum(0, ends - np.maximum(starts, before))
        totals = np.bincount(rank[mask][order], weights=added, minlength=len(distinct))
        return [round(t) for t in totals.tolist()]

    first, second, either = covered(is_first), covered(~is_first), covered(np.ones_like(is_first))
    total = sum(sizes)
    results = []
    for code_id in code_ids:
        at = int(np.searchsorted(distinct, code_id))
        both = first[at] + second[at] - either[at]
        table = PairTable(both, first[at] - both, second[at] - both, total - either[at])
        counts = {(2, 0): table.neither, (2, 1): either[at] - both, (2, 2): both}
        pair = {(names[0], names[1]): table}
        results.append(CodeAgreement(code_id, total, pair, alpha_counts=counts))
    pooled = pool(results, names)
    return AgreementReport(
        coders=names,
        unit=unit,
        documents=sorted(doc_names.values()),
        units=total,
        codes=[_row(index.path(r.code), r, names) for r in results if isinstance(r.code, int)],
        pooled=_row("(pooled)", pooled, names),
    )


def _turn_units(
    np: Any, doc: Any, start: Any, end: Any, shared: Any, segments: list[Any]
) -> tuple[Any, Any, list[int]] | None:
    """Each span as the run of its document's turns it overlaps, ``(first, past_last)``
    in the document's turn numbering, as ``turn_units`` finds them with bisect; a
    document without turns is one unit. Also each shared document's number of units."""
    turn_doc, turn_start, turn_end = segments
    if min(turn_start.min(initial=0), turn_end.min(initial=0)) < 0:
        return None
    width = max(int(end.max(initial=0)), int(start.max(initial=0)))
    width = max(width, int(turn_end.max(initial=0)), int(turn_start.max(initial=0))) + 1
    if int(shared.max(initial=0)) * width >= 2**62:
        return None
    ends = turn_doc * width + turn_end
    if np.any(ends[1:] < ends[:-1]):
        return None  # overlapping turns: bisect over unsorted ends is left to the general path
    starts = turn_doc * width + turn_start
    first_turn = np.searchsorted(turn_doc, doc, "left")
    turns = np.searchsorted(turn_doc, doc, "right") - first_turn
    low = np.searchsorted(ends, doc * width + start, "right") - first_turn
    high = np.searchsorted(starts, doc * width + end, "left") - first_turn
    whole = turns == 0
    low = np.where(whole, 0, low)
    high = np.where(whole, np.where(end > start, 1, 0), high)
    counts = np.searchsorted(turn_doc, shared, "right") - np.searchsorted(turn_doc, shared, "left")
    return low, high, [max(1, n) for n in counts.tolist()]


def pool(results: Sequence[CodeAgreement], coders: Sequence[str]) -> CodeAgreement:
    """The pooled figures over per-code results, as ``agreement_by_code`` pools them."""
    counts: AlphaCounts = {}
    tables: dict[tuple[str, str], list[PairTable]] = {p: [] for p in pairs_of(coders)}
    sums = {p: PairTable(0, 0, 0, 0) for p in pairs_of(coders)}
    for result in results:
        for key, units in result.alpha_counts.items():
            counts[key] = counts.get(key, 0) + units
        for pair, table in result.pairs.items():
            tables[pair].append(table)
            sums[pair] = sums[pair] + table
    units = results[0].units if results else 0
    return CodeAgreement(None, units, sums, alpha_counts=counts, pooled_tables=tables)


def _int_columns(np: Any, session: Session, query: ClauseElement, width: int) -> list[Any]:
    """The query's integer columns as arrays, read through the driver's own cursor: at
    100,000 rows building result rows costs several times what the query does."""
    connection = session.connection()
    sql = query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True})
    cursor = connection.connection.cursor()
    try:
        cursor.execute(str(sql))
        rows = cursor.fetchall()
    finally:
        cursor.close()
    table = np.array(rows, dtype=np.int64).reshape(-1, width)
    return [table[:, i] for i in range(width)]
