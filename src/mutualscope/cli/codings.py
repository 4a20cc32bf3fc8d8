"""``mutualscope codings``: codes applied to spans of documents."""

from __future__ import annotations

import json
from pathlib import Path

import click

from mutualscope.cli.group import MutualscopeGroup
from mutualscope.cli.output import emit, format_option, to_json
from mutualscope.cli.state import CliState
from mutualscope.services import codings as codings_service


@click.group(cls=MutualscopeGroup)
def codings() -> None:
    """Codings: a code applied by a coder to a span of a document.

    Offsets are code points into the stored text, end exclusive.

    \b
    Example:
      mutualscope codings add case3-ceo.txt --code Austerity --match "savings come first"
      mutualscope codings list --code Austerity
    """


@codings.command("add")
@click.argument("document")
@click.option("--code", "code", required=True, help="Code path, e.g. 'Funding sources/Surplus'.")
@click.option("--start", type=int, help="First code point of the span.")
@click.option("--end", type=int, help="Code point after the span (end exclusive).")
@click.option(
    "--match",
    help="Text to code instead of offsets; must occur once. Matched exactly where it can, "
    "else ignoring spaces, line breaks, quote and dash styles and hyphenation.",
)
@click.option("--occurrence", type=int, help="Which occurrence of --match (1 = first).")
@click.option("--coder", help="Who is coding (made a coder if new).")
@click.option("--memo", help="A memo to attach to the coding.")
@click.pass_obj
def add(
    state: CliState,
    document: str,
    code: str,
    start: int | None,
    end: int | None,
    match: str | None,
    occurrence: int | None,
    coder: str | None,
    memo: str | None,
) -> None:
    """Code a span of DOCUMENT (its name or id) by offsets or by its text.

    A coder codes a span with a code once: adding the same coding again reports the
    one there is (and adds --memo to it).

    \b
    Example:
      mutualscope codings add case3-ceo.txt --code "Funding sources/Surplus" \\
        --match "we used the surplus" --coder ana
      mutualscope codings add 12 --code Austerity --start 120 --end 180 --coder ben
    """
    with state.project.session() as session:
        saved = codings_service.save_coding(
            session,
            document,
            code,
            start=start,
            end=end,
            match=match,
            occurrence=occurrence,
            coder=coder,
            memo=memo,
        )
    coding = saved.coding
    if saved.created:
        click.echo(f"Added coding {coding.id} ({coding.start}-{coding.end}).")
    else:
        who = f" by {coder}" if coder else " without a coder"
        click.echo(
            f"Coding {coding.id} ({coding.start}-{coding.end}) already codes this span with "
            f"{code}{who}; nothing was added" + ("; the memo was added to it." if memo else ".")
        )


@codings.command("remove")
@click.argument("coding_id", type=int)
@click.pass_obj
def remove(state: CliState, coding_id: int) -> None:
    """Remove a coding by id (memos on it are kept as project memos).

    \b
    Example:
      mutualscope codings remove 42
    """
    with state.project.session() as session:
        codings_service.remove_coding(session, coding_id)
    click.echo(f"Removed coding {coding_id}.")


def filter_options(func: click.decorators.FC) -> click.decorators.FC:
    options = [
        click.option("--code", help="Only this code."),
        click.option("--subcodes", is_flag=True, help="With --code: include its sub-codes."),
        click.option("--doc", "document", help="Only this document (name or id)."),
        click.option("--case", help="Only this case ('Case 3' or '3')."),
        click.option("--role", help="Only passages spoken by this role."),
        click.option("--coder", help="Only this coder's codings."),
        click.option(
            "--where", multiple=True, help="Organisation filter org.FIELD=VALUE (repeatable)."
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@codings.command("list")
@filter_options
@click.option("--limit", type=int, help="Show at most this many codings.")
@click.option("--offset", type=int, default=0, help="Skip this many codings first.")
@format_option()
@click.pass_obj
def list_(
    state: CliState,
    fmt: str,
    limit: int | None,
    offset: int,
    code: str | None,
    subcodes: bool,
    document: str | None,
    case: str | None,
    role: str | None,
    coder: str | None,
    where: tuple[str, ...],
) -> None:
    """List codings in document order with code, attribution and text.

    JSON: a list of {coding_id, code, document, start, end, text, role, case, coder,
    created_at}.

    \b
    Example:
      mutualscope codings list --code "Funding sources" --subcodes --role CEO
      mutualscope codings list --doc case3-ceo.txt --format json
      mutualscope codings list --coder ana --limit 50 --offset 100
    """
    with state.project.session() as session:
        rows = codings_service.list_codings(
            session,
            code=code,
            subcodes=subcodes,
            document=document,
            case=case,
            role=role,
            coder=coder,
            where=where,
            offset=offset,
            limit=limit,
        )
    emit(rows, fmt, list(codings_service.LIST_FIELDS), empty="No codings match.")


@codings.command("export")
@filter_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "xlsx", "json"]),
    default="csv",
    show_default=True,
    help="Output format.",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Output file.")
@click.pass_obj
def export(
    state: CliState,
    fmt: str,
    out: Path | None,
    code: str | None,
    subcodes: bool,
    document: str | None,
    case: str | None,
    role: str | None,
    coder: str | None,
    where: tuple[str, ...],
) -> None:
    """Export codings as tidy rows: coding, code path, document, case, participant,
    role, organisation fields (org_*), offsets and text. xlsx needs --out.

    \b
    Example:
      mutualscope codings export --format xlsx --out codings.xlsx
      mutualscope codings export --code Austerity --format json
    """
    with state.project.session() as session:
        frame = codings_service.codings_dataframe(
            session,
            code=code,
            subcodes=subcodes,
            document=document,
            case=case,
            role=role,
            coder=coder,
            where=where,
        )
    if fmt == "xlsx":
        if out is None:
            raise click.UsageError("--format xlsx needs --out FILE.")
        # Excel has no time zones: write UTC times.
        for column in frame.select_dtypes(include=["datetimetz"]).columns:
            frame[column] = frame[column].dt.tz_convert("UTC").dt.tz_localize(None)
        frame.to_excel(out, index=False, sheet_name="codings")
    elif fmt == "json":
        text = to_json(json.loads(frame.to_json(orient="records", date_format="iso")))
        _write(text + "\n", out)
    else:
        _write(frame.to_csv(index=False, date_format="%Y-%m-%dT%H:%M:%S%z"), out)
    if out is not None:
        click.echo(f"Wrote {len(frame)} coding(s) to {out}", err=True)


def _write(text: str, out: Path | None) -> None:
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
