"""Writes the CLI reference (docs/cli.md) from the commands' own --help texts.

Run ``python -m mutualscope.cli.reference > docs/cli.md``; a test checks it is current.
"""

from __future__ import annotations

from collections.abc import Iterator

import click
from click.testing import CliRunner

from mutualscope.cli.main import main


def walk(
    command: click.Command, path: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    yield path, command
    if isinstance(command, click.Group):
        ctx = click.Context(command, info_name=path[-1])
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None:
                yield from walk(sub, (*path, name))


def help_text(path: tuple[str, ...]) -> str:
    """The --help text exactly as a person sees it, at a fixed width."""
    runner = CliRunner(env={"COLUMNS": "100"})
    result = runner.invoke(main, [*path[1:], "--help"], prog_name=path[0], terminal_width=100)
    return result.output.rstrip("\n")


def reference() -> str:
    lines = [
        "# CLI reference",
        "",
        "Generated from the commands' `--help` by `python -m mutualscope.cli.reference`;",
        "a test fails when it is out of date. Every command takes the global `--db` option.",
        "",
    ]
    for path, command in walk(main, ("mutualscope",)):
        if command.hidden:
            continue
        lines += [f"## `{' '.join(path)}`", "", "```text", help_text(path), "```", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    click.echo(reference(), nl=False)
