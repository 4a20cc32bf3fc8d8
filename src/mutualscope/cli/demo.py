"""``mutualscope demo``: build the bundled demo project and run the main job on it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from mutualscope.cli.lazy import lazy_callable, lazy_module

if TYPE_CHECKING:
    from mutualscope.cli.serve import run_server
    from mutualscope.demo import web as demo_web
    from mutualscope.demo.builder import build_demo
else:
    run_server = lazy_callable("mutualscope.cli.serve", "run_server")
    demo_web = lazy_module("mutualscope.demo.web")
    build_demo = lazy_callable("mutualscope.demo.builder", "build_demo")


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
    """Build the fictional demo project in a folder, run the main job on it, then serve
    it in the browser (sign-in printed) unless --no-serve.

    An earlier demo database in that folder is kept as mutualscope.previous.db.

    \b
    Example:
      mutualscope demo --out demo --no-serve
    """
    project = build_demo(out_dir, lambda message: click.echo(message, err=True))
    with project:
        click.echo(f"Demo project ready: {project.location}")
        click.echo(f"Try: mutualscope --db {project.location} db status")
        location = project.target.url
    if not no_serve:
        run_server(
            location,
            "127.0.0.1",
            8000,
            announce=f"Open http://127.0.0.1:8000/ and sign in as {demo_web.DEMO_USER} with "
            f"password {demo_web.DEMO_PASSWORD} (Ctrl+C to stop)",
        )
