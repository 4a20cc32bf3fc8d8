"""``mutualscope quotes``: coded passages with their attribution."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from mutualscope.cli.lazy import lazy_module
from mutualscope.cli.output import emit
from mutualscope.cli.state import CliState

if TYPE_CHECKING:
    from mutualscope.services import quotes as quotes_service
    from mutualscope.services.exports import Export
    from mutualscope.services.protection import quoting as quoting_service
else:
    quotes_service = lazy_module("mutualscope.services.quotes")
    quoting_service = lazy_module("mutualscope.services.protection.quoting")

#: Formats written to a file with ``--out``.
FILE_FORMATS = ("csv", "xlsx", "docx")

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


def save_export(export: Export, out: str) -> None:
    """Write an export where --out says, and say what was written."""
    with open(out, "wb") as file:
        file.write(export.content)
    left = f"; {export.left_out} left out for consent" if export.left_out else ""
    counted = f" ({export.quotes} quote{'s' if export.quotes != 1 else ''}{left})"
    click.echo(f"Wrote {out}{counted if export.quotes or export.left_out else ''}.", err=True)
    if export.warning:
        click.echo(export.warning, err=True)


IDENTIFIABLE = click.option(
    "--identifiable",
    is_flag=True,
    help="Quote the original, identifiable words even when the project has a "
    "pseudonymised text (`protect apply`), which is used by default.",
)


def check_out(fmt: str, out: str | None, formats: tuple[str, ...]) -> None:
    if fmt in formats and fmt != "csv" and out is None:
        raise click.UsageError(f"--format {fmt} writes a file: give it with --out FILE.")
    if out is not None and fmt not in formats:
        raise click.UsageError(
            f"--out writes {', '.join(formats)}: give --format with one of them."
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
    default=None,
    help="Attribution style: (CEO, case 3) or (CEO of case 3). [default: comma; "
    "files written with --out: of, as in reports]",
)
@click.option(
    "--times",
    is_flag=True,
    help="Give a quote from a timed transcript its time in the recording: (CEO, case 3, 12:41).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "md", "xlsx", "docx"]),
    default="table",
    show_default=True,
    help="Output format (md: block quotes with their sources; xlsx, docx: a file, with --out).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the quotes to this file as --format csv, xlsx or docx: one row per passage "
    "with its codes and coders, consent applied as in reports.",
)
@IDENTIFIABLE
@click.pass_obj
def quotes(
    state: CliState,
    code: str,
    subcodes: bool,
    role: str | None,
    case: str | None,
    where: tuple[str, ...],
    coder: str | None,
    style: str | None,
    times: bool,
    fmt: str,
    out: str | None,
    identifiable: bool,
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
      mutualscope quotes Austerity --subcodes --format xlsx --out austerity.xlsx

    With --out (csv, xlsx or docx) the file holds one row per passage, the codings of
    the same words joined (codes and coders listed), attributed as reports attribute
    them; words a report would not quote for consent are left out and counted.

    Once `mutualscope protect apply` has built the pseudonymised text, quotes are taken
    from it ("[CEO, case 3] said ..."), and participant and document names go through
    the project's key; --identifiable gives the original words. A quoted document with no
    pseudonymised text made on its current words is quoted as it is and named in a
    warning.
    """
    check_out(fmt, out, FILE_FORMATS)
    if out is not None:
        from mutualscope.services.exports import export_quotes
        from mutualscope.services.quote_browsing import QuoteFilters

        chosen = QuoteFilters(code, subcodes, role, case, where, coder)
        with state.project.session() as session:
            export = export_quotes(
                session, chosen, fmt, style=style or "of", identifiable=identifiable
            )
        save_export(export, out)
        return
    with state.project.session() as session:
        found = quotes_service.find_quotes(
            session,
            code,
            subcodes=subcodes,
            role=role,
            case=case,
            where=where,
            coder=coder,
            style=style or "comma",
            times=times,
        )
        words = quoting_service.QuoteText(session, identifiable=identifiable)
        found = words.quotes(found)
    if words.warning():
        click.echo(words.warning(), err=True)
    echo_quotes(found, fmt, heading=code)
