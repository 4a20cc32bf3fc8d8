"""``mutualscope serve``: the web app for a project, on this machine or a team server."""

from __future__ import annotations

import os

import click
import uvicorn

from mutualscope.cli.state import CliState
from mutualscope.settings import DB_ENV_VAR

#: The app is named by import string (the web layer is a sibling of the CLI, so the CLI
#: does not import it); the factory reads the project location from MUTUALSCOPE_DB.
APP_FACTORY = "mutualscope.web.app:create_app"


def run_server(location: str, host: str, port: int, *, announce: str | None = None) -> None:
    """Serve the project at ``location`` until interrupted."""
    os.environ[DB_ENV_VAR] = location
    if announce:
        click.echo(announce)
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=host,
        port=port,
        log_level="warning",
        proxy_headers=True,
        server_header=False,
    )


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.pass_obj
def serve(state: CliState, host: str, port: int) -> None:
    """Serve the web app: code transcripts in the browser, explore the registry.

    Sign in with a user made by `mutualscope users add`. Listening on 0.0.0.0 makes the
    app reachable from other machines; put it behind HTTPS for a team.

    \b
    Example:
      mutualscope users add alice --role owner
      mutualscope serve --port 8000
    """
    # Open once here so a missing or outdated project fails with a clear message.
    project = state.project
    location = project.target.url
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    run_server(
        location,
        host,
        port,
        announce=f"Serving {project.location} at http://{shown}:{port}/ (Ctrl+C to stop)",
    )
