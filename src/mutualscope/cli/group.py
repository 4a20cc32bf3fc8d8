"""The click group class every command group uses: errors become one clear message."""

from __future__ import annotations

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
