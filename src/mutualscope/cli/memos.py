"""``mutualscope memos``: notes on the project, a document, a code or a coding."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from mutualscope.cli.group import MutualscopeGroup
from mutualscope.cli.lazy import lazy_module
from mutualscope.cli.output import emit, format_option
from mutualscope.cli.state import CliState

if TYPE_CHECKING:
    from mutualscope.services import memos as memos_service
else:
    memos_service = lazy_module("mutualscope.services.memos")


@click.group(cls=MutualscopeGroup)
def memos() -> None:
    """Memos: notes on the project, a document, a code or a coding.

    \b
    Example:
      mutualscope memos add "Funding differs by size" --code "Funding sources"
      mutualscope memos list
    """


@memos.command("add")
@click.argument("text")
@click.option("--title", help="A short title.")
@click.option("--doc", "document", help="On this document (name or id).")
@click.option("--code", help="On this code (path).")
@click.option("--coding", "coding_id", type=int, help="On this coding (id).")
@click.option("--author", help="Who wrote it (made a coder if new).")
@click.pass_obj
def add(
    state: CliState,
    text: str,
    title: str | None,
    document: str | None,
    code: str | None,
    coding_id: int | None,
    author: str | None,
) -> None:
    """Write a memo; with no --doc, --code or --coding it is a project memo.

    \b
    Example:
      mutualscope memos add "Commissioners mention CQUIN often" --code Commissioning \\
        --author ana
    """
    with state.project.session() as session:
        memo = memos_service.add_memo(
            session,
            text,
            title=title,
            document=document,
            code=code,
            coding_id=coding_id,
            author=author,
        )
    click.echo(f"Added memo {memo.id}.")


@memos.command("list")
@click.option("--doc", "document", help="Only memos on this document.")
@click.option("--code", help="Only memos on this code.")
@click.option("--coding", "coding_id", type=int, help="Only memos on this coding.")
@click.option("--project", "project_only", is_flag=True, help="Only project memos.")
@format_option()
@click.pass_obj
def list_(
    state: CliState,
    document: str | None,
    code: str | None,
    coding_id: int | None,
    project_only: bool,
    fmt: str,
) -> None:
    """List memos, oldest first, with what each is on.

    JSON: a list of {id, on, target, title, text, author, created_at}.

    \b
    Example:
      mutualscope memos list --code Austerity --format json
    """
    with state.project.session() as session:
        rows = memos_service.list_memos(
            session,
            document=document,
            code=code,
            coding_id=coding_id,
            project_only=project_only,
        )
    emit(rows, fmt, list(memos_service.MEMO_FIELDS), empty="No memos.")
