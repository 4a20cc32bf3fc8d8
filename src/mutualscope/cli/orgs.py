"""``mutualscope orgs``: the organisation registry and its landscape statistics."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from mutualscope.cli.group import MutualscopeGroup
from mutualscope.cli.lazy import lazy_callable, lazy_module
from mutualscope.cli.output import emit, format_option, to_json
from mutualscope.cli.state import CliState
from mutualscope.domain.landscape import FIELDS
from mutualscope.domain.money import format_gbp

if TYPE_CHECKING:
    from mutualscope.services import landscape, organisations, vocabularies
    from mutualscope.services.organisation_imports import ImportReport, import_organisations
else:
    landscape = lazy_module("mutualscope.services.landscape")
    organisations = lazy_module("mutualscope.services.organisations")
    vocabularies = lazy_module("mutualscope.services.vocabularies")
    import_organisations = lazy_callable(
        "mutualscope.services.organisation_imports", "import_organisations"
    )


WHERE_HELP = (
    "Only organisations with FIELD=VALUE (sector, services, region, size, year, turnover, "
    "route, legal-form, status, asset-lock). Repeat: the same field is OR-ed, different "
    "fields AND-ed."
)
BY_HELP = "Field to count by: " + ", ".join(FIELDS) + "."


def where_option(function: Any) -> Any:
    return click.option("--where", "where", multiple=True, metavar="FIELD=VALUE", help=WHERE_HELP)(
        function
    )


@click.group(cls=MutualscopeGroup)
def orgs() -> None:
    """The registry of organisations and the landscape it describes.

    \b
    Example:
      mutualscope orgs import registry.csv
      mutualscope orgs stats --by region --where sector="health and social care"
      mutualscope orgs summary
      mutualscope orgs map --out regions.png
    """


@orgs.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--sheet", help="XLSX only: the sheet to read, by name or number (default first).")
@click.option("--dry-run", is_flag=True, help="Report what would change; change nothing.")
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="Import the good rows and list the bad ones (default: a bad row stops the import).",
)
@format_option("table", "json")
@click.pass_obj
def import_(
    state: CliState, file: Path, sheet: str | None, dry_run: bool, skip_invalid: bool, fmt: str
) -> None:
    """Import organisations from a CSV or XLSX file.

    Columns are recognised by their headers and common synonyms, however joined
    (Organisation name, OrganisationName, ORGANISATION_NAME, GOR, Region_Name, No. of
    employees, Turnover (£000), CompanyNumber ...); a Code column holding ODS codes or
    Companies House numbers is read as one; other columns are kept as free attributes.
    Delimiter and encoding are detected. Regions may be abbreviated (N. West, S.East);
    a row without one takes it from its latitude and longitude (or easting and
    northing), and a point up to 5 km off the coast is given its region with a warning.
    Re-importing updates organisations in place, matched by an identifier or else by
    name. Any bad row stops the whole import and every problem is listed, unless
    --skip-invalid.

    \b
    Example:
      mutualscope orgs import registry.csv --dry-run
      mutualscope orgs import registry.xlsx --sheet Mutuals
      mutualscope orgs import nhs-extract.csv --skip-invalid
    """
    with state.project.session() as session:
        report = import_organisations(
            session, path=file, sheet=sheet, dry_run=dry_run, skip_invalid=skip_invalid
        )
    if fmt == "json":
        click.echo(to_json(report.to_dict()))
        return
    echo_report(report)


def echo_report(report: ImportReport) -> None:
    verb = (
        ("would create", "would update", "would leave")
        if report.dry_run
        else ("created", "updated", "left")
    )
    click.echo(f"Read {report.source} ({report.file_format}).")
    free = [header for header, field in report.columns.items() if field == "attribute"]
    if free:
        click.echo("Kept as free attributes: " + ", ".join(free))
    for name, fields in report.updated:
        click.echo(f"  {verb[1]} {name}: {', '.join(fields)}")
    click.echo(
        f"{verb[0].capitalize()} {len(report.created)}, {verb[1]} {len(report.updated)}, "
        f"{verb[2]} {report.unchanged} unchanged."
        + (" Dry run: nothing was changed." if report.dry_run else "")
    )
    for note in report.notes:
        click.echo(f"Note: {note}")
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)
    if report.skipped:
        click.echo(f"Skipped rows with problems ({len(report.skipped)}):", err=True)
        for problem in report.skipped:
            click.echo(f"  {problem}", err=True)


@orgs.command("list")
@where_option
@click.option("--limit", type=int, help="Show at most this many.")
@format_option()
@click.pass_obj
def list_(state: CliState, where: tuple[str, ...], limit: int | None, fmt: str) -> None:
    """List organisations by name (JSON gives every field).

    \b
    Example:
      mutualscope orgs list --where region=Eastern --where size="<50"
      mutualscope orgs list --format csv > registry.csv
    """
    with state.project.session() as session:
        rows = organisations.list_organisations(session, where=where, limit=limit)
    if fmt == "json":
        emit(rows, fmt)
        return
    table = [
        {
            "id": r["id"],
            "name": r["name"],
            "sector": r["sector_label"],
            "region": r["region"],
            "employees": r["employees"],
            "turnover": format_gbp(r["turnover_gbp"]) if r["turnover_gbp"] is not None else None,
            "year": r["year_established"],
            "services": r["service_labels"],
        }
        for r in rows
    ]
    columns = ["id", "name", "sector", "region", "employees", "turnover", "year", "services"]
    emit(table, fmt, columns, empty="No organisations.")


@orgs.command("show")
@click.argument("name")
@format_option("table", "json")
@click.pass_obj
def show(state: CliState, name: str, fmt: str) -> None:
    """Show one organisation, by id, name (case and punctuation ignored) or identifier.

    \b
    Example:
      mutualscope orgs show "Fenmarsh Health CIC"
      mutualscope orgs show 12 --format json
    """
    with state.project.session() as session:
        record = organisations.get_organisation(session, name=name)
    if fmt == "json":
        click.echo(to_json(record))
        return
    attributes = record.pop("attributes")
    record["services"] = record.pop("service_labels")
    rows = [{"field": k, "value": v} for k, v in record.items() if v not in (None, [], "")]
    rows += [{"field": k, "value": v} for k, v in attributes.items()]
    emit(rows, "table", ["field", "value"])


@orgs.command("stats")
@click.option("--by", "by", required=True, metavar="FIELD", help=BY_HELP)
@where_option
@format_option()
@click.pass_obj
def stats(state: CliState, by: str, where: tuple[str, ...], fmt: str) -> None:
    """Count organisations by one field, with shares and what is missing.

    JSON carries the denominator, the number known and missing, and per value its count
    and share (of organisations with a known value; for services, of organisations, with
    the share of mentions beside it).

    \b
    Example:
      mutualscope orgs stats --by region
      mutualscope orgs stats --by services --where sector=health --format json
    """
    with state.project.session() as session:
        result = landscape.landscape_stats(session, by=by, where=where)
    if fmt == "json":
        click.echo(to_json(result))
        return
    rows = [
        {
            "value": v["value"],
            "label": v["label"],
            "count": v["count"],
            "share": v["share"],
            "percent": v["percent"],
        }
        for v in result["values"]
    ]
    if fmt == "csv":
        emit(rows, "csv", ["value", "label", "count", "share", "percent"])
        return
    emit(rows, "table", ["label", "count", "percent"], empty="No values.")
    click.echo(
        f"\n{result['denominator']} organisations; known {result['known']}, "
        f"missing {result['missing']}. Shares are of the {result['known']} with a known value"
        + (f" ({result['mentions']} mentions in all)." if result["multi_valued"] else ".")
    )


@orgs.command("summary")
@where_option
@click.option(
    "--focus",
    metavar="SECTOR|all",
    help="Sector to describe in detail (default: the largest when there are several).",
)
@format_option("text", "json", default="text")
@click.pass_obj
def summary(state: CliState, where: tuple[str, ...], focus: str | None, fmt: str) -> None:
    """The landscape as paragraphs of prose, written from the numbers.

    \b
    Example:
      mutualscope orgs summary
      mutualscope orgs summary --where region=London --focus all
    """
    with state.project.session() as session:
        paragraphs = landscape.landscape_summary(session, where=where, focus=focus)
    if fmt == "json":
        click.echo(to_json({"where": list(where), "focus": focus, "paragraphs": paragraphs}))
        return
    click.echo("\n\n".join(click.wrap_text(p, width=88) for p in paragraphs))


@orgs.command("map")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="A .png or .svg file.")
@click.option("--title", help="Title above the map.")
@where_option
@click.pass_obj
def map_(state: CliState, out: Path, title: str | None, where: tuple[str, ...]) -> None:
    """Draw a map of England's nine regions shaded by the number of organisations.

    \b
    Example:
      mutualscope orgs map --out regions.png
      mutualscope orgs map --out health.svg --where sector=health
    """
    from mutualscope.reports.maps import render_region_map

    with state.project.session() as session:
        stats_ = landscape.landscape_stats(session, by="region", where=where)
    counts = {v["value"]: v["count"] for v in stats_["values"]}
    subtitle = f"{stats_['denominator']} organisations"
    if stats_["where"]:
        subtitle += " where " + ", ".join(stats_["where"])
    if stats_["missing"]:
        subtitle += f"; region not known for {stats_['missing']}"
    render_region_map(counts, out, title=title or "Organisations by region", subtitle=subtitle)
    click.echo(f"Wrote {out} ({subtitle}).")


@orgs.command("chart")
@click.option("--by", "by", required=True, metavar="FIELD", help=BY_HELP)
@click.option("--out", type=click.Path(path_type=Path), required=True, help="A .png or .svg file.")
@click.option("--title", help="Title above the chart.")
@where_option
@click.pass_obj
def chart(state: CliState, by: str, out: Path, title: str | None, where: tuple[str, ...]) -> None:
    """Draw a bar chart of organisations by one field, with counts and shares.

    \b
    Example:
      mutualscope orgs chart --by size --out sizes.png
      mutualscope orgs chart --by year --out years.svg --where sector=health
    """
    from mutualscope.reports.charts import render_chart

    with state.project.session() as session:
        result = landscape.landscape_stats(session, by=by, where=where)
    render_chart(result, out, title=title)
    click.echo(f"Wrote {out} ({result['denominator']} organisations).")


@orgs.command("terms")
@click.argument("vocabulary", required=False)
@format_option()
@click.pass_obj
def terms(state: CliState, vocabulary: str | None, fmt: str) -> None:
    """List the terms imports accept for sector, service, route and legal-form.

    \b
    Example:
      mutualscope orgs terms service
    """
    with state.project.session() as session:
        rows = vocabularies.list_terms(session, vocabulary=vocabulary)
    emit(rows, fmt, ["vocabulary", "key", "label", "source"])


@orgs.command("add-term")
@click.argument("vocabulary")
@click.argument("label")
@click.option("--key", help="Key to store (default: made from the label).")
@click.option("--description", help="What the term covers.")
@click.pass_obj
def add_term(
    state: CliState, vocabulary: str, label: str, key: str | None, description: str | None
) -> None:
    """Add a term to a vocabulary (e.g. a service) so imports accept it.

    \b
    Example:
      mutualscope orgs add-term service "hospice care"
    """
    with state.project.session() as session:
        term = vocabularies.add_term(
            session, vocabulary=vocabulary, label=label, key=key, description=description
        )
    click.echo(
        f"Added {term['label']!r} to the {term['vocabulary']} vocabulary (key {term['key']})."
    )
