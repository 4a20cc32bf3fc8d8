"""``mutualscope quotes``: coded passages with their attribution."""

from __future__ import annotations

import click

from mutualscope.cli.output import emit
from mutualscope.cli.state import CliState
from mutualscope.services import quotes as quotes_service

TABLE_COLUMNS = ["coding_id", "attribution", "text", "document", "start", "end", "coder"]


def echo_quotes(quotes: list[quotes_service.Quote], fmt: str, heading: str | None) -> None:
    """Print quotes in any of the formats the quote-listing commands offer."""
    if fmt == "md":
        click.echo(quotes_service.quotes_markdown(quotes, heading=heading), nl=False)
        return
    rows = [q.as_dict() for q in quotes]
    columns = TABLE_COLUMNS if fmt == "table" else list(quotes_service.QUOTE_FIELDS)
    emit(rows, fmt, columns, empty="No quotes match.")


QUOTE_FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "md"]),
    default="table",
    show_default=True,
    help="Output format (md: block quotes with their sources).",
)


@click.command()
@click.argument("code")
@click.option("--subcodes", is_flag=True, help="Include passages coded with sub-codes.")
@click.option("--role", help="Only passages spoken by this role (e.g. CEO, commissioner).")
@click.option("--case", help="Only this case ('Case 3' or '3').")
@click.option(
    "--where",
    multiple=True,
    help="Organisation filter org.FIELD=VALUE, also != >= <= > < (repeatable).",
)
@click.option("--coder", help="Only this coder's codings.")
@click.option(
    "--style",
    type=click.Choice(["comma", "of"]),
    default="comma",
    show_default=True,
    help="Attribution style: (CEO, case 3) or (CEO of case 3).",
)
@click.option(
    "--times",
    is_flag=True,
    help="Give a quote from a timed transcript its time in the recording: (CEO, case 3, 12:41).",
)
@QUOTE_FORMAT
@click.pass_obj
def quotes(
    state: CliState,
    code: str,
    subcodes: bool,
    role: str | None,
    case: str | None,
    where: tuple[str, ...],
    coder: str | None,
    style: str,
    times: bool,
    fmt: str,
) -> None:
    """Quotes coded with CODE, attributed by role and case ("(CEO, case 3)"; external
    participants by role alone: "(Commissioner)"), with document and offsets.

    JSON: a list of {coding_id, code, text, attribution, role, external, participant,
    case, organisation, document, document_id, start, end, coder, created_at,
    time_start, time_end, recording}; the times are seconds into the recording, null for
    a transcript without times.

    \b
    Example:
      mutualscope quotes "Funding sources" --subcodes --role commissioner \\
        --where "org.employees_min>=1000"
      mutualscope quotes Austerity --format md
      mutualscope quotes Austerity --style of --times
    """
    with state.project.session() as session:
        found = quotes_service.find_quotes(
            session,
            code,
            subcodes=subcodes,
            role=role,
            case=case,
            where=where,
            coder=coder,
            style=style,
            times=times,
        )
    echo_quotes(found, fmt, heading=code)
