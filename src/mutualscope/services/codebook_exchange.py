"""Codebooks in and out: import from CSV/YAML, export, and the bundled presets."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session

from mutualscope.errors import InvalidInput, NotFound
from mutualscope.io.codebooks import (
    FORMATS,
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


def apply_codebook(
    session: Session,
    specs: list[CodeSpec],
    *,
    source: str,
    update: bool = False,
    actor: str | None = None,
) -> ImportResult:
    """Add the codes that are missing. Existing codes keep their definition and colour
    unless ``update``, or unless they have none. All or nothing; one audit event."""
    added = updated = unchanged = 0
    with codebook_edit(session) as index:
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
        record_event(
            session,
            action="import",
            entity_type="codebook",
            after={"source": source, "added": added, "updated": updated},
            actor=actor,
        )
    return ImportResult(source, added, updated, unchanged)


def import_codebook(
    session: Session, path: Path, *, update: bool = False, actor: str | None = None
) -> ImportResult:
    """Import a codebook file (.csv with path,definition,colour or .yaml)."""
    specs = read_codebook(path)
    return apply_codebook(session, specs, source=str(path), update=update, actor=actor)


def codebook_specs(session: Session) -> list[CodeSpec]:
    index = CodeIndex.load(session)
    return [
        CodeSpec(index.parts(code.id), code.definition, code.colour) for code, _ in index.walk()
    ]


def export_codebook(session: Session, fmt: str) -> str:
    """The whole codebook as CSV or YAML text (re-importable)."""
    if fmt not in FORMATS:
        raise InvalidInput(
            f"Unknown codebook format {fmt!r}; expected one of {', '.join(FORMATS)}."
        )
    specs = codebook_specs(session)
    return write_codebook_csv(specs) if fmt == "csv" else write_codebook_yaml(specs)


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
