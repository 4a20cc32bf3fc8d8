"""A codebook with what round trips must keep: three levels, definitions and colours,
names holding '/', a backslash, a dot, '>' and an astral character."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session
from tests.audit_trail import empty_audit_trail
from tests.conftest import empty_all_tables

from mutualscope.services.codebook import add_code, list_codes
from mutualscope.services.project import Project
from mutualscope.storage.models import Base

#: (path as typed, definition, colour)
SAMPLE_CODES = [
    ("Enablers", "What helps a mutual innovate", "#1b9e77"),
    ("Enablers/Funding sources", "Where the money came from", "#d95f02"),
    ("Enablers/Funding sources/Surplus", 'Surplus reinvested, e.g. "we kept it"', "#7570b3"),
    ("Enablers/Staff\\/member voice", "Staff and members speaking up; a '/' in the name", None),
    ("Enablers/Staff\\/member voice/Pay, rewards > bonuses", None, "#e7298a"),
    ("Barriers", None, None),
    ("Barriers/Austerity 🙂 (4.1.1)", "Cuts\nover two lines", "#66a61e"),
    ("Barriers/Cases\\Case 1", "A backslash kept as written", None),
]


def build_sample_codebook(session: Session) -> None:
    for path, definition, colour in SAMPLE_CODES:
        add_code(session, path, definition=definition, colour=colour)


def codebook_shape(session: Session) -> list[dict[str, Any]]:
    """What a round trip must keep of each code: path, name, depth, definition, colour."""
    keep = ("path", "name", "depth", "definition", "colour")
    return [{key: row[key] for key in keep} for row in list_codes(session)]


def start_afresh(project: Project) -> None:
    """Empty every table, so that the project is as a new one (on either backend)."""
    if project.engine.dialect.name == "postgresql":
        empty_all_tables(project)
        return
    with project.engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name != "audit_event":
                conn.execute(table.delete())
        empty_audit_trail(conn)
