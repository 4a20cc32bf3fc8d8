"""``mutualscope init``: create a project."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from mutualscope.cli.lazy import lazy_callable
from mutualscope.cli.state import CliState

if TYPE_CHECKING:
    from mutualscope.services.project import init_project
else:
    init_project = lazy_callable("mutualscope.services.project", "init_project")


@click.command()
@click.pass_obj
def init(state: CliState) -> None:
    """Create a project database (or bring an existing one up to date).

    With no --db this is ./mutualscope.db; a postgresql:// URL makes a team server project.

    \b
    Example:
      mutualscope init
      mutualscope --db study.db init
      mutualscope --db postgresql://postgres@127.0.0.1:5432/study init
    """
    project, created = init_project(state.db)
    with project:
        verb = "Created" if created else "Opened"
        click.echo(f"{verb} the {project.backend} project at {project.location}.")
