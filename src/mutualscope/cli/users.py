"""``mutualscope users``: who may sign in to the web app, and with which role."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from mutualscope.cli.group import MutualscopeGroup
from mutualscope.cli.lazy import lazy_module
from mutualscope.cli.output import emit, format_option
from mutualscope.cli.state import CliState
from mutualscope.domain.choices import USER_ROLES

if TYPE_CHECKING:
    from mutualscope.services import users as users_service
else:
    users_service = lazy_module("mutualscope.services.users")


ROLE_CHOICE = click.Choice(USER_ROLES)


@click.group(cls=MutualscopeGroup)
def users() -> None:
    """People who sign in to the web app: owners, coders and viewers.

    Viewers read; coders also code and write memos; owners also import, edit the
    codebook and manage users.

    \b
    Example:
      mutualscope users add alice --role owner
      mutualscope users list
    """


def read_password(from_stdin: bool) -> str:
    if from_stdin or not sys.stdin.isatty():
        line = sys.stdin.readline()
        if not line:
            raise click.ClickException("No password on standard input.")
        return line.rstrip("\r\n")
    value: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return value


@users.command("add")
@click.argument("name")
@click.option("--role", type=ROLE_CHOICE, required=True, help="What the user may do.")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input instead of a prompt.",
)
@click.option(
    "--no-password",
    is_flag=True,
    help="Add a coder who cannot sign in (named on codings made from the command line).",
)
@click.pass_obj
def add(state: CliState, name: str, role: str, password_stdin: bool, no_password: bool) -> None:
    """Add a user. The password is asked for twice, or read from standard input.

    \b
    Example:
      mutualscope users add alice --role owner
      echo 'a long passphrase' | mutualscope users add bob --role coder --password-stdin
    """
    password = None if no_password else read_password(password_stdin)
    with state.project.session() as session:
        info = users_service.add_user(session, name=name, role=role, password=password)
    click.echo(f"Added {info.name} ({info.role}).")


@users.command("list")
@format_option()
@click.pass_obj
def list_(state: CliState, fmt: str) -> None:
    """List users with their role and whether they can sign in.

    \b
    Example:
      mutualscope users list --format json
    """
    with state.project.session() as session:
        rows = [u.as_dict() for u in users_service.list_users(session)]
    emit(rows, fmt, ["name", "role", "active", "can_sign_in"], empty="No users yet.")


@users.command("set-role")
@click.argument("name")
@click.argument("role", type=ROLE_CHOICE)
@click.pass_obj
def set_role(state: CliState, name: str, role: str) -> None:
    """Change a user's role (the last owner cannot be demoted).

    \b
    Example:
      mutualscope users set-role bob viewer
    """
    with state.project.session() as session:
        info = users_service.set_role(session, name=name, role=role)
    click.echo(f"{info.name} is now a {info.role}.")


@users.command("set-password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the new password from stdin.")
@click.pass_obj
def set_password(state: CliState, name: str, password_stdin: bool) -> None:
    """Set a new password; the user's open web sessions end.

    \b
    Example:
      mutualscope users set-password bob
    """
    password = read_password(password_stdin)
    with state.project.session() as session:
        info = users_service.set_password(session, name=name, password=password)
    click.echo(f"Changed the password of {info.name}.")
