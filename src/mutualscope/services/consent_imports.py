"""Importing consent from a spreadsheet: every row checked before anything is written.

A row names a participant by label and gives any of the scopes (yes/no/unknown), the
date and the form. Rows with a problem are all reported, each with its row number and
how to mend it, and then nothing is changed; otherwise every row is written in one
transaction, each changed participant with its audit event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mutualscope.errors import InvalidInput, MutualscopeError
from mutualscope.io.consent_table import read_consent_table
from mutualscope.services.consent import check_answers, parse_consent_date, record_consent
from mutualscope.storage.cases import Participant
from mutualscope.storage.consent import SCOPES


@dataclass
class ConsentImport:
    """What an import read and did (or, with ``dry_run``, would do)."""

    source: str
    rows: int = 0
    changed: int = 0
    unchanged: int = 0
    columns: dict[str, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    dry_run: bool = False


@dataclass(frozen=True)
class _Checked:
    person: Participant
    answers: dict[str, str]
    given_on: date | None
    form: str | None


def _check_rows(session: Session, path: Path) -> tuple[list[_Checked], ConsentImport]:
    table = read_consent_table(path)
    labels = {
        label.lower(): person
        for label, person in session.execute(select(func.lower(Participant.label), Participant))
    }
    checked: list[_Checked] = []
    problems: list[str] = []
    seen: dict[int, int] = {}
    for row in table.rows:
        where = f"row {row.row}"
        person = labels.get(" ".join(row.participant.split()).lower())
        if person is None:
            problems.append(
                f"{where}: no participant {row.participant!r}; use a label from "
                "`mutualscope people list`, or add them with `mutualscope people add`."
            )
            continue
        if person.id in seen:
            problems.append(f"{where}: {person.label} is on row {seen[person.id]} already.")
            continue
        seen[person.id] = row.row
        try:
            answers = check_answers({s: row.cells[s] for s in SCOPES if s in row.cells})
            written = row.cells.get("date", "")
            given_on = parse_consent_date(written) if written else None
        except InvalidInput as error:
            problems.append(f"{where}: {error}")
            continue
        form = row.cells.get("form") or None
        checked.append(_Checked(person, answers, given_on, form))
    if problems:
        raise InvalidInput(
            f"{path}: {len(problems)} row{'s' if len(problems) != 1 else ''} could not be "
            "read; nothing was changed.",
            problems,
        )
    result = ConsentImport(
        source=table.source, rows=len(checked), columns=table.columns, ignored=table.ignored
    )
    return checked, result


def import_consent(
    session: Session, path: Path, *, dry_run: bool = False, actor: str | None = None
) -> ConsentImport:
    """Record consent from a CSV or XLSX file (see :mod:`mutualscope.io.consent_table`)."""
    checked, result = _check_rows(session, path)
    result.dry_run = dry_run
    try:
        for item in checked:
            try:
                changed = record_consent(
                    session, item.person, item.answers,
                    given_on=item.given_on, form=item.form, actor=actor,
                )  # fmt: skip
            except MutualscopeError as error:
                raise InvalidInput(f"{path}: {error}; nothing was changed.") from None
            result.changed += changed
            result.unchanged += not changed
        if dry_run:
            session.rollback()
        else:
            session.commit()
    except BaseException:
        session.rollback()
        raise
    return result
