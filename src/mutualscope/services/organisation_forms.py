"""Adding or changing one organisation from a form: the form's fields are read as a
one-row registry file, so they pass the importer's checks and get its messages
("column 'Employees': 'lots' — expected a number or a band such as 50-249")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from mutualscope.errors import InvalidInput, NotFound
from mutualscope.io.tables import Table
from mutualscope.services.organisation_imports import ImportReport, import_table
from mutualscope.services.organisations import get_organisation

#: (form field, the header a registry file would give it, what the form says about it).
FIELDS = (
    ("name", "Name", "as the organisation calls itself"),
    ("sector", "Sector", "e.g. health and social care, leisure"),
    ("services", "Services", "separated by ;"),
    ("region", "Region", "one of England's nine regions"),
    ("employees", "Employees", "a number or a band such as 50-249"),
    ("turnover", "Turnover", "in pounds, e.g. 1,200,000 or £1.2m"),
    ("year_established", "Year established", "e.g. 2011"),
    ("parent_body", "Parent body", "e.g. a PCT or a council"),
    ("route", "Route", "e.g. Right to Request"),
    ("legal_form", "Legal form", "e.g. CIC"),
    ("status", "Status", "e.g. trading"),
    ("website", "Website", ""),
)
#: The row number a one-row file's only row has (the header is row 1).
_ROW = 2
SOURCE = "The form"


@dataclass(frozen=True)
class SavedOrganisation:
    id: int
    name: str
    report: ImportReport


def form_values(record: Mapping[str, object]) -> dict[str, str]:
    """An organisation's fields as the form shows them for editing."""
    turnover = record.get("turnover_gbp")
    services = record.get("service_labels") or []
    return {
        "name": str(record.get("name") or ""),
        "sector": str(record.get("sector_label") or ""),
        "services": "; ".join(str(s) for s in services) if isinstance(services, list) else "",
        "region": str(record.get("region") or ""),
        "employees": str(record.get("employees") or "").replace("fewer than ", "<"),
        "turnover": "" if turnover is None else str(turnover),
        "year_established": str(record.get("year_established") or ""),
        "parent_body": str(record.get("parent_body") or ""),
        "route": str(record.get("route_label") or ""),
        "legal_form": str(record.get("legal_form_label") or ""),
        "status": str(record.get("status") or ""),
        "website": str(record.get("website") or ""),
    }


def save_organisation(
    session: Session,
    values: Mapping[str, str],
    *,
    existing_id: int | None = None,
    actor: str | None = None,
) -> SavedOrganisation:
    """Add an organisation (``existing_id`` None) or change the one with that id, after
    the importer's checks. A field left empty is not known. Raises InvalidInput with the
    importer's messages, one per refused field, and changes nothing then; raises
    InvalidInput when a new organisation's name is already taken, or an edit renames it."""
    name = (values.get("name") or "").strip()
    if not name:
        raise InvalidInput("An organisation needs a name.")
    if existing_id is not None:
        before = get_organisation(session, name=str(existing_id))
        if name != before["name"]:
            raise InvalidInput(
                f"Renaming is not done here: the name stays {before['name']!r} "
                "(the registry matches organisations by name)."
            )
    else:
        try:
            taken = get_organisation(session, name=name)
        except NotFound:
            taken = None
        if taken is not None:
            raise InvalidInput(
                f"There is already an organisation named {taken['name']!r}: change it on "
                "its own page."
            )
    headers = [header for _, header, _ in FIELDS]
    cells = [(values.get(key) or "").strip() for key, _, _ in FIELDS]
    table = Table(source=SOURCE, headers=headers, rows=[(_ROW, cells)])
    try:
        report = import_table(session, table=table, actor=actor)
    except InvalidInput as error:
        prefix = f"row {_ROW}, "
        problems = [p.removeprefix(prefix) for p in error.problems]
        if not problems:
            raise
        raise InvalidInput("Nothing was saved.", problems=problems) from error
    saved = get_organisation(session, name=name)
    return SavedOrganisation(saved["id"], saved["name"], report)
