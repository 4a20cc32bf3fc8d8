"""``mutualscope audit``: the audit trail, who changed what and when."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from mutualscope.cli.lazy import lazy_module
from mutualscope.cli.output import emit, format_option
from mutualscope.cli.state import CliState

if TYPE_CHECKING:
    from mutualscope.services import audit as audit_service
else:
    audit_service = lazy_module("mutualscope.services.audit")


@click.command("audit")
@click.option("--since", metavar="DATE", help="Only events from this date (YYYY-MM-DD) or time.")
@click.option("--user", metavar="NAME", help="Only events made by this user.")
@click.option(
    "--kind",
    metavar="KIND",
    help="Only events about this kind of thing: coding, code, document, participant, "
    "memo, case, user, organisation, setting ...",
)
@click.option("--action", metavar="ACTION", help="Only this action: create, delete, withdraw ...")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True,
              help="At most this many events, newest first.")  # fmt: skip
@format_option()
@click.pass_obj
def audit(
    state: CliState,
    since: str | None,
    user: str | None,
    kind: str | None,
    action: str | None,
    limit: int,
    fmt: str,
) -> None:
    """List the audit trail, newest first: who changed what, when, and the values before
    and after. Changes made from the command line name MUTUALSCOPE_USER, or else the
    login name; the web app names the signed-in user. Events cannot be changed or
    deleted, and never hold words a withdrawal erased.

    JSON: a list of {id, at, actor, action, kind, entity_id, before, after}; in CSV,
    before and after are JSON text.

    \b
    Example:
      mutualscope audit --since 2026-03-01 --user ana
      mutualscope audit --kind participant --action withdraw --format json
    """
    with state.project.session() as session:
        events = audit_service.find_events(
            session,
            since=audit_service.parse_since(since) if since else None,
            user=user,
            kind=kind,
            action=action,
            limit=limit,
        )
    if fmt == "table":
        rows = [
            {
                "id": e.id,
                "at": e.at.strftime("%Y-%m-%d %H:%M:%S"),
                "actor": e.actor,
                "action": e.action,
                "kind": e.kind,
                "entity_id": e.entity_id,
                "change": e.summary,
            }
            for e in events
        ]
        columns = ["id", "at", "actor", "action", "kind", "entity_id", "change"]
    else:
        rows = [e.as_dict() for e in events]
        if fmt == "csv":  # a cell holds the values before and after as JSON
            for row in rows:
                for key in ("before", "after"):
                    if row[key] is not None:
                        row[key] = json.dumps(row[key], ensure_ascii=False, default=str)
        columns = list(audit_service.EVENT_FIELDS)
    emit(rows, fmt, columns, empty="No audit events match.")
