"""The click group class every command group uses: errors become one clear message.

Besides the errors the services raise, two kinds of failure come from the machine, not
the input: a file that cannot be written or read (a full disk, a read-only folder, a
missing permission) and a database that cannot write (SQLite's "database or disk is
full", PostgreSQL's disk-full and out-of-memory errors). Each ends the command with one
line saying what happened; the transaction that failed was rolled back, so the project
keeps what it held before it.
"""

from __future__ import annotations

import errno
import importlib
import sys
from typing import Any

import click

from mutualscope.errors import MutualscopeError

_DISK_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
# SQLite's result codes and PostgreSQL's SQLSTATE classes for a machine out of room.
_SQLITE_FULL = frozenset({"SQLITE_FULL", "SQLITE_IOERR_WRITE", "SQLITE_IOERR_FSYNC"})
_PG_RESOURCES = "53"  # insufficient resources: disk full, out of memory ...
_UNDONE = "The unfinished work was undone"


class MutualscopeGroup(click.Group):
    """Turns errors raised by the services into ``Error: ...`` and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MutualscopeError as error:
            raise click.ClickException(str(error)) from error
        except ValueError as error:
            # settings.resolve_database raises ValueError for an unusable --db value.
            if "database URL" in str(error):
                raise click.ClickException(str(error)) from error
            raise
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as error:
            message = describe_machine_failure(error)
            if message is None:
                raise
            raise click.ClickException(message) from error


def describe_machine_failure(error: BaseException) -> str | None:
    """One line for a failure of the machine rather than the input (a full disk, a file
    that cannot be written), or None for anything else."""
    if isinstance(error, BrokenPipeError):
        return None  # output piped to a command that stopped reading: not a failure
    if isinstance(error, OSError):
        return _describe_os_error(error)
    if "sqlalchemy" in sys.modules:
        return _describe_database_error(error)
    return None


def _describe_os_error(error: OSError) -> str:
    reason = error.strerror or str(error) or type(error).__name__
    where = f"{error.filename}: " if error.filename else ""
    if error.errno in _DISK_ERRNOS:
        return f"{where}cannot write: {reason}. {_UNDONE}; free some space and try again."
    return f"{where}{reason}."


def _describe_database_error(error: BaseException) -> str | None:
    from sqlalchemy.exc import DBAPIError

    if not isinstance(error, DBAPIError):
        return None
    original = error.orig
    reason = str(original).strip().splitlines()[0] if str(original).strip() else ""
    if getattr(original, "sqlite_errorname", None) in _SQLITE_FULL:
        return (
            f"the project database cannot be written ({reason}). {_UNDONE}; free some "
            "space and try again."
        )
    sqlstate = getattr(original, "sqlstate", None) or ""
    if sqlstate.startswith(_PG_RESOURCES):
        return f"the database server cannot go on ({reason}, SQLSTATE {sqlstate}). {_UNDONE}."
    if isinstance(original, OSError):
        return _describe_os_error(original)
    return None


class LazyGroup(MutualscopeGroup):
    """A group whose subcommands are named up front and imported on first use."""

    def __init__(self, *args: Any, lazy_commands: dict[str, tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.lazy_commands = lazy_commands

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_commands:
            module_name, attribute = self.lazy_commands[cmd_name]
            command = getattr(importlib.import_module(module_name), attribute)
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, cmd_name)
