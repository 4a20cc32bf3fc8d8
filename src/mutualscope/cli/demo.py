"""``mutualscope demo``: build the bundled demo project and run the main job on it."""

from __future__ import annotations

from pathlib import Path

import click

from mutualscope.demo.builder import build_demo


@click.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("demo"),
    show_default=True,
    help="Folder for the demo project and its outputs.",
)
@click.option("--no-serve", is_flag=True, help="Do not start the web app afterwards.")
def demo(out_dir: Path, no_serve: bool) -> None:
    """Build the fictional demo project in a folder and run the main job on it.

    An earlier demo database in that folder is kept as mutualscope.previous.db.

    \b
    Example:
      mutualscope demo --out demo --no-serve
    """
    project = build_demo(out_dir, lambda message: click.echo(message, err=True))
    with project:
        click.echo(f"Demo project ready: {project.location}")
        click.echo(f"Try: mutualscope --db {project.location} db status")
