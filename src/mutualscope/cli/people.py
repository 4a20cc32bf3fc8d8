"""``mutualscope people``: participants, known by label and role, and the role vocabulary."""

from __future__ import annotations

from dataclasses import asdict

import click

from mutualscope.cli.group import MutualscopeGroup
from mutualscope.cli.output import emit, format_option
from mutualscope.cli.state import CliState
from mutualscope.domain.roles import GROUPS
from mutualscope.services import participants as participants_service


@click.group(cls=MutualscopeGroup)
def people() -> None:
    """Participants: people interviewed, known by a label and a role, never by name.

    \b
    Example:
      mutualscope people add "Case 4 Nurse" --role nurse --case "Case 4"
      mutualscope people add "Commissioner A" --role commissioner --external
      mutualscope people list --role staff
    """


@people.command("add")
@click.argument("label")
@click.option("--role", required=True, help="A role from `mutualscope people roles`.")
@click.option("--case", metavar="LABEL", help="The case study they belong to.")
@click.option("--external", is_flag=True, help="From outside the organisation studied.")
@click.option("--real-name", help="Kept protected; never shown in quotes or reports.")
@click.pass_obj
def add(
    state: CliState,
    label: str,
    role: str,
    case: str | None,
    external: bool,
    real_name: str | None,
) -> None:
    """Add a participant with a label (a pseudonym such as "Nurse A") and a role.

    \b
    Example:
      mutualscope people add "Case 1 CEO" --role ceo --case "Case 1"
      mutualscope people add "Partner A" --role partner --external
    """
    with state.project.session() as session:
        person = participants_service.add_participant(
            session, label=label, role=role, case=case, external=external, real_name=real_name
        )
        click.echo(f"Added {person.label!r} ({person.role}).")


@people.command("list")
@click.option("--case", metavar="LABEL", help="Only this case's participants.")
@click.option("--role", help="Only this role, or a role group such as staff or external.")
@format_option()
@click.pass_obj
def list_(state: CliState, case: str | None, role: str | None, fmt: str) -> None:
    """List participants with role, role group and case (real names are never listed).

    JSON: a list of {id, label, role, role_group, case, external, consent}.

    \b
    Example:
      mutualscope people list --case "Case 3" --format json
    """
    with state.project.session() as session:
        rows = [
            asdict(p) for p in participants_service.list_participants(session, case=case, role=role)
        ]
    emit(
        rows,
        fmt,
        ["id", "label", "role", "role_group", "case", "external", "consent"],
        empty="No participants yet. Add one with `mutualscope people add LABEL --role ROLE`.",
    )


@people.command("roles")
@format_option()
@click.pass_obj
def roles(state: CliState, fmt: str) -> None:
    """List the role vocabulary: each role's key, label and group.

    \b
    Example:
      mutualscope people roles
    """
    with state.project.session() as session:
        rows = [asdict(r) for r in participants_service.list_roles(session)]
    emit(rows, fmt, ["key", "label", "group"])


@people.command("add-role")
@click.argument("key")
@click.option("--label", help="How the role is shown (default: the key, capitalised).")
@click.option(
    "--group",
    type=click.Choice(list(GROUPS)),
    default="other",
    show_default=True,
    help="The role group it is compared in.",
)
@click.pass_obj
def add_role(state: CliState, key: str, label: str | None, group: str) -> None:
    """Add a role to the vocabulary.

    \b
    Example:
      mutualscope people add-role pharmacist --group staff
    """
    with state.project.session() as session:
        role = participants_service.add_role(session, key=key, label=label, group=group)
    click.echo(f"Added role {role.key!r} in group {role.group!r}.")
