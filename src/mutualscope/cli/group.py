"""The click group class every command group uses: errors become one clear message."""

from __future__ import annotations

import importlib
from typing import Any

import click

from mutualscope.errors import MutualscopeError


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
