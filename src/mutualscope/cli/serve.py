"""``mutualscope serve``: the web app for a project, on this machine or a team server."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import click

from mutualscope.cli.lazy import lazy_module
from mutualscope.cli.state import CliState
from mutualscope.settings import DB_ENV_VAR, THREADS_ENV, threads_from_environment

if TYPE_CHECKING:
    import uvicorn
else:
    uvicorn = lazy_module("uvicorn")

#: The app is named by import string (the web layer is a sibling of the CLI, so the CLI
#: does not import it); the factory reads the project location from MUTUALSCOPE_DB.
APP_FACTORY = "mutualscope.web.app:create_app"

SQLITE_ONE_PROCESS = (
    "A SQLite project is served by one process: --workers {workers} refused. SQLite lets "
    "one connection write at a time, and the server queues its writers on a lock inside "
    "its process; several workers would wait on each other's locks in SQLite itself (up "
    "to seconds per coding). Serve a PostgreSQL project for several workers "
    "(mutualscope --db postgresql://... serve --workers N), or leave out --workers."
)


def run_server(
    location: str,
    host: str,
    port: int,
    *,
    announce: str | None = None,
    workers: int = 1,
    threads: int | None = None,
) -> None:
    """Serve the project at ``location`` until interrupted, in ``workers`` processes of
    ``threads`` threads each (default: the web settings')."""
    os.environ[DB_ENV_VAR] = location
    if threads is not None:
        os.environ[THREADS_ENV] = str(threads)
    if announce:
        click.echo(announce)
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=host,
        port=port,
        workers=workers if workers > 1 else None,
        log_level="warning",
        proxy_headers=True,
        server_header=False,
    )


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes sharing the port (PostgreSQL projects only).",
)
@click.option(
    "--threads",
    type=click.IntRange(1, 256),
    default=None,
    help="Requests each process runs at once [default: 40, or MUTUALSCOPE_THREADS].",
)
@click.pass_obj
def serve(state: CliState, host: str, port: int, workers: int, threads: int | None) -> None:
    """Serve the web app: code transcripts in the browser, explore the registry.

    Sign in with a user made by `mutualscope users add`. Listening on 0.0.0.0 makes the
    app reachable from other machines; put it behind HTTPS for a team. On a PostgreSQL
    project, --workers N runs N processes: sessions, sign-in throttling and jobs are in
    the database, so any of them answers any request. Each process runs up to --threads
    requests at once; docs/web.md says how to choose.

    \b
    Example:
      mutualscope users add alice --role owner
      mutualscope serve --port 8000
      mutualscope --db postgresql://me@dbhost/study serve --host 0.0.0.0 --workers 2
    """
    if threads is None:
        try:
            threads_from_environment()  # the workers read it: refuse a bad one here
        except ValueError as error:
            raise click.ClickException(f"{error}.") from None
    # Open once here so a missing or outdated project fails with a clear message.
    project = state.project
    if workers > 1 and project.backend == "sqlite":
        raise click.ClickException(SQLITE_ONE_PROCESS.format(workers=workers))
    location = project.target.url
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    processes = f" in {workers} worker processes" if workers > 1 else ""
    if workers > 1:
        # The workers open the project themselves; this process only watches them.
        state.close()
    run_server(
        location,
        host,
        port,
        workers=workers,
        threads=threads,
        announce=f"Serving {project.location} at http://{shown}:{port}/{processes} "
        "(Ctrl+C to stop)",
    )
