"""Codebooks in and out: import from CSV/XLSX/YAML, export, and the bundled presets."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session

from mutualscope.domain.codepaths import SEPARATOR
from mutualscope.errors import InvalidInput, NotFound
from mutualscope.io.codebooks import (
    FORMATS,
    CodebookReading,
    CodeSpec,
    parse_codebook_yaml,
    read_codebook,
    write_codebook_csv,
    write_codebook_yaml,
)
from mutualscope.services.audit import record_event
from mutualscope.services.codebook import CodeIndex, create_code_path
from mutualscope.services.codebook_edits import codebook_edit

PRESET_PACKAGE = "mutualscope.services.data.codebooks"


@dataclass(frozen=True)
class ImportResult:
    source: str
    added: int
    updated: int
    unchanged: int
    #: The spreadsheet columns read, e.g. ``"tag (code paths)"``, and those left.
    columns: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    #: What reading the file found worth telling (repeated rows read once ...).
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False


class _DryRun(Exception):
    """Raised inside the edit so that it rolls back, after the counting."""


def apply_codebook(
    session: Session,
    specs: list[CodeSpec],
    *,
    source: str,
    update: bool = False,
    actor: str | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Add the codes that are missing. Existing codes keep their definition and colour
    unless ``update``, or unless they have none. All or nothing; one audit event. A dry
    run counts the same and then changes nothing."""
    try:
        with codebook_edit(session) as index:
            added, updated, unchanged = _apply(session, index, specs, update=update)
            record_event(
                session,
                action="import",
                entity_type="codebook",
                after={"source": source, "added": added, "updated": updated},
                actor=actor,
            )
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return ImportResult(source, added, updated, unchanged, dry_run=dry_run)


def _apply(
    session: Session, index: CodeIndex, specs: list[CodeSpec], *, update: bool
) -> tuple[int, int, int]:
    added = updated = unchanged = 0
    for spec in specs:
        existing = index.find(spec.parts)
        if existing is None:
            create_code_path(
                session, index, spec.parts, definition=spec.definition, colour=spec.colour
            )
            added += 1
            continue
        changed = False
        if spec.definition and (update or not existing.definition):
            changed |= existing.definition != spec.definition
            existing.definition = spec.definition
        if spec.colour and (update or not existing.colour):
            changed |= existing.colour != spec.colour
            existing.colour = spec.colour
        updated += changed
        unchanged += not changed
    return added, updated, unchanged


def import_codebook(
    session: Session,
    path: Path,
    *,
    update: bool = False,
    actor: str | None = None,
    separator: str = SEPARATOR,
    dry_run: bool = False,
) -> ImportResult:
    """Import a codebook file: a spreadsheet (.csv, .tsv or .xlsx; mutualscope's own,
    Taguette's, or with headers such as Code, Parent, Description, Colour) whose paths
    use ``separator``, or YAML."""
    reading: CodebookReading = read_codebook(path, separator=separator)
    result = apply_codebook(
        session, reading.specs, source=str(path), update=update, actor=actor, dry_run=dry_run
    )
    return ImportResult(
        result.source,
        result.added,
        result.updated,
        result.unchanged,
        columns=reading.columns,
        ignored=reading.ignored,
        notes=reading.notes,
        dry_run=dry_run,
    )


def codebook_specs(session: Session) -> list[CodeSpec]:
    index = CodeIndex.load(session)
    return [
        CodeSpec(index.parts(code.id), code.definition, code.colour) for code, _ in index.walk()
    ]


def export_codebook(session: Session, fmt: str, *, separator: str = SEPARATOR) -> str:
    """The whole codebook as CSV (``path,description,colour``, which Taguette reads too;
    paths joined by ``separator``) or YAML text; both re-importable."""
    if fmt not in FORMATS:
        raise InvalidInput(
            f"Unknown codebook format {fmt!r}; expected one of {', '.join(FORMATS)}."
        )
    specs = codebook_specs(session)
    if fmt == "csv":
        return write_codebook_csv(specs, separator=separator)
    return write_codebook_yaml(specs)


def list_presets() -> list[dict[str, Any]]:
    """The bundled codebooks: name, title and description."""
    rows = []
    for entry in sorted(resources.files(PRESET_PACKAGE).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            data = yaml.safe_load(entry.read_text(encoding="utf-8"))
            rows.append(
                {
                    "name": entry.name.removesuffix(".yaml"),
                    "title": str(data.get("title", "")),
                    "description": str(data.get("description", "")),
                    "codes": len(parse_codebook_yaml(entry.read_text(encoding="utf-8"))),
                }
            )
    return rows


def preset_specs(name: str) -> list[CodeSpec]:
    entry = resources.files(PRESET_PACKAGE).joinpath(f"{name}.yaml")
    if not entry.is_file():
        known = ", ".join(p["name"] for p in list_presets())
        raise NotFound(f"No codebook preset {name!r}; the presets are: {known}.")
    return parse_codebook_yaml(entry.read_text(encoding="utf-8"), source=f"preset {name}")


def load_preset(
    session: Session, name: str, *, update: bool = False, actor: str | None = None
) -> ImportResult:
    """Load a bundled codebook (``seed``: the themes of the written evidence)."""
    return apply_codebook(
        session, preset_specs(name), source=f"preset {name}", update=update, actor=actor
    )
