"""``mutualscope codings``: codes applied to spans of documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from mutualscope.cli.group import MutualscopeGroup
from mutualscope.cli.lazy import lazy_module
from mutualscope.cli.output import emit, format_option, to_json
from mutualscope.cli.state import CliState

if TYPE_CHECKING:
    from mutualscope.services import codings as codings_service
else:
    codings_service = lazy_module("mutualscope.services.codings")


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


#: The tools whose files ``codings import`` reads (``mutualscope.io.codings.DIALECT_KEYS``).
IMPORT_FORMATS = ("maxqda", "atlasti", "nvivo", "generic")


@codings.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--coder", help="Who made the codings of rows that name no coder (made a coder if new)."
)
@click.option(
    "--create-codes", is_flag=True, help="Create codes the codebook lacks instead of refusing."
)
@click.option(
    "--skip-unplaced",
    is_flag=True,
    help="Import the rows that can be placed and list the others, instead of importing none.",
)
@click.option("--dry-run", is_flag=True, help="Place every row and report; change nothing.")
@click.option("--sheet", help="The XLSX sheet to read (name or number; default the first).")
@click.option(
    "--from",
    "dialect",
    type=click.Choice(IMPORT_FORMATS),
    help="The tool that wrote the file, when its column names do not tell.",
)
@click.option(
    "--code", help="The code of an NVivo node's reference export (.txt), which names none."
)
@click.option(
    "--separator",
    help="How the file's code paths separate levels, e.g. '.' for Taguette tags "
    "('enablers.funding'); a separator inside a name is written with a backslash before it. "
    "Default: '/', or ' > ', '::' and '\\' as the file's cells show.",
)
@format_option("table", "json")
@click.pass_obj
def import_(
    state: CliState,
    file: Path,
    coder: str | None,
    create_codes: bool,
    skip_unplaced: bool,
    dry_run: bool,
    sheet: str | None,
    dialect: str | None,
    code: str | None,
    separator: str | None,
    fmt: str,
) -> None:
    """Import codings from a CSV or XLSX FILE: ours, or MAXQDA's coded segments,
    ATLAS.ti's quotations, NVivo's coded text or Taguette's highlights, told apart by
    their columns.

    Each row names a document, one or more codes, and the passage by offsets (start,
    end) or by its text (with optional before/after context). Text is matched
    tolerantly: spaces, line breaks, tabs, quote and dash styles and hyphenation are
    ignored. Nothing is imported unless every row is placed (or --skip-unplaced) and
    every code exists (or --create-codes). Importing a file again adds nothing.

    \b
    Example:
      mutualscope codings import codings.csv --coder ana --dry-run
      mutualscope codings import "Coded segments.xlsx" --create-codes
      mutualscope codings import surplus-node.txt --code "Funding sources/Surplus"
      mutualscope codings import taguette-highlights.csv --separator .
    """
    from mutualscope.services.coding_imports import import_codings

    with state.project.session() as session:
        result = import_codings(
            session,
            file,
            coder=coder,
            create_codes=create_codes,
            skip_unplaced=skip_unplaced,
            dry_run=dry_run,
            sheet=sheet,
            dialect=dialect,
            code=code,
            separator=separator,
        )
    if fmt == "json":
        click.echo(to_json(result.as_dict()))
        return
    click.echo(describe_import(result.as_dict()))


def describe_import(report: dict[str, Any]) -> str:
    """The import report in sentences."""
    lines = [
        f"{report['source']}: read as {report['format']}; {report['rows']} row(s), "
        f"{report['placed']} placed ({report['placed_exactly']} exactly, "
        f"{report['placed_tolerantly']} by tolerant matching)."
    ]
    if report["dry_run"]:
        lines.append(
            f"Dry run: {report['added']} would be added, {report['duplicates']} are in the "
            "project already; nothing changed."
        )
    else:
        lines.append(
            f"Added {report['added']} coding(s); {report['duplicates']} were in the project "
            "already."
        )
    if report["created_codes"]:
        verb = "would be created" if report["dry_run"] else "created"
        lines.append(f"Codes {verb}: {', '.join(report['created_codes'])}.")
    if report["unplaced"]:
        lines.append(f"{len(report['unplaced'])} row(s) left out:")
        lines += [f"  row {u['row']} ({u['document']}): {u['reason']}" for u in report["unplaced"]]
    if report["ignored_columns"]:
        lines.append(f"Columns not read: {', '.join(report['ignored_columns'])}.")
    return "\n".join(lines)


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
