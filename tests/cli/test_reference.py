"""The CLI reference in docs/ is generated and current; every command has an example."""

from __future__ import annotations

from pathlib import Path

import click

from mutualscope.cli.main import main
from mutualscope.cli.reference import reference, walk

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_reference_is_current() -> None:
    current = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert current == reference(), (
        "docs/cli.md is out of date: run `python -m mutualscope.cli.reference > docs/cli.md`"
    )


def test_reference_every_command_has_an_example() -> None:
    missing = [
        " ".join(path)
        for path, command in walk(main, ("mutualscope",))
        if not isinstance(command, click.Group) and "Example:" not in (command.help or "")
    ]
    assert missing == []


def test_reference_every_command_is_documented_in_a_concept_page() -> None:
    pages = "\n".join(
        p.read_text(encoding="utf-8") for p in DOCS.glob("*.md") if p.name != "cli.md"
    )
    missing = [
        " ".join(path)
        for path, command in walk(main, ("mutualscope",))
        if len(path) > 1
        and not isinstance(command, click.Group)
        and " ".join(path[1:]) not in pages
    ]
    assert missing == []
