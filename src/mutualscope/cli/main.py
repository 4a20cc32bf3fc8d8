"""The ``mutualscope`` command: global options, then one group per noun."""

from __future__ import annotations

import click

from mutualscope.cli.group import LazyGroup
from mutualscope.cli.state import CliState

# Each command's module is imported only when that command runs, so a quick command
# does not pay for the web app, the report renderers or plotting.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("mutualscope.cli.project", "init"),
    "db": ("mutualscope.cli.db", "db"),
    "demo": ("mutualscope.cli.demo", "demo"),
    "users": ("mutualscope.cli.users", "users"),
    "serve": ("mutualscope.cli.serve", "serve"),
    "cases": ("mutualscope.cli.cases", "cases"),
    "people": ("mutualscope.cli.people", "people"),
    "protect": ("mutualscope.cli.protect", "protect"),
    "docs": ("mutualscope.cli.docs", "docs"),
    "search": ("mutualscope.cli.search", "search"),
    "words": ("mutualscope.cli.words", "words"),
    "refi": ("mutualscope.cli.refi", "refi"),
    "orgs": ("mutualscope.cli.orgs", "orgs"),
    "codes": ("mutualscope.cli.codes", "codes"),
    "codings": ("mutualscope.cli.codings", "codings"),
    "memos": ("mutualscope.cli.memos", "memos"),
    "quotes": ("mutualscope.cli.quotes", "quotes"),
    "matrix": ("mutualscope.cli.matrix", "matrix"),
    "cooccurrence": ("mutualscope.cli.matrix", "cooccurrence"),
    "agreement": ("mutualscope.cli.agreement", "agreement"),
    "report": ("mutualscope.cli.report", "report"),
    "audit": ("mutualscope.cli.audit", "audit"),
    "assist": ("mutualscope.cli.assist", "assist"),
}


def show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """``--version``: the installed package's metadata is read only when asked for."""
    if not value or ctx.resilient_parsing:
        return
    from mutualscope import __version__

    click.echo(f"mutualscope, version {__version__}")
    ctx.exit()


@click.group(
    cls=LazyGroup,
    lazy_commands=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=show_version,
    help="Show the version and exit.",
)
@click.option(
    "--db",
    envvar="MUTUALSCOPE_DB",
    metavar="PATH|URL",
    help="Project database: a SQLite file (default ./mutualscope.db) or a "
    "postgresql:// URL. Also read from MUTUALSCOPE_DB.",
)
@click.pass_context
def main(ctx: click.Context, db: str | None) -> None:
    """Research on public service mutuals: registry, transcripts, coding, evidence.

    \b
    Example:
      mutualscope init
      mutualscope db status
      mutualscope demo --out demo
    """
    state = CliState(db=db)
    ctx.obj = state
    ctx.call_on_close(state.close)
