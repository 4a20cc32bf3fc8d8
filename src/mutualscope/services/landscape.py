"""Landscape statistics over the registry, computed in the database, and their prose.

- :func:`landscape_stats` — one field's distribution as a JSON-ready dict.
- :func:`landscape_distribution` — the same as a :class:`Distribution` object.
- :func:`region_counts` — organisations per ONS region code, for maps.
- :func:`landscape_summary` — the landscape as paragraphs of prose.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, case, distinct, func, select
from sqlalchemy.orm import Session, aliased

from mutualscope.domain.landscape import (
    FIELDS,
    Distribution,
    Filter,
    ValueCount,
    order_values,
    parse_field,
)
from mutualscope.domain.missing import BadValue
from mutualscope.domain.money import TURNOVER_BANDS
from mutualscope.domain.narrative import LandscapeFacts, compose_summary
from mutualscope.domain.records import Vocabularies
from mutualscope.domain.regions import REGION_NAMES, REGIONS
from mutualscope.domain.sizes import SIZE_BANDS
from mutualscope.errors import InvalidInput
from mutualscope.services.organisations import filter_condition, parse_filters
from mutualscope.services.vocabularies import load_vocabularies
from mutualscope.storage.organisations import Organisation, OrganisationService

_ORG = Organisation


def _size_band_expression() -> ColumnElement[Any]:
    whens = []
    for band in SIZE_BANDS:
        if band.maximum is None:
            whens.append((_ORG.employees_min >= band.minimum, band.key))
        else:
            whens.append(
                (
                    and_(
                        _ORG.employees_min >= band.minimum,
                        _ORG.employees_max.is_not(None),
                        _ORG.employees_max <= band.maximum,
                    ),
                    band.key,
                )
            )
    return case(*whens, else_=None)


def _column(field: str) -> ColumnElement[Any]:
    columns: dict[str, Any] = {
        "sector": _ORG.sector,
        "region": _ORG.region_code,
        "year": _ORG.year_established,
        "route": _ORG.route,
        "legal-form": _ORG.legal_form,
        "status": _ORG.status,
        "asset-lock": _ORG.asset_lock,
    }
    if field == "size":
        return _size_band_expression()
    column: ColumnElement[Any] = columns[field]
    return column


def _labeller(field: str, vocabularies: Vocabularies) -> Any:
    labels = {
        "sector": vocabularies.sector.label,
        "services": vocabularies.service.label,
        "route": vocabularies.route.label,
        "legal-form": vocabularies.legal_form.label,
        "region": lambda v: REGION_NAMES.get(v, v),
        "size": lambda v: next(b.label for b in SIZE_BANDS if b.key == v),
        "turnover": lambda v: next(b.label for b in TURNOVER_BANDS if b.key == v),
    }
    return labels.get(field, str)


def landscape_distribution(
    session: Session, *, by: str, where: Sequence[str | Filter] = ()
) -> Distribution:
    """How the organisations matching ``where`` spread over the values of field ``by``.

    ``by`` is one of sector, services, region, size, year, turnover, route, legal-form,
    status, asset-lock. Regions list all nine (zeros included); other fields list the
    values present.
    """
    try:
        field = parse_field(by)
    except BadValue as error:
        raise InvalidInput(f"Cannot count by {by!r}; expected {error.expected}.") from None
    filters = parse_filters(session, where)
    condition = filter_condition(filters)
    vocabularies = load_vocabularies(session)
    label = _labeller(field, vocabularies)
    mentions = None
    if field == "services":
        denominator, known, counts = _service_counts(session, condition, filtered=bool(filters))
        mentions = sum(counts.values())
    elif field == "turnover":
        denominator, counts = _turnover_counts(session, condition)
        known = sum(counts.values())
    else:
        # One pass: the NULL group holds the organisations whose value is missing.
        grouped = _column(field)
        if field == "region" and filters:
            # With a filter, SQLite would walk the region index to save sorting and fetch
            # every row from it in index order, twice as slow as scanning the table and
            # sorting; an expression on the column keeps the index for lookups only.
            grouped = _ORG.region_code.concat("")
        column = grouped.label("value")
        rows = session.execute(select(column, func.count()).where(condition).group_by(column))
        counts = {}
        denominator = 0
        for value, count in rows:
            denominator += int(count)
            if value is not None:
                counts[_text(value)] = int(count)
        known = sum(counts.values())
    if field == "region":
        for region in REGIONS:
            counts.setdefault(region.code, 0)
    values = [ValueCount(value, label(value), count) for value, count in counts.items()]
    return Distribution(field, denominator, known, order_values(field, values), mentions)


def _turnover_counts(
    session: Session, condition: ColumnElement[bool]
) -> tuple[int, dict[str, int]]:
    """(organisations selected, organisations per turnover band present).

    Counts below each band's upper limit, in one scan without grouping (sorting the rows
    by band took twice as long as the scan): a band holds the amounts below its limit
    less those below the previous band's, the open last band those above them all.
    """
    limits = [band.maximum for band in TURNOVER_BANDS if band.maximum is not None]
    below = [func.count(case((_ORG.turnover_gbp < limit, 1))) for limit in limits]
    total, known, *cumulative = session.execute(
        select(func.count(), func.count(_ORG.turnover_gbp), *below).where(condition)
    ).one()
    counts = {}
    previous = 0
    for band, upto in zip(TURNOVER_BANDS, [*cumulative, known], strict=True):
        if upto - previous:
            counts[band.key] = int(upto - previous)
        previous = upto
    return int(total), counts


def _service_counts(
    session: Session, condition: ColumnElement[bool], *, filtered: bool
) -> tuple[int, int, dict[str, int]]:
    """(organisations selected, those with a service, organisations per service)."""
    link = OrganisationService
    denominator = session.scalar(select(func.count()).select_from(_ORG).where(condition)) or 0
    if not filtered:
        # (organisation_id, service) is the primary key, so count(*) counts organisations.
        per_service = select(link.service, func.count()).group_by(link.service)
        counts = {str(value): int(count) for value, count in session.execute(per_service)}
        with_any = session.scalar(select(func.count(distinct(link.organisation_id))))
        return denominator, int(with_any or 0), counts
    # One pass over the selected organisations and their links: the NULL group holds
    # those without a service. The links are aliased so that a services filter in the
    # condition still looks at every link of its organisation.
    joined = aliased(OrganisationService)
    rows = session.execute(
        select(joined.service, func.count())
        .select_from(_ORG)
        .outerjoin(joined, joined.organisation_id == _ORG.id)
        .where(condition)
        .group_by(joined.service)
    )
    counts = {}
    without = 0
    for value, count in rows:
        if value is None:
            without = int(count)
        else:
            counts[str(value)] = int(count)
    return denominator, denominator - without, counts


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def landscape_stats(
    session: Session, *, by: str, where: Sequence[str | Filter] = ()
) -> dict[str, Any]:
    """One field's distribution as a JSON-ready dict (the ``orgs stats`` JSON).

    Keys: ``field``, ``where`` (the filters as read), ``denominator`` (organisations
    selected), ``known``, ``missing``, ``share_of``, ``multi_valued``, ``mentions``
    (multi-valued fields: values counted over all organisations) and ``values``: a list of
    ``{value, label, count, share, percent}`` (plus ``share_of_mentions`` for services).
    ``share`` is ``count / known``, so "12 of 52" and "23%" are both derivable. Example::

        landscape_stats(session, by="region", where=["sector=health and social care"])
    """
    filters = parse_filters(session, where)
    distribution = landscape_distribution(session, by=by, where=filters)
    return {"where": [str(f) for f in filters], **distribution.to_dict()}


def region_counts(session: Session, *, where: Sequence[str | Filter] = ()) -> dict[str, int]:
    """Organisations per ONS region code (all nine, zeros included), for a map."""
    distribution = landscape_distribution(session, by="region", where=where)
    return {v.value: v.count for v in distribution.values}


def _focus_sector(sectors: Distribution, filters: Sequence[Filter]) -> ValueCount | None:
    """The sector described in detail: the largest, when the selection spans several."""
    if any(f.field == "sector" for f in filters) or len(sectors.values) < 2:
        return None
    ranked = sorted(sectors.values, key=lambda v: -v.count)
    if ranked[0].count == ranked[1].count:
        return None
    return ranked[0]


def landscape_facts(
    session: Session, *, where: Sequence[str | Filter] = (), focus: str | None = None
) -> LandscapeFacts:
    """The figures :func:`landscape_summary` writes about.

    ``focus`` names a sector to describe in detail; by default the largest sector when the
    selection spans several (as the seed describes its 52 health and social care mutuals
    and mentions the 19 others), or ``"all"`` for the whole selection.
    """
    filters = parse_filters(session, where)
    vocabularies = load_vocabularies(session)
    sectors = landscape_distribution(session, by="sector", where=filters)
    if focus == "all":
        chosen = None
    elif focus:
        key = vocabularies.sector.find(focus)
        if key is None:
            raise InvalidInput(f"No sector {focus!r}; expected {vocabularies.sector.accepted}.")
        chosen = ValueCount(key, vocabularies.sector.label(key), sectors.count_of(key))
    else:
        chosen = _focus_sector(sectors, filters)
    scoped = [*filters, Filter("sector", chosen.value)] if chosen else list(filters)

    def dist(by: str, extra: Sequence[Filter] = ()) -> Distribution:
        return landscape_distribution(session, by=by, where=[*scoped, *extra])

    years = dist("year")
    modal_routes = None
    if years.known:
        modal = max(years.values, key=lambda v: (v.count, v.value))
        modal_routes = dist("route", [Filter("year", int(modal.value))])
    sizes = dist("size")
    services = dist("services")
    top_in_largest = None
    if services.values and sizes.values:
        top = max(services.values, key=lambda v: v.count)
        largest = SIZE_BANDS[-1].key
        band_count = sizes.count_of(largest)
        both = dist("size", [Filter("services", top.value)])
        top_in_largest = (both.count_of(largest), band_count)
    condition = filter_condition(scoped)
    known, low, high = session.execute(
        select(
            func.count(_ORG.turnover_gbp), func.min(_ORG.turnover_gbp), func.max(_ORG.turnover_gbp)
        ).where(condition)
    ).one()
    return LandscapeFacts(
        total=sectors.denominator,
        sectors=sectors,
        focus=chosen.label if chosen else None,
        focus_size=years.denominator,
        years=years,
        modal_year_routes=modal_routes,
        regions=dist("region"),
        sizes=sizes,
        turnover_known=int(known),
        turnover_min=low,
        turnover_max=high,
        services=services,
        top_service_in_largest=top_in_largest,
        service_notes={t.key: t.description for t in vocabularies.service.terms if t.description},
    )


def landscape_summary(
    session: Session, *, where: Sequence[str | Filter] = (), focus: str | None = None
) -> list[str]:
    """The landscape as paragraphs of prose, written from the numbers (see
    :mod:`mutualscope.domain.narrative`): scope and years; regions, size and turnover;
    services. ``where`` and ``focus`` are as for :func:`landscape_facts`."""
    return compose_summary(landscape_facts(session, where=where, focus=focus))


__all__ = [
    "FIELDS",
    "landscape_distribution",
    "landscape_facts",
    "landscape_stats",
    "landscape_summary",
    "region_counts",
]
