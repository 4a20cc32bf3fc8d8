"""``mutualscope db``: status, upgrade and backup of the project database."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from mutualscope.cli.group import MutualscopeGroup
from mutualscope.cli.lazy import lazy_callable
from mutualscope.cli.output import format_option, render_table, to_json
from mutualscope.cli.state import CliState

if TYPE_CHECKING:
    from mutualscope.services.database import backup_database, database_status, upgrade_database
else:
    backup_database = lazy_callable("mutualscope.services.database", "backup_database")
    database_status = lazy_callable("mutualscope.services.database", "database_status")
    upgrade_database = lazy_callable("mutualscope.services.database", "upgrade_database")


@click.group(cls=MutualscopeGroup)
def db() -> None:
    """The project database: status, upgrade, backup."""


@db.command()
@format_option("table", "json")
@click.pass_obj
def status(state: CliState, fmt: str) -> None:
    """Show the backend, schema revision, whether it is up to date, and row counts.

    \b
    Example:
      mutualscope db status
      mutualscope --db postgresql://postgres@127.0.0.1/test db status --format json
    """
    report = database_status(state.db)
    if fmt == "json":
        click.echo(to_json(report.as_dict()))
        return
    verdict = {
        "current": "up to date",
        "outdated": "out of date: run `mutualscope db upgrade`",
        "empty": "empty: run `mutualscope init`"
        if report.backend == "sqlite"
        else "empty: run `mutualscope db upgrade`",
        "newer": "written by a newer version of mutualscope",
        "foreign": "not a mutualscope project",
    }[report.state]
    click.echo(f"Backend:   {report.backend}")
    click.echo(f"Location:  {report.location}")
    click.echo(f"Revision:  {report.revision or '-'} (this version: {report.head})")
    click.echo(f"Schema:    {verdict}")
    if report.counts:
        rows = [{"table": name, "rows": n} for name, n in report.counts.items()]
        click.echo("")
        click.echo(render_table(rows, ["table", "rows"]))


@db.command()
@click.pass_obj
def upgrade(state: CliState) -> None:
    """Upgrade the project's schema to this version (SQLite projects are backed up first).

    A PostgreSQL project is only ever upgraded by this command.

    \b
    Example:
      mutualscope db upgrade
      mutualscope --db postgresql://postgres@127.0.0.1:5432/test db upgrade
    """
    result = upgrade_database(state.db)
    if not result.changed:
        click.echo(f"{result.location} is already up to date (revision {result.to_revision}).")
        return
    click.echo(
        f"Upgraded {result.location} from {result.from_revision or 'empty'} "
        f"to {result.to_revision}."
    )
    if result.backup is not None:
        click.echo(f"The previous version is kept in {result.backup}.")


@db.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--overwrite", is_flag=True, help="Replace PATH if it exists.")
@click.pass_obj
def backup(state: CliState, path: Path, overwrite: bool) -> None:
    """Copy the project to PATH safely, even while it is in use.

    A SQLite project is copied with SQLite's online backup API (the copy is itself a
    project file). A PostgreSQL project is dumped with pg_dump in its custom format,
    restored with pg_restore; without pg_dump installed, the command to run is shown.

    \b
    Example:
      mutualscope db backup backups/study-2026-11-28.db
      mutualscope --db postgresql://postgres@127.0.0.1/study db backup study.dump
    """
    written = backup_database(state.db, path, overwrite=overwrite)
    click.echo(f"Backed up to {written}.")
