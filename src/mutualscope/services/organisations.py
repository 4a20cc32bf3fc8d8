"""The organisation registry: listing, showing and selecting organisations.

Each organisation is given as a plain dict (see :func:`organisation_record`) so the CLI,
the web app and reports all read the same fields. Importing is in
:mod:`mutualscope.services.organisation_imports`; statistics in
:mod:`mutualscope.services.landscape`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Select, and_, exists, false, or_, select, true
from sqlalchemy.orm import Session

from mutualscope.domain.landscape import Filter, parse_filter
from mutualscope.domain.missing import BadValue
from mutualscope.domain.money import TURNOVER_BANDS, turnover_band
from mutualscope.domain.records import Vocabularies, name_key
from mutualscope.domain.regions import REGION_NAMES
from mutualscope.domain.sizes import SIZE_BANDS, size_band
from mutualscope.errors import InvalidInput, NotFound
from mutualscope.services.vocabularies import load_vocabularies
from mutualscope.storage.organisations import Organisation, OrganisationService

if TYPE_CHECKING:
    import pandas as pd

LIST_COLUMNS = ["id", "name", "sector", "region", "employees", "turnover_gbp", "year_established"]


def parse_filters(session: Session, where: Sequence[str | Filter] = ()) -> list[Filter]:
    """Read ``FIELD=VALUE`` texts into filters; InvalidInput names any that cannot be read."""
    vocabularies = load_vocabularies(session)
    filters: list[Filter] = []
    problems: list[str] = []
    for item in where:
        if isinstance(item, Filter):
            filters.append(item)
            continue
        try:
            filters.append(parse_filter(item, vocabularies))
        except BadValue as error:
            problems.append(f"--where {item}: expected {error.expected}")
    if problems:
        raise InvalidInput("Cannot read the filter:", problems=problems)
    return filters


def filter_condition(filters: Sequence[Filter]) -> ColumnElement[bool]:
    """One SQL condition: filters on the same field are OR-ed, different fields AND-ed."""
    by_field: dict[str, list[ColumnElement[bool]]] = {}
    for item in filters:
        by_field.setdefault(item.field, []).append(_condition(item))
    if not by_field:
        return true()
    return and_(*(or_(*conditions) for conditions in by_field.values()))


def _condition(item: Filter) -> ColumnElement[bool]:
    org = Organisation
    value = item.value
    if item.field == "services":
        return exists().where(
            OrganisationService.organisation_id == org.id, OrganisationService.service == value
        )
    if item.field == "size":
        band = next(b for b in SIZE_BANDS if b.key == value)
        if band.maximum is None:
            return org.employees_min >= band.minimum
        return and_(
            org.employees_min >= band.minimum,
            org.employees_max.is_not(None),
            org.employees_max <= band.maximum,
        )
    if item.field == "turnover":
        tband = next(b for b in TURNOVER_BANDS if b.key == value)
        low = org.turnover_gbp >= tband.minimum
        return low if tband.maximum is None else and_(low, org.turnover_gbp < tband.maximum)
    column = {
        "sector": org.sector,
        "region": org.region_code,
        "year": org.year_established,
        "route": org.route,
        "legal-form": org.legal_form,
        "status": org.status,
        "asset-lock": org.asset_lock,
    }.get(item.field)
    return false() if column is None else column == value


def select_organisations(filters: Sequence[Filter] = ()) -> Select[Organisation]:
    return select(Organisation).where(filter_condition(filters)).order_by(Organisation.name_key)


def describe_employees(minimum: int | None, maximum: int | None) -> str | None:
    """'120', '50-249', '1,000 or more', 'fewer than 50'."""
    if minimum is None:
        return None
    if maximum is None:
        return f"{minimum:,} or more"
    if minimum == maximum:
        return f"{minimum:,}"
    if minimum == 0:
        return f"fewer than {maximum + 1:,}"
    return f"{minimum:,}-{maximum:,}"


def organisation_record(org: Organisation, vocabularies: Vocabularies) -> dict[str, Any]:
    """An organisation as a JSON-ready dict (stable keys, documented in docs/registry.md)."""
    band = size_band(org.employees_min, org.employees_max)
    tband = turnover_band(org.turnover_gbp)
    return {
        "id": org.id,
        "guid": org.guid,
        "name": org.name,
        "sector": org.sector,
        "sector_label": vocabularies.sector.label(org.sector) if org.sector else None,
        "services": sorted(s.service for s in org.services),
        "service_labels": sorted(vocabularies.service.label(s.service) for s in org.services),
        "region_code": org.region_code,
        "region": REGION_NAMES.get(org.region_code) if org.region_code else None,
        "region_derived": org.region_derived,
        "employees": describe_employees(org.employees_min, org.employees_max),
        "employees_min": org.employees_min,
        "employees_max": org.employees_max,
        "size_band": band.label if band else None,
        "turnover_gbp": org.turnover_gbp,
        "turnover_band": tband.label if tband else None,
        "year_established": org.year_established,
        "parent_body": org.parent_body,
        "route": org.route,
        "route_label": vocabularies.route.label(org.route) if org.route else None,
        "legal_form": org.legal_form,
        "legal_form_label": (
            vocabularies.legal_form.label(org.legal_form) if org.legal_form else None
        ),
        "asset_lock": org.asset_lock,
        "staff_ownership_share": org.staff_ownership_share,
        "status": org.status,
        "website": org.website,
        "companies_house_number": org.companies_house_number,
        "charity_number": org.charity_number,
        "society_number": org.society_number,
        "ods_code": org.ods_code,
        "postcode": org.postcode,
        "latitude": org.latitude,
        "longitude": org.longitude,
        "notes": org.notes,
        "attributes": dict(org.attributes or {}),
    }


def list_organisations(
    session: Session, *, where: Sequence[str | Filter] = (), limit: int | None = None
) -> list[dict[str, Any]]:
    """Organisations matching every ``where`` filter (``"region=Eastern"``), by name."""
    filters = parse_filters(session, where)
    vocabularies = load_vocabularies(session)
    query = select_organisations(filters)
    if limit is not None:
        query = query.limit(limit)
    return [organisation_record(org, vocabularies) for org in session.scalars(query)]


def get_organisation(session: Session, *, name: str) -> dict[str, Any]:
    """One organisation by id, exact name, normalised name or identifier.

    Raises NotFound, suggesting names that contain the text when there is no match.
    """
    org = _find(session, name)
    return organisation_record(org, load_vocabularies(session))


def _find(session: Session, text: str) -> Organisation:
    text = text.strip()
    if text.isdigit() and (org := session.get(Organisation, int(text))):
        return org
    key = name_key(text)
    matches = list(session.scalars(select(Organisation).where(Organisation.name_key == key)))
    if not matches:
        ident = text.upper().replace(" ", "")
        matches = list(
            session.scalars(
                select(Organisation).where(
                    or_(
                        Organisation.companies_house_number == ident,
                        Organisation.charity_number == ident,
                        Organisation.society_number == ident,
                        Organisation.ods_code == ident,
                    )
                )
            )
        )
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        ids = ", ".join(str(org.id) for org in matches)
        raise InvalidInput(f"{len(matches)} organisations are called {text!r}; use an id ({ids}).")
    similar = session.scalars(
        select(Organisation.name)
        .where(Organisation.name_key.contains(key))
        .order_by(Organisation.name_key)
        .limit(5)
    ).all()
    hint = f" Did you mean: {', '.join(similar)}?" if similar else ""
    raise NotFound(f"No organisation called {text!r}.{hint}")


def organisations_dataframe(
    session: Session, *, where: Sequence[str | Filter] = ()
) -> pd.DataFrame:
    """The registry as a pandas DataFrame, one row per organisation, indexed by id.

    Columns are the keys of :func:`organisation_record`; ``services`` holds lists, and
    missing values are ``None``/``NaN``, never guessed. Example::

        with project.session() as session:
            frame = organisations_dataframe(session, where=["sector=health and social care"])
        frame.groupby("region").size()
    """
    import pandas as pd  # imported here: pandas is slow to import and most commands skip it

    records = list_organisations(session, where=where)
    frame = pd.DataFrame.from_records(records, columns=["id", *RECORD_KEYS])
    return frame.set_index("id")


# The keys of organisation_record after "id", in order: the DataFrame's columns.
RECORD_KEYS = [
    "guid",
    "name",
    "sector",
    "sector_label",
    "services",
    "service_labels",
    "region_code",
    "region",
    "region_derived",
    "employees",
    "employees_min",
    "employees_max",
    "size_band",
    "turnover_gbp",
    "turnover_band",
    "year_established",
    "parent_body",
    "route",
    "route_label",
    "legal_form",
    "legal_form_label",
    "asset_lock",
    "staff_ownership_share",
    "status",
    "website",
    "companies_house_number",
    "charity_number",
    "society_number",
    "ods_code",
    "postcode",
    "latitude",
    "longitude",
    "notes",
    "attributes",
]
