"""``mutualscope cases``: the case studies interviews belong to."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

import click

from mutualscope.cli.group import MutualscopeGroup
from mutualscope.cli.lazy import lazy_module
from mutualscope.cli.output import emit, format_option
from mutualscope.cli.state import CliState

if TYPE_CHECKING:
    from mutualscope.services import cases as cases_service
else:
    cases_service = lazy_module("mutualscope.services.cases")


@click.group(cls=MutualscopeGroup)
def cases() -> None:
    """Case studies: usually one organisation each, with its participants and documents.

    \b
    Example:
      mutualscope cases add "Case 1" --org "Brackenford Community Health CIC"
      mutualscope cases list
    """


@cases.command("add")
@click.argument("label")
@click.option("--org", "organisation", metavar="NAME", help="Registry organisation it studies.")
@click.option("--description", help="A short note on the case.")
@click.pass_obj
def add(state: CliState, label: str, organisation: str | None, description: str | None) -> None:
    """Add a case study, optionally linked to an organisation in the registry.

    \b
    Example:
      mutualscope cases add "Case 6"
      mutualscope cases add "Case 3" --org "Larchmere Health Partnership"
    """
    with state.project.session() as session:
        case = cases_service.add_case(
            session, label=label, organisation=organisation, description=description
        )
        click.echo(f"Added case {case.label!r}.")


@cases.command("list")
@format_option()
@click.pass_obj
def list_(state: CliState, fmt: str) -> None:
    """List cases with their organisation and counts of participants and documents.

    JSON: a list of {id, label, organisation, description, participants, documents}.

    \b
    Example:
      mutualscope cases list --format json
    """
    with state.project.session() as session:
        rows = [asdict(c) for c in cases_service.list_cases(session)]
    emit(
        rows,
        fmt,
        ["id", "label", "organisation", "participants", "documents", "description"],
        empty="No cases yet. Add one with `mutualscope cases add LABEL`.",
    )
