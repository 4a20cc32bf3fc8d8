"""``codings import``: codings from a CSV or XLSX file (ours, MAXQDA's, ATLAS.ti's,
NVivo's), placed on the words they were made on, all or nothing.

Every row is placed first (:mod:`mutualscope.services.coding_placement`): its document
found, its codes looked up, its passage found in the document's text by offsets or by
tolerant matching. Nothing is written unless every row is placed, or ``skip_unplaced``
says to leave the others out; missing codes are refused unless ``create_codes``. The
codings are then added in one transaction by
:func:`~mutualscope.services.coding_batches.add_codings`, which skips a coding the
project has already, so importing a file twice adds nothing the second time. A dry run
counts the codings it would add and those the project has already
(:func:`~mutualscope.services.coding_batches.count_new_codings`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mutualscope.domain.codepaths import parse_code_path
from mutualscope.errors import InvalidInput
from mutualscope.io.codings import CodingTable, read_codings_file
from mutualscope.services.audit import record_event
from mutualscope.services.code_index import CodeIndex
from mutualscope.services.codebook import create_code_path
from mutualscope.services.codebook_edits import codebook_edit
from mutualscope.services.coding_batches import (
    AddedCodings,
    CodingSpec,
    add_codings,
    count_new_codings,
)
from mutualscope.services.coding_placement import (
    DocumentFinder,
    PlacedRow,
    Unplaced,
    choose_codes,
    code_label,
    place_row,
)
from mutualscope.services.users import check_name
from mutualscope.storage.codebook import Coding
from mutualscope.storage.documents import Document
from mutualscope.storage.memos import Memo
from mutualscope.storage.users import User

#: How many unplaced rows a refusal lists (the dry run and JSON list them all).
LISTED = 50


@dataclass
class CodingImport:
    """What an import did, or (``dry_run``) would do."""

    source: str
    dialect: str
    rows: int
    placed: int = 0
    exact: int = 0
    tolerant: int = 0
    codings: int = 0
    added: int = 0
    duplicates: int = 0
    unplaced: list[Unplaced] = field(default_factory=list)
    missing_codes: list[str] = field(default_factory=list)
    created_codes: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)
    dry_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "format": self.dialect,
            "rows": self.rows,
            "placed": self.placed,
            "placed_exactly": self.exact,
            "placed_tolerantly": self.tolerant,
            "codings": self.codings,
            "added": self.added,
            "duplicates": self.duplicates,
            "unplaced": [u.as_dict() for u in self.unplaced],
            "missing_codes": self.missing_codes,
            "created_codes": self.created_codes,
            "columns": self.columns,
            "ignored_columns": self.ignored_columns,
            "dry_run": self.dry_run,
        }


@dataclass
class _Plan:
    placed: list[PlacedRow]
    unplaced: list[Unplaced]
    missing: dict[tuple[str, ...], int]  # code -> first row naming it


def import_codings(
    session: Session,
    path: Path,
    *,
    coder: str | None = None,
    create_codes: bool = False,
    skip_unplaced: bool = False,
    dry_run: bool = False,
    sheet: str | None = None,
    dialect: str | None = None,
    code: str | None = None,
    separator: str | None = None,
    actor: str | None = None,
) -> CodingImport:
    """Import the codings of ``path``. ``coder`` codes the rows that name no coder.
    Raises InvalidInput, changing nothing, when a code is missing (without
    ``create_codes``) or a row cannot be placed (without ``skip_unplaced``)."""
    table = read_codings_file(path, sheet=sheet, dialect=dialect, code=code, separator=separator)
    return import_coding_table(
        session, table, coder=coder, create_codes=create_codes, skip_unplaced=skip_unplaced,
        dry_run=dry_run, actor=actor,
    )  # fmt: skip


def import_coding_table(
    session: Session,
    table: CodingTable,
    *,
    coder: str | None = None,
    create_codes: bool = False,
    skip_unplaced: bool = False,
    dry_run: bool = False,
    actor: str | None = None,
) -> CodingImport:
    """:func:`import_codings` for a table already read."""
    index = CodeIndex.load(session)
    plan = _plan(session, table, index, creating=create_codes)
    result = CodingImport(
        table.source, table.dialect, len(table.rows), placed=len(plan.placed),
        exact=sum(p.exact for p in plan.placed), tolerant=sum(not p.exact for p in plan.placed),
        unplaced=plan.unplaced, columns=table.columns, ignored_columns=table.ignored,
        dry_run=dry_run,
        missing_codes=[code_label(parts) for parts in plan.missing],
    )  # fmt: skip
    if plan.missing and not create_codes:
        raise InvalidInput(
            f"{table.source}: {len(plan.missing)} code(s) are not in the codebook; nothing "
            "was imported. Create them with --create-codes, or add them with "
            "`mutualscope codes add` (or rename them in the file).",
            [f"{code_label(parts)} (first on row {row})" for parts, row in plan.missing.items()],
        )
    if plan.unplaced and not skip_unplaced:
        raise InvalidInput(
            f"{table.source}: {len(plan.unplaced)} of {len(table.rows)} row(s) could not be "
            "placed; nothing was imported. Fix those rows (add context, an occurrence "
            "number or offsets), or give --skip-unplaced to import the others.",
            [_unplaced_line(u) for u in plan.unplaced[:LISTED]]
            + (
                [f"... and {len(plan.unplaced) - LISTED} more"]
                if len(plan.unplaced) > LISTED
                else []
            ),
        )
    specs = _specs(plan.placed, index, coder)
    result.codings = len(specs)
    if dry_run:
        would = count_new_codings(session, specs)
        result.added, result.duplicates = would.added, would.duplicates
        result.created_codes = result.missing_codes
        return result
    specs = _without_repeated_memos(session, specs, index)
    added = _store(session, specs, plan, table.source, create_codes, actor)
    result.added, result.duplicates = added.added, added.duplicates
    result.created_codes = result.missing_codes
    return result


def _unplaced_line(unplaced: Unplaced) -> str:
    return f"row {unplaced.line} ({unplaced.document}): {unplaced.reason}"


def _plan(session: Session, table: CodingTable, index: CodeIndex, *, creating: bool) -> _Plan:
    finder = DocumentFinder(session)
    found: list[tuple[Any, int, tuple[tuple[str, ...], ...]]] = []
    unplaced: list[Unplaced] = []
    missing: dict[tuple[str, ...], int] = {}
    for row in table.rows:
        if row.problem:
            unplaced.append(Unplaced(row.line, row.document, row.code_cell, row.problem))
            continue
        document_id, why = finder.find(row.document)
        if document_id is None:
            unplaced.append(Unplaced(row.line, row.document, row.code_cell, why or ""))
            continue
        if row.coder:
            try:
                check_name(row.coder)
            except InvalidInput as error:
                unplaced.append(Unplaced(row.line, row.document, row.code_cell, str(error)))
                continue
        reading, lacking = choose_codes(row, index, creating=creating)
        for parts in lacking:
            missing.setdefault(parts, row.line)
        found.append((row, document_id, reading))
    finder.load_texts(document_id for _, document_id, _ in found)
    placed: list[PlacedRow] = []
    for row, document_id, reading in found:
        span, exact, problem = place_row(row, finder.text(document_id))
        if span is None:
            unplaced.append(Unplaced(row.line, row.document, row.code_cell, problem or ""))
            continue
        name = finder.names[document_id]
        placed.append(PlacedRow(row, document_id, name, span, reading, exact))
    unplaced.sort(key=lambda u: u.line)
    return _Plan(placed, unplaced, missing)


def _specs(placed: Sequence[PlacedRow], index: CodeIndex, coder: str | None) -> list[CodingSpec]:
    specs = []
    for item in placed:
        for parts in item.codes:
            found = index.find(parts)
            path = index.path(found.id) if found is not None else code_label(parts)
            specs.append(
                CodingSpec(
                    document=item.document,
                    code=path,
                    coder=item.row.coder or coder,
                    start=item.span[0],
                    end=item.span[1],
                    memo=item.row.memo,
                )
            )
    return specs


def _without_repeated_memos(
    session: Session, specs: list[CodingSpec], index: CodeIndex
) -> list[CodingSpec]:
    """The specs, without the memo of a coding that has that memo already (a file
    imported again must not add its comments twice)."""
    memos = {s.memo for s in specs if s.memo}
    if not memos:
        return specs
    query = (
        select(Memo.text, Document.name, Coding.code_id, Coding.start, Coding.end, User.name)
        .join(Coding, Memo.coding_id == Coding.id)
        .join(Document, Coding.document_id == Document.id)
        .outerjoin(User, Coding.coder_id == User.id)
        .where(Memo.text.in_(memos))
    )
    there = {tuple(row) for row in session.execute(query)}

    def known(spec: CodingSpec) -> bool:
        code = index.find(parse_code_path(spec.code))
        key = (spec.memo, spec.document, code.id if code else None, spec.start, spec.end,
               spec.coder)  # fmt: skip
        return key in there

    return [replace(s, memo=None) if s.memo and known(s) else s for s in specs]


def _store(
    session: Session,
    specs: list[CodingSpec],
    plan: _Plan,
    source: str,
    create_codes: bool,
    actor: str | None,
) -> AddedCodings:
    """Add the codings, and first the missing codes in the same transaction."""
    if not plan.missing or not create_codes:
        return add_codings(session, specs, source=source, actor=actor)
    with codebook_edit(session) as index:
        for parts in plan.missing:
            if index.find(parts) is None:
                create_code_path(session, index, parts, definition=None, colour=None)
        record_event(
            session,
            action="import",
            entity_type="codebook",
            after={"source": source, "added": len(plan.missing)},
            actor=actor,
        )
        # add_codings commits the codes with the codings, or rolls both back.
        return add_codings(session, specs, source=source, actor=actor)
