"""Matrices: codes against roles, cases or organisation fields, and codes against codes.

Each cell counts codings, or the distinct documents, cases or participants behind them,
and can list the quotes it counts (``cell_quotes``). Tables come out wide (one row per
code) or tidy and long (one row per cell).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations, groupby
from operator import attrgetter
from typing import Any

from sqlalchemy.orm import Session

from mutualscope.domain.attribution import role_reference
from mutualscope.domain.choices import MATRIX_MEASURES, MATRIX_SCOPES
from mutualscope.errors import InvalidInput
from mutualscope.services.codebook import CodeIndex
from mutualscope.services.passage_index import Passage, PassageIndex, passage_index
from mutualscope.services.passages import PassageFilter, role_forms, select_passages
from mutualscope.services.protection.quoting import QuoteText
from mutualscope.services.quotes import Quote, build_filter, quotes_from_passages
from mutualscope.services.settings import coder_seen
from mutualscope.storage.users import User

MEASURES = MATRIX_MEASURES
SCOPES = MATRIX_SCOPES
MISSING = "(missing)"
_ENTITY = {"documents": "document_id", "cases": "case_id", "participants": "participant_id"}


@dataclass(frozen=True)
class Matrix:
    """Rows are code paths; ``cells[(row, column)]`` is the measure (absent means 0)."""

    rows: list[str]
    columns: list[str]
    cells: dict[tuple[str, str], int]
    measure: str
    row_label: str
    column_label: str
    #: What each row, each column and the whole table count, distinct where the measure
    #: is (a case in two columns counts once in its row's total).
    row_totals: dict[str, int] = field(default_factory=dict)
    column_totals: dict[str, int] = field(default_factory=dict)
    total: int = 0

    def value(self, row: str, column: str) -> int:
        return self.cells.get((row, column), 0)

    def wide(self) -> list[dict[str, Any]]:
        """One dict per row: the row label, then one key per column."""
        return [
            {self.row_label: row, **{col: self.value(row, col) for col in self.columns}}
            for row in self.rows
        ]

    def long(self) -> list[dict[str, Any]]:
        """Tidy data: one dict per cell, zeros included, with stable keys."""
        return [
            {
                "row": row,
                "column": col,
                "row_dimension": self.row_label,
                "column_dimension": self.column_label,
                "measure": self.measure,
                "value": self.value(row, col),
            }
            for row in self.rows
            for col in self.columns
        ]


def column_value(cols: str, passage: Passage, index: PassageIndex) -> str:
    """The column a passage falls in: its speaker's role, its case, or an organisation field."""
    key_field = {"role": "participant_id", "case": "case_id"}.get(cols, "organisation_id")
    return column_label(cols, getattr(passage, key_field), index)


def column_label(cols: str, key: int | None, index: PassageIndex) -> str:
    """The column for a participant (role), case or organisation (field) id."""
    value: Any = None
    if key is None:
        value = None
    elif cols == "role":
        person = index.people.get(key)
        value = role_reference(person.role) if person else None
    elif cols == "case":
        value = index.cases[key][0] if key in index.cases else None
    else:
        org = index.organisations.get(key)
        value = org.get(cols.removeprefix("org.")) if org else None
        if isinstance(value, list):
            value = "; ".join(str(v) for v in value) or None
    return MISSING if value is None or value == "" else str(value)


def check_columns(cols: str) -> None:
    if cols not in ("role", "case") and not (cols.startswith("org.") and len(cols) > 4):
        raise InvalidInput(f"Unknown columns {cols!r}: expected role, case or org.FIELD.")


def _row_codes(index: CodeIndex, code: str | None) -> list[int]:
    if code is None:
        return [c.id for c, _ in index.walk()]
    return index.descendants(index.resolve(code).id)


def build_matrix(
    session: Session,
    *,
    cols: str = "role",
    measure: str = "codings",
    code: str | None = None,
    rollup: bool = False,
    coder: str | None = None,
    where: Sequence[str] = (),
) -> Matrix:
    """Codes (all, or ``code`` and its sub-codes) against ``cols``: ``role``, ``case`` or
    ``org.FIELD``. With ``rollup`` a code's row also counts its sub-codes' passages."""
    check_columns(cols)
    if measure not in MEASURES:
        raise InvalidInput(f"Unknown measure {measure!r}: expected one of {', '.join(MEASURES)}.")
    index = CodeIndex.load(session)
    row_ids = _row_codes(index, code)
    filters = build_filter(session, code_ids=row_ids, coder=coder, where=where)
    # Each row code collects the passages of the codes it stands for.
    stands_for: dict[int, list[int]] = defaultdict(list)
    for row_id in row_ids:
        for member in index.descendants(row_id) if rollup else [row_id]:
            stands_for[member].append(row_id)
    key_field = {"role": "participant_id", "case": "case_id"}.get(cols, "organisation_id")
    entity = _ENTITY.get(measure)
    tallies: list[tuple[int, Tally]] = []
    if filters.coder_id is None and not filters.conditions:
        # Every passage of each code counts: per code, the index keeps the figures.
        passages = passage_index(session)
        labels = passages.derived.setdefault(("column labels", cols), {})
        for code_id in stands_for:
            key = ("matrix tally", code_id, cols, entity)
            counted = passages.derived.get(key)
            if counted is None:
                rows = passages.by_code.get(code_id, [])
                counted = _tally(rows, cols, key_field, entity, labels, passages)
                passages.derived[key] = counted
            tallies.append((code_id, counted))
    else:
        passages, selected = select_passages(session, filters, ordered=False)
        labels = {}
        for code_id, group in groupby(selected, key=attrgetter("code_id")):
            counted = _tally([*group], cols, key_field, entity, labels, passages)
            tallies.append((code_id, counted))
    columns: set[str] = set()
    cells_by_id: dict[tuple[int, str], int] = defaultdict(int)
    cell_members: dict[tuple[int, str], set[Any]] = defaultdict(set)
    for code_id, (counts, found) in tallies:
        columns.update(counts)
        targets = stands_for[code_id]
        for column, count in counts.items():
            for row_id in targets:
                cells_by_id[(row_id, column)] += count
        for column, values in found.items():
            for row_id in targets:
                cell_members[(row_id, column)].update(values)
    if entity is not None:
        cells_by_id = {cell: len(values) for cell, values in cell_members.items()}
    cells = {(index.path(r), c): n for (r, c), n in cells_by_id.items()}
    ordered = sorted(columns, key=lambda c: (c == MISSING, c.casefold()))
    row_totals, column_totals, total = _totals(tallies, cells_by_id, cell_members, entity)
    return Matrix(
        rows=[index.path(i) for i in row_ids],
        columns=ordered,
        cells=cells,
        measure=measure,
        row_label="code",
        column_label=cols,
        row_totals={index.path(r): n for r, n in row_totals.items()},
        column_totals=column_totals,
        total=total,
    )


def matrix_for(
    session: Session, user: User, *, cols: str, measure: str, code: str | None, rollup: bool
) -> Matrix:
    """The matrix ``user`` may see (the web app's page, JSON and exports): on a blind
    project a coder's counts only their own codings."""
    return build_matrix(
        session,
        cols=cols,
        measure=measure,
        code=code or None,
        rollup=rollup,
        coder=coder_seen(session, user),
    )


def _totals(
    tallies: list[tuple[int, Tally]],
    cells_by_id: dict[tuple[int, str], int],
    cell_members: dict[tuple[int, str], set[Any]],
    entity: str | None,
) -> tuple[dict[int, int], dict[str, int], int]:
    """Row, column and grand totals. Codings are summed, each code's own passages once
    (with ``rollup`` a parent's row repeats its sub-codes', so summing rows would count
    them twice); documents, cases and participants are counted once however many cells
    hold them."""
    row_totals: dict[int, int] = defaultdict(int)
    column_totals: dict[str, int] = defaultdict(int)
    if entity is None:
        for (row_id, _), count in cells_by_id.items():
            row_totals[row_id] += count
        for _, (counts, _found) in tallies:
            for column, count in counts.items():
                column_totals[column] += count
        return dict(row_totals), dict(column_totals), sum(column_totals.values())
    in_row: dict[int, set[Any]] = defaultdict(set)
    for (row_id, _), members in cell_members.items():
        in_row[row_id].update(members)
    in_column: dict[str, set[Any]] = defaultdict(set)
    for _, (_counts, found) in tallies:
        for column, held in found.items():
            in_column[column].update(held)
    everything: set[Any] = set()
    for column_members in in_column.values():
        everything.update(column_members)
    return (
        {row_id: len(members) for row_id, members in in_row.items()},
        {column: len(members) for column, members in in_column.items()},
        len(everything),
    )


#: Per code: passages per column, and the distinct non-null entities per column.
Tally = tuple[Counter[str], dict[str, frozenset[Any]]]


def _tally(
    rows: Sequence[Passage],
    cols: str,
    key_field: str,
    entity: str | None,
    labels: dict[Any, str],
    index: PassageIndex,
) -> Tally:
    """One code's passages by column: counted on ids at C speed, then named once per id."""
    counts: Counter[str] = Counter()
    by_key = Counter(map(attrgetter(key_field), rows))
    for key, count in by_key.items():
        label = labels.get(key)
        if label is None:
            label = labels[key] = column_label(cols, key, index)
        counts[label] += count
    found: dict[str, set[Any]] = defaultdict(set)
    if entity is not None:
        pairs = zip(map(attrgetter(key_field), rows), map(attrgetter(entity), rows), strict=True)
        for key, member in set(pairs):
            if member is not None:
                found[labels[key]].add(member)
    return counts, {column: frozenset(values) for column, values in found.items()}


def cell_quotes(
    session: Session,
    row: str,
    column: str,
    *,
    cols: str = "role",
    rollup: bool = False,
    coder: str | None = None,
    where: Sequence[str] = (),
    words: QuoteText | None = None,
) -> list[Quote]:
    """The codings counted in one cell of :func:`build_matrix` as quotes, in the words
    ``words`` gives (default: the pseudonymised text once ``protect apply`` has made it,
    as every quote list; pass a QuoteText to ask for the identifiable words or read its
    warning)."""
    kept, passages, index = _cell_rows(session, row, column, cols, rollup, coder, where)
    listed = quotes_from_passages(session, kept, passages, index)
    return (words or QuoteText(session)).quotes(listed)


def cell_coding_ids(
    session: Session,
    row: str,
    column: str,
    *,
    cols: str = "role",
    rollup: bool = False,
    coder: str | None = None,
    where: Sequence[str] = (),
) -> list[int]:
    """The ids of the codings one cell of :func:`build_matrix` counts (for a page that
    lists them passage by passage)."""
    kept, _, _ = _cell_rows(session, row, column, cols, rollup, coder, where)
    return [r.coding_id for r in kept]


def _cell_rows(
    session: Session,
    row: str,
    column: str,
    cols: str,
    rollup: bool,
    coder: str | None,
    where: Sequence[str],
) -> tuple[list[Any], PassageIndex, CodeIndex]:
    check_columns(cols)
    index = CodeIndex.load(session)
    found = index.resolve(row)
    code_ids = index.descendants(found.id) if rollup else [found.id]
    filters = build_filter(session, code_ids=code_ids, coder=coder, where=where)
    passages, rows = select_passages(session, filters)
    wanted = column.casefold()
    kept = [r for r in rows if column_value(cols, r, passages).casefold() == wanted]
    if cols == "role" and not kept:
        # The role as stored ("user") or typed ("Chief executive"), not as displayed.
        kept = [r for r in rows if r.participant_id is not None
                and passages.people[r.participant_id].role_key in role_forms(column)]  # fmt: skip
    return kept, passages, index


Unit = tuple[int, int, int, int, int, int | None]


def _coding_units(session: Session, filters: PassageFilter) -> list[Unit]:
    """(coding, code, document, start, end, turn) for each selected coding."""
    _, passages = select_passages(session, filters)
    return [(p.coding_id, p.code_id, p.document_id, p.start, p.end, p.segment_id) for p in passages]


def _cooccurring(
    units: list[Unit], scope: str
) -> tuple[dict[tuple[int, int], int], dict[tuple[int, int], set[int]]]:
    """Counts per ordered code pair (diagonal: units holding the code) and, for each
    ordered pair, the ids of the first code's codings that co-occur with the second."""
    counts: dict[tuple[int, int], int] = defaultdict(int)
    behind: dict[tuple[int, int], set[int]] = defaultdict(set)
    if scope == "overlap":
        by_document: dict[int, list[tuple[int, int, int, int]]] = defaultdict(list)
        for coding_id, code_id, document_id, start, end, _ in units:
            by_document[document_id].append((start, end, code_id, coding_id))
            counts[(code_id, code_id)] += 1
        for spans in by_document.values():
            spans.sort()
            for i, (_, end, code_a, id_a) in enumerate(spans):
                for other_start, _, code_b, id_b in spans[i + 1 :]:
                    if other_start >= end:
                        break
                    if code_a != code_b:
                        counts[(code_a, code_b)] += 1
                        counts[(code_b, code_a)] += 1
                        behind[(code_a, code_b)].add(id_a)
                        behind[(code_b, code_a)].add(id_b)
        return counts, behind
    groups: dict[Any, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for coding_id, code_id, document_id, _, _, segment_id in units:
        key = document_id if scope == "document" else (document_id, segment_id)
        groups[key][code_id].append(coding_id)
    for by_code in groups.values():
        for code_id in by_code:
            counts[(code_id, code_id)] += 1
        for code_a, code_b in combinations(sorted(by_code), 2):
            counts[(code_a, code_b)] += 1
            counts[(code_b, code_a)] += 1
            behind[(code_a, code_b)].update(by_code[code_a])
            behind[(code_b, code_a)].update(by_code[code_b])
    return counts, behind


def build_cooccurrence(
    session: Session,
    *,
    scope: str = "overlap",
    code: str | None = None,
    coder: str | None = None,
) -> Matrix:
    """Codes against codes. ``overlap``: pairs of overlapping codings; ``turn``: speaker
    turns (by the turn each coding starts in) holding both; ``document``: documents
    holding both. The diagonal counts codings, turns or documents holding the code."""
    if scope not in SCOPES:
        raise InvalidInput(f"Unknown scope {scope!r}: expected one of {', '.join(SCOPES)}.")
    index = CodeIndex.load(session)
    code_ids = _row_codes(index, code)
    filters = build_filter(session, code_ids=code_ids, coder=coder)
    counts, _ = _cooccurring(_coding_units(session, filters), scope)
    paths = [index.path(i) for i in code_ids]
    cells = {(index.path(a), index.path(b)): n for (a, b), n in counts.items() if n}
    return Matrix(paths, paths, cells, measure=scope, row_label="code", column_label="code")


def cooccurrence_quotes(
    session: Session,
    row: str,
    column: str,
    *,
    scope: str = "overlap",
    coder: str | None = None,
    words: QuoteText | None = None,
) -> list[Quote]:
    """Passages of the ``row`` code that co-occur with the ``column`` code, in the words
    ``words`` gives (as :func:`cell_quotes`)."""
    if scope not in SCOPES:
        raise InvalidInput(f"Unknown scope {scope!r}: expected one of {', '.join(SCOPES)}.")
    index = CodeIndex.load(session)
    first, second = index.resolve(row), index.resolve(column)
    filters = build_filter(session, code_ids=[first.id, second.id], coder=coder)
    _, behind = _cooccurring(_coding_units(session, filters), scope)
    ids = sorted(behind.get((first.id, second.id), set()))
    if first.id == second.id:
        ids = [u[0] for u in _coding_units(session, filters)]
    passages, rows = select_passages(
        session, PassageFilter(code_ids=[first.id], coding_ids=ids, coder_id=filters.coder_id)
    )
    found = quotes_from_passages(session, rows, passages, index)
    return (words or QuoteText(session)).quotes(found)
