"""``mutualscope codes``: the codebook."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from mutualscope.cli.group import MutualscopeGroup
from mutualscope.cli.lazy import lazy_callable, lazy_module
from mutualscope.cli.output import emit, format_option
from mutualscope.cli.state import CliState
from mutualscope.domain.codepaths import SEPARATOR, parse_code_name

if TYPE_CHECKING:
    from mutualscope.services import codebook as codebook_service
    from mutualscope.services import codebook_exchange
    from mutualscope.services.refi import export_qdc
else:
    codebook_service = lazy_module("mutualscope.services.codebook")
    codebook_exchange = lazy_module("mutualscope.services.codebook_exchange")
    export_qdc = lazy_callable("mutualscope.services.refi", "export_qdc")


LIST_COLUMNS = ["path", "codings", "codings_with_subcodes", "colour", "definition"]


@click.group(cls=MutualscopeGroup)
def codes() -> None:
    """The codebook: hierarchical codes addressed by path ("Funding sources/Surplus").

    \b
    Example:
      mutualscope codes preset seed
      mutualscope codes tree
    """


@codes.command("add")
@click.argument("path")
@click.option("--definition", help="What passages this code is for.")
@click.option("--colour", "--color", "colour", help="Hex colour, e.g. '#1b9e77'.")
@click.pass_obj
def add(state: CliState, path: str, definition: str | None, colour: str | None) -> None:
    """Add a code; missing parent codes are created too.

    \b
    Example:
      mutualscope codes add "Funding sources/Surplus" --definition "Surplus reinvested" \\
        --colour "#66a61e"
    """
    with state.project.session() as session:
        added = codebook_service.add_code(session, path, definition=definition, colour=colour)
    for parent in added.created_parents:
        click.echo(f"Added {parent}")
    click.echo(f"Added {added.path}")


@codes.command("tree")
@click.pass_obj
def tree(state: CliState) -> None:
    """Show the codebook as a tree with each code's number of codings.

    \b
    Example:
      mutualscope codes tree
    """
    with state.project.session() as session:
        rows = codebook_service.list_codes(session)
    if not rows:
        click.echo("The codebook is empty. Try: mutualscope codes preset seed")
    for row in rows:
        own, total = row["codings"], row["codings_with_subcodes"]
        count = f"{own}" if own == total else f"{own} ({total} with sub-codes)"
        click.echo(f"{'  ' * row['depth']}{row['name']}  [{count}]")


@codes.command("list")
@format_option()
@click.pass_obj
def list_(state: CliState, fmt: str) -> None:
    """List codes in tree order with definitions, colours and codings.

    JSON: a list of {id, path, name, depth, definition, colour, codings,
    codings_with_subcodes}.

    \b
    Example:
      mutualscope codes list --format json
    """
    with state.project.session() as session:
        rows = codebook_service.list_codes(session)
    emit(rows, fmt, None if fmt == "json" else LIST_COLUMNS, empty="The codebook is empty.")


@codes.command("edit")
@click.argument("path")
@click.option("--definition", help="New definition ('' to clear).")
@click.option("--colour", "--color", "colour", help="New hex colour ('' to clear).")
@click.pass_obj
def edit(state: CliState, path: str, definition: str | None, colour: str | None) -> None:
    """Change a code's definition or colour.

    \b
    Example:
      mutualscope codes edit Austerity --colour "#a6761d"
    """
    with state.project.session() as session:
        codebook_service.update_code(session, path, definition=definition, colour=colour)
    click.echo(f"Updated {path}")


@codes.command("rename")
@click.argument("path")
@click.argument("new_name")
@click.pass_obj
def rename(state: CliState, path: str, new_name: str) -> None:
    """Rename a code in place (its codings and sub-codes stay with it). NEW_NAME is one
    name, written as in a path: a '/' inside it as '\\/'.

    \b
    Example:
      mutualscope codes rename "Funding sources/Charity" "Philanthropy"
      mutualscope codes rename "Staff voice" 'Staff\\/member voice'
    """
    name = parse_code_name(new_name)
    with state.project.session() as session:
        new_path = codebook_service.rename_code(session, path, name)
    click.echo(f"Renamed {path} to {new_path}")


@codes.command("move")
@click.argument("path")
@click.option("--under", "parent", help="The new parent code.")
@click.option("--top", is_flag=True, help="Move to the top level.")
@click.pass_obj
def move(state: CliState, path: str, parent: str | None, top: bool) -> None:
    """Move a code, with its sub-codes, under another code or to the top level.

    \b
    Example:
      mutualscope codes move Austerity --under Commissioning
      mutualscope codes move Commissioning/Austerity --top
    """
    if bool(parent) == top:
        raise click.UsageError("Give exactly one of --under PARENT or --top.")
    with state.project.session() as session:
        new_path = codebook_service.move_code(session, path, parent)
    click.echo(f"Moved {path} to {new_path}")


@codes.command("merge")
@click.argument("source")
@click.argument("target")
@click.pass_obj
def merge(state: CliState, source: str, target: str) -> None:
    """Merge SOURCE into TARGET: codings move (duplicates folded), SOURCE is deleted.

    \b
    Example:
      mutualscope codes merge "Funding sources/Donations" \\
        "Funding sources/Philanthropy and charitable funds"
    """
    with state.project.session() as session:
        result = codebook_service.merge_codes(session, source, target)
    click.echo(
        f"Merged {result.source} into {result.target}: {result.moved} coding(s) moved, "
        f"{result.folded} duplicate(s) folded."
    )


@codes.command("delete")
@click.argument("path")
@click.option("--force", is_flag=True, help="Also delete the codings of the code and below.")
@click.pass_obj
def delete(state: CliState, path: str, force: bool) -> None:
    """Delete a code and its sub-codes; refused while coded unless --force.

    \b
    Example:
      mutualscope codes delete "Old theme" --force
    """
    with state.project.session() as session:
        removed = codebook_service.delete_code(session, path, force=force)
    click.echo(f"Deleted {path}" + (f" and {removed} coding(s)" if removed else ""))


SEPARATOR_HELP = (
    "What separates the levels of a code path in the file: '/' (the default), '.', "
    "' > ', '::', '\\' or any other text. A separator inside a name is written with a "
    "backslash before it ('\\/', '\\.')."
)


@codes.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--update", is_flag=True, help="Overwrite definitions and colours of existing codes.")
@click.option("--separator", default=SEPARATOR, show_default=True, help=SEPARATOR_HELP)
@click.option("--dry-run", is_flag=True, help="Read the file and count; change nothing.")
@click.pass_obj
def import_(state: CliState, file: Path, update: bool, separator: str, dry_run: bool) -> None:
    """Import a codebook, all or nothing: a spreadsheet (.csv, .tsv, .xlsx) with one code
    per row, or YAML. Spreadsheet columns are recognised by their headers: mutualscope's
    path,description,colour; Taguette's tag,description; or Code/Name with Parent,
    Definition/Description/Memo, Colour/Color. Other columns are listed and left.

    \b
    Example:
      mutualscope codes import codebook.yaml
      mutualscope codes import taguette-codebook.csv --separator . --dry-run
      mutualscope codes import themes.xlsx --separator " > "
    """
    with state.project.session() as session:
        result = codebook_exchange.import_codebook(
            session, file, update=update, separator=separator, dry_run=dry_run
        )
    if result.columns:
        click.echo(f"Read the columns {', '.join(result.columns)}.")
    if result.ignored:
        click.echo(f"Left the columns {', '.join(result.ignored)} (not part of a codebook).")
    for note in result.notes:
        click.echo(note)
    counts = f"{result.added} added, {result.updated} updated, {result.unchanged} unchanged"
    if dry_run:
        click.echo(f"Dry run of {file}: {counts}; nothing was changed.")
    else:
        click.echo(f"Imported {file}: {counts}.")


@codes.command("export")
@format_option("csv", "yaml", "qdc", default="yaml")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
@click.option(
    "--separator",
    default=SEPARATOR,
    show_default=True,
    help="For --format csv: what joins the levels of a path ('.' for a Taguette project "
    "that uses dots). A separator inside a name is written with a backslash before it.",
)
@click.pass_obj
def export(state: CliState, fmt: str, out: Path | None, separator: str) -> None:
    """Export the codebook as CSV (path,description,colour: re-importable with `codes
    import`, and read by Taguette's "Import codebook") or YAML, or as a REFI-QDA codebook
    (.qdc, for other QDA software; needs --out).

    \b
    Example:
      mutualscope codes export --format csv --out codebook.csv
      mutualscope codes export --format qdc --out codebook.qdc
    """
    if separator != SEPARATOR and fmt != "csv":
        raise click.UsageError("--separator applies to --format csv only.")
    if fmt == "qdc":
        if out is None:
            raise click.UsageError("--format qdc writes a file: add --out FILE.qdc.")
        with state.project.session() as session:
            export_qdc(session, path=out)
        click.echo(f"Wrote {out}")
        return
    with state.project.session() as session:
        text = codebook_exchange.export_codebook(session, fmt, separator=separator)
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {out}")


@codes.command("preset")
@click.argument("name", required=False)
@click.option("--update", is_flag=True, help="Overwrite definitions and colours of existing codes.")
@click.pass_obj
def preset(state: CliState, name: str | None, update: bool) -> None:
    """Load a bundled codebook; without NAME, list them. `seed`: the themes of the
    written evidence (types of innovation, enablers, funding sources, barriers).

    \b
    Example:
      mutualscope codes preset
      mutualscope codes preset seed
    """
    if name is None:
        emit(codebook_exchange.list_presets(), "table", ["name", "codes", "title"])
        return
    with state.project.session() as session:
        result = codebook_exchange.load_preset(session, name, update=update)
    click.echo(f"Loaded preset {name}: {result.added} added, {result.updated} updated.")
