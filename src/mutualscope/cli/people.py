"""``mutualscope people``: participants, known by label and role, and the role vocabulary."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mutualscope.cli.group import MutualscopeGroup
from mutualscope.cli.lazy import lazy_callable, lazy_module
from mutualscope.cli.output import emit, format_option, to_json
from mutualscope.cli.state import CliState
from mutualscope.domain.roles import GROUPS

if TYPE_CHECKING:
    from mutualscope.services import participants as participants_service
    from mutualscope.services.consent import parse_consent_date
    from mutualscope.services.withdrawal import WithdrawalPlan
else:
    participants_service = lazy_module("mutualscope.services.participants")
    parse_consent_date = lazy_callable("mutualscope.services.consent", "parse_consent_date")


@click.group(cls=MutualscopeGroup)
def people() -> None:
    """Participants: people interviewed, known by a label and a role, never by name.

    \b
    Example:
      mutualscope people add "Case 4 Nurse" --role nurse --case "Case 4"
      mutualscope people add "Commissioner A" --role commissioner --external
      mutualscope people list --role staff
      mutualscope people consent "Case 4 Nurse" --quoting yes --archiving no --date 2026-03-01
      mutualscope people withdraw "Case 4 Nurse"
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

    ``consent`` is given, unknown or withdrawn; ``quoting`` is their consent to being
    quoted (granted, refused or unknown), which reports follow.

    JSON: a list of {id, label, role, role_group, case, external, consent, quoting}.

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
        ["id", "label", "role", "role_group", "case", "external", "consent", "quoting"],
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


ANSWER = click.Choice(["yes", "no", "unknown", "granted", "refused"], case_sensitive=False)


@people.command("consent")
@click.argument("person", required=False)
@click.option("--interview", type=ANSWER, help="Consent to take part in the interview.")
@click.option("--quoting", type=ANSWER, help="Consent to be quoted (reports follow it).")
@click.option("--archiving", type=ANSWER, help="Consent to deposit in an archive.")
@click.option("--reuse", type=ANSWER, help="Consent to reuse by other researchers.")
@click.option("--date", "given_on", metavar="YYYY-MM-DD", help="When consent was given.")
@click.option("--form", metavar="REF", help="Where the signed form is kept (a path or reference).")
@click.option("--list", "list_all", is_flag=True, help="List every participant's consent.")
@click.option(
    "--import",
    "import_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Record consent from a CSV or XLSX file with a participant column.",
)
@click.option("--dry-run", is_flag=True, help="With --import: check the file, change nothing.")
@format_option()
@click.pass_obj
def consent(
    state: CliState,
    person: str | None,
    interview: str | None,
    quoting: str | None,
    archiving: str | None,
    reuse: str | None,
    given_on: str | None,
    form: str | None,
    list_all: bool,
    import_path: Path | None,
    dry_run: bool,
    fmt: str,
) -> None:
    """Record or show what a participant consented to: the interview, being quoted,
    archiving and reuse, each yes, no or unknown, with the date and the signed form.

    With only PERSON, shows their consent; with --list, everyone's; with --import, reads
    a spreadsheet (columns participant, interview, quoting, archiving, reuse, date, form;
    see docs/consent.md). Reports leave out quotes of anyone who refused quoting.

    JSON: a list of {participant, role, case, status, interview, quoting, archiving,
    reuse, date, form, withdrawn_at}.

    \b
    Example:
      mutualscope people consent P7 --quoting yes --archiving no --date 2026-03-01 \\
          --form forms/P7.pdf
      mutualscope people consent --list --format csv
      mutualscope people consent --import consent.csv --dry-run
    """
    from mutualscope.services import consent as consent_service
    from mutualscope.services.consent_imports import import_consent

    answers = {
        scope: value
        for scope, value in (
            ("interview", interview), ("quoting", quoting),
            ("archiving", archiving), ("reuse", reuse),
        )
        if value is not None
    }  # fmt: skip
    changes = bool(answers or given_on or form)
    if import_path is not None:
        if person or changes or list_all:
            raise click.UsageError("--import reads everything from the file: give nothing else.")
        with state.project.session() as session:
            result = import_consent(session, import_path, dry_run=dry_run)
        verb = "Would record" if dry_run else "Recorded"
        click.echo(
            f"{verb} consent for {result.changed} participant(s) from {result.source}; "
            f"{result.unchanged} unchanged."
        )
        if result.ignored:
            click.echo(f"Columns not read: {', '.join(result.ignored)}.", err=True)
        return
    if dry_run:
        raise click.UsageError("--dry-run goes with --import.")
    if person is None and not list_all:
        raise click.UsageError("Name a participant, or give --list or --import FILE.")
    if list_all and changes:
        raise click.UsageError("--list shows consent; record it for one participant at a time.")
    with state.project.session() as session:
        if changes:
            assert person is not None
            consent_service.set_consent(
                session,
                person,
                answers=answers,
                given_on=parse_consent_date(given_on) if given_on else None,
                form=form,
            )
        views = consent_service.list_consent(session, participant=None if list_all else person)
    emit(
        [v.as_dict() for v in views],
        fmt,
        list(consent_service.CONSENT_FIELDS),
        empty="No participants yet. Add one with `mutualscope people add LABEL --role ROLE`.",
    )


@people.command("consent-rule")
@click.argument("rule", required=False, type=click.Choice(["allow", "refuse"]))
@click.pass_obj
def consent_rule(state: CliState, rule: str | None) -> None:
    """Show or set whether reports quote people whose consent to quoting is unknown:
    allow (the default; the report warns and counts them) or refuse.

    \b
    Example:
      mutualscope people consent-rule refuse
    """
    from mutualscope.services import consent as consent_service

    with state.project.session() as session:
        if rule is not None:
            consent_service.set_unknown_quoting_rule(session, rule)
        current = consent_service.unknown_quoting_rule(session)
    click.echo(
        "Reports quote people whose consent to quoting is unknown, with a warning."
        if current == "allow"
        else "Reports leave out quotes of people whose consent to quoting is unknown."
    )


@people.command("withdraw")
@click.argument("person")
@click.option("--yes", "-y", "confirmed", is_flag=True, help="Do not ask for confirmation.")
@format_option("text", "json", default="text")
@click.pass_obj
def withdraw(state: CliState, person: str, confirmed: bool, fmt: str) -> None:
    """Erase everything PERSON said, everywhere in the project, and keep them out of
    every report. Cannot be undone (except from a backup).

    Their turns become "[withdrawn]" (every other turn, coding and word time keeps its
    words); their codings, word times, recordings their voice is in and quotes of them in
    memos go; original files are replaced by the rewritten text. One audit event records
    that it happened, without the words. See docs/consent.md.

    JSON: {participant, participant_id, documents (their names), turns, words,
    codings_removed, codings_trimmed, memos_redacted, code_definitions_redacted,
    audit_events_redacted, word_times_removed, recordings_removed (file names),
    originals_rewritten}.

    \b
    Example:
      mutualscope people withdraw "Case 4 Nurse"
      mutualscope people withdraw P7 --yes --format json
    """
    from mutualscope.services.withdrawal import plan_withdrawal, withdraw_participant

    with state.project.session() as session:
        plan = plan_withdrawal(session, person)
        if not confirmed:
            click.echo(describe_plan(plan), err=True)
            click.confirm(f"Erase everything {plan.participant} said?", abort=True, err=True)
        done = withdraw_participant(session, person)
    if fmt == "json":
        record = asdict(done)
        del record["already_withdrawn"]
        click.echo(to_json(record))
        return
    click.echo(
        f"Withdrew {done.participant}: {done.turns} turn(s) in {len(done.documents)} "
        f"document(s) erased, {done.codings_removed} coding(s) removed, "
        f"{done.memos_redacted} memo(s) redacted."
    )


def describe_plan(plan: WithdrawalPlan) -> str:
    """What a withdrawal will erase, for the confirmation prompt (counts, never words)."""
    lines = [f"Withdrawing {plan.participant} erases:"]
    lines.append(
        f"  {plan.turns} turn(s), {plan.words} word(s), in {len(plan.documents)} document(s)"
        + (f": {', '.join(plan.documents)}" if plan.documents else "")
    )
    lines.append(
        f"  {plan.codings_removed} coding(s) of their words; "
        f"{plan.codings_trimmed} other coding(s) lose the words of theirs they held"
    )
    lines.append(
        f"  quotes of them in {plan.memos_redacted} memo(s), "
        f"{plan.code_definitions_redacted} code definition(s) and "
        f"{plan.audit_events_redacted} audit event(s)"
    )
    lines.append(f"  {plan.word_times_removed} word time(s)")
    if plan.recordings_removed:
        lines.append("  the recording(s) their voice is in: " + ", ".join(plan.recordings_removed))
    if plan.originals_rewritten:
        lines.append(
            f"  {plan.originals_rewritten} original file(s), replaced by the rewritten text"
        )
    if plan.already_withdrawn and not plan.erases_anything:
        lines.append("  nothing: they withdrew already and nothing of theirs is left")
    return "\n".join(lines)
