"""The ``mutualscope`` command: global options, then one group per noun."""

from __future__ import annotations

import click

from mutualscope import __version__
from mutualscope.cli import (
    agreement,
    cases,
    codes,
    codings,
    db,
    demo,
    docs,
    matrix,
    memos,
    people,
    project,
    quotes,
    report,
    search,
    words,
)
from mutualscope.cli import orgs as orgs_cli
from mutualscope.cli import refi as refi_cli
from mutualscope.cli import serve as serve_cli
from mutualscope.cli import users as users_cli
from mutualscope.cli.group import MutualscopeGroup
from mutualscope.cli.state import CliState


@click.group(
    cls=MutualscopeGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "--version", prog_name="mutualscope")
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


main.add_command(project.init)
main.add_command(db.db)
main.add_command(demo.demo)
main.add_command(users_cli.users)
main.add_command(serve_cli.serve)
main.add_command(cases.cases)
main.add_command(people.people)
main.add_command(docs.docs)
main.add_command(search.search)
main.add_command(words.words)
main.add_command(refi_cli.refi)
main.add_command(orgs_cli.orgs)
main.add_command(codes.codes)
main.add_command(codings.codings)
main.add_command(memos.memos)
main.add_command(quotes.quotes)
main.add_command(matrix.matrix)
main.add_command(matrix.cooccurrence)
main.add_command(agreement.agreement)
main.add_command(report.report)
