"""``mutualscope agreement``: inter-coder agreement."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from mutualscope.cli.lazy import lazy_module
from mutualscope.cli.output import emit, format_option, to_json
from mutualscope.cli.state import CliState
from mutualscope.domain.choices import AGREEMENT_UNITS

if TYPE_CHECKING:
    from mutualscope.services import agreement as agreement_service
else:
    agreement_service = lazy_module("mutualscope.services.agreement")


def _shown(row: dict[str, Any]) -> dict[str, Any]:
    """Figures rounded for reading; undefined ones say so."""
    shown = dict(row)
    for key in ("percent_agreement", "kappa", "alpha"):
        value = row[key]
        shown[key] = "n/a" if value is None else f"{value:.3f}"
    return shown


@click.command()
@click.option(
    "--coders", required=True, multiple=True, help="Two or more coders: --coders A B [C ...]."
)
@click.argument("more_coders", nargs=-1)
@click.option("--code", help="Only this code and its sub-codes.")
@click.option(
    "--unit",
    type=click.Choice(AGREEMENT_UNITS),
    default="character",
    show_default=True,
    help="Compare characters or speaker turns.",
)
@format_option()
@click.pass_obj
def agreement(
    state: CliState,
    coders: tuple[str, ...],
    more_coders: tuple[str, ...],
    code: str | None,
    unit: str,
    fmt: str,
) -> None:
    """Agreement between coders: percentage agreement, Cohen's kappa per code and
    pooled, and Krippendorff's alpha (nominal; any number of coders).

    With more than two coders, percentage agreement and kappa are means over pairs.
    Undefined figures (e.g. a code nobody used) show as n/a, null in JSON.
    JSON: {coders, unit, documents, units, compared, codes: [row], pooled: row}, each
    row {code, units, both, only_first, only_second, neither, percent_agreement, kappa,
    alpha}; CSV: the rows, pooled last.

    \b
    Example:
      mutualscope agreement --coders ana ben
      mutualscope agreement --coders ana ben --unit turn --code "Funding sources"
    """
    names = [*coders, *more_coders]
    with state.project.session() as session:
        report = agreement_service.compute_agreement(session, coders=names, code=code, unit=unit)
    columns = list(agreement_service.ROW_FIELDS)
    if fmt == "json":
        click.echo(to_json(report.as_dict()))
    elif fmt == "csv":
        emit([*report.codes, report.pooled], "csv", columns)
    else:
        click.echo(f"Coders: {', '.join(report.coders)} (first = {report.coders[0]}).")
        click.echo(report.compared)
        click.echo("")
        if len(report.coders) > 2:
            columns = ["code", "units", "percent_agreement", "kappa", "alpha"]
        emit([_shown(r) for r in [*report.codes, report.pooled]], "table", columns)
