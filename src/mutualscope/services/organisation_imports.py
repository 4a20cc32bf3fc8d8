"""Importing a registry spreadsheet: validate every row first, then write in one transaction.

Re-importing updates organisations in place: a row matches an organisation by any
identifier (Companies House, charity, registered society or ODS code), else by its
normalised name. Columns the file has are authoritative (a blank cell makes the value
missing); columns it lacks leave stored values alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from mutualscope.domain import limits
from mutualscope.domain.columns import IDENTIFIER_FIELDS, ColumnMatch
from mutualscope.domain.missing import clean
from mutualscope.domain.records import CellProblem, RecordReader, Vocabularies, name_key
from mutualscope.errors import InvalidInput
from mutualscope.io.tables import DELIMITER_NAMES, Table, read_table
from mutualscope.services.audit import record_event
from mutualscope.services.collector import collector_paused
from mutualscope.services.organisation_columns import match_columns
from mutualscope.services.organisation_locations import (
    GRID_FIELDS,
    LocationMessages,
    derive_region,
    take_grid_reference,
)
from mutualscope.services.organisation_matching import (
    ExistingOrganisations,
    ImportRow,
    find_duplicates_in_file,
    load_existing,
    match_existing,
)
from mutualscope.services.organisation_writes import merged_attributes, write_changes
from mutualscope.services.vocabularies import load_vocabularies

# Parsed field name -> Organisation column, where they differ.
_COLUMN_OF = {"region": "region_code", "turnover": "turnover_gbp"}


@dataclass
class ImportReport:
    """What an import did (or, with ``dry_run``, would do)."""

    source: str
    dry_run: bool
    columns: dict[str, str]
    created: list[str] = field(default_factory=list)
    updated: list[tuple[str, list[str]]] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    file_format: str = ""
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "format": self.file_format,
            "dry_run": self.dry_run,
            "columns": self.columns,
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": self.unchanged,
            "skipped": len(self.skipped),
            "created_names": self.created,
            "updated_fields": {name: fields for name, fields in self.updated},
            "problems": self.skipped,
            "notes": self.notes,
            "warnings": self.warnings,
        }


def import_organisations(
    session: Session,
    *,
    path: Path,
    sheet: str | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    current_year: int | None = None,
    actor: str | None = None,
) -> ImportReport:
    """Import a CSV or XLSX registry file; see :func:`import_table`."""
    with collector_paused():
        table = read_table(Path(path), sheet=sheet)
        return import_table(
            session,
            table=table,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            current_year=current_year,
            actor=actor,
        )


def import_table(
    session: Session,
    *,
    table: Table,
    dry_run: bool = False,
    skip_invalid: bool = False,
    current_year: int | None = None,
    actor: str | None = None,
) -> ImportReport:
    """Validate every row, then create and update organisations in one transaction.

    Raises InvalidInput listing every bad row (row number, column, accepted values) and
    changes nothing, unless ``skip_invalid``, which imports the good rows and lists the
    rest in ``report.skipped``. ``dry_run`` reports the changes without making them.
    """
    with collector_paused():
        return _import_table(session, table, dry_run, skip_invalid, current_year, actor)


def _import_table(
    session: Session,
    table: Table,
    dry_run: bool,
    skip_invalid: bool,
    current_year: int | None,
    actor: str | None,
) -> ImportReport:
    year = current_year or datetime.now(UTC).year
    vocabularies = load_vocabularies(session)
    found = match_columns(table, vocabularies)
    columns = found.columns
    report = ImportReport(
        table.source,
        dry_run,
        {m.header: m.field or "attribute" for m in columns},
        file_format=_describe_format(table),
        notes=list(found.notes),
    )
    located = LocationMessages(notes=report.notes, warnings=report.warnings)
    rows, problems = _read_rows(table, columns, vocabularies, current_year=year, located=located)
    problems += find_duplicates_in_file(rows, columns)
    existing = load_existing(session)
    problems += match_existing(rows, existing, columns)
    bad_rows = {problem.row for problem in problems}
    if problems:
        messages = [str(p) for p in sorted(problems, key=lambda p: p.row)]
        if not skip_invalid:
            count = len(bad_rows)
            raise InvalidInput(
                f"{table.source}: {count:,} row{'s' if count != 1 else ''} with problems; "
                "nothing was imported (use --skip-invalid to import the other rows).",
                problems=limits.listed(messages),
            )
        report.skipped = messages
    good = [row for row in rows if row.record.row not in bad_rows]
    changes = _plan(good, existing, report)
    if not dry_run:
        _widen_sqlite_cache(session)
        write_changes(session, good, changes.updates, changes.service_ids)
        record_event(
            session,
            action="import",
            entity_type="organisation",
            after={
                "file": table.source,
                "created": len(report.created),
                "updated": len(report.updated),
                "unchanged": report.unchanged,
                "skipped_rows": len(bad_rows),
            },
            actor=actor,
        )
        session.commit()
    return report


def _widen_sqlite_cache(session: Session) -> None:
    """Give SQLite a 64 MB page cache for this connection: with the default 2 MB, a large
    import keeps re-reading the pages of the organisation table's eight indexes."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA cache_size=-65536"))


def _describe_format(table: Table) -> str:
    if table.sheet is not None:
        return f"XLSX, sheet {table.sheet!r}"
    delimiter = DELIMITER_NAMES.get(table.delimiter or ",", repr(table.delimiter))
    return f"CSV, {delimiter}-separated, {table.encoding}"


def _read_rows(
    table: Table,
    columns: list[ColumnMatch],
    vocabularies: Vocabularies,
    *,
    current_year: int,
    located: LocationMessages,
) -> tuple[list[ImportRow], list[CellProblem]]:
    known = [c for c in columns if c.field is not None]
    free = [c for c in columns if c.field is None]
    headers = {c.field: c.header for c in known if c.field}
    scale = next((c.scale for c in known if c.field == "turnover"), 1)
    has_region = "region" in headers
    has_grid = all(f in headers for f in GRID_FIELDS)
    has_coordinates = ("latitude" in headers and "longitude" in headers) or has_grid
    width = len(table.headers)
    reader = RecordReader(
        headers=headers,
        vocabularies=vocabularies,
        current_year=current_year,
        turnover_scale=scale,
    )
    fields = [(c.field, c.index) for c in known if c.field]
    identifier_fields = [f for f in IDENTIFIER_FIELDS if f in headers]
    # Cells beyond the header row's width are refused; short rows are padded.
    overflow: dict[int, CellProblem] = {}
    padded: list[list[str]] = []
    for number, cells in table.rows:
        if len(cells) > width and (extra := [c for c in cells[width:] if c]):
            overflow[number] = CellProblem(
                number,
                f"column {width + 1}",
                extra[0],
                f"at most {width} cells, one under each heading of the header row",
            )
        padded.append(cells + [""] * (width - len(cells)) if len(cells) < width else cells)
    numbers = [number for number, _ in table.rows]
    read = reader.read_columns(
        numbers, {field: [cells[index] for cells in padded] for field, index in fields}
    )
    rows: list[ImportRow] = []
    problems: list[CellProblem] = []
    renamed: dict[tuple[str, ...], list[str]] = {}
    for number, cells, (record, found) in zip(numbers, padded, read, strict=True):
        if number in overflow:
            problems.append(overflow[number])
        problems += found
        # Rows read alike have their fields in the same order: rename each order once.
        order = tuple(record.values)
        if (names := renamed.get(order)) is None:
            names = renamed[order] = [_COLUMN_OF.get(k, k) for k in order]
        values = dict(zip(names, record.values.values(), strict=True))
        if has_grid:
            problems += take_grid_reference(values, row=number, headers=headers)
        if has_region:
            values["region_derived"] = False
        if has_coordinates and values.get("region_code") is None:
            derive_region(values, number, located)
        name = values.pop("name", None) or ""
        attributes = {c.header: clean(cells[c.index]) or None for c in free}
        rows.append(
            ImportRow(
                record=record,
                values=values,
                name=name,
                key=name_key(name),
                identifiers={f: values[f] for f in identifier_fields if values.get(f)},
                services=record.services,
                attributes=attributes,
            )
        )
    return rows, problems


@dataclass
class _Changes:
    updates: list[dict[str, Any]] = field(default_factory=list)
    service_ids: list[int] = field(default_factory=list)


def _plan(rows: list[ImportRow], existing: ExistingOrganisations, report: ImportReport) -> _Changes:
    changes = _Changes()
    for row in rows:
        if row.existing_id is None:
            report.created.append(row.name)
            continue
        old = existing.by_id[row.existing_id]
        new = dict(row.values, name=row.name, name_key=row.key)
        # Coordinates never overrule a region someone gave in an earlier import.
        kept = old["region_code"] is not None and not old["region_derived"]
        if "region_derived" in new and "region" not in row.record.values and kept:
            del new["region_code"], new["region_derived"]
        diff = {k: v for k, v in new.items() if old.get(k) != v}
        attributes = merged_attributes(old["attributes"] or {}, row.attributes)
        if attributes != (old["attributes"] or {}):
            diff["attributes"] = attributes
        changed = sorted(k for k in diff if k != "name_key")
        if row.services is not None and sorted(row.services) != sorted(
            existing.services.get(row.existing_id, [])
        ):
            changed.append("services")
            changes.service_ids.append(row.existing_id)
        if changed:
            report.updated.append((row.name, changed))
            if diff:
                changes.updates.append({"id": row.existing_id, **diff})
        else:
            report.unchanged += 1
    return changes
