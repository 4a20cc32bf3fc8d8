"""Consent records: the four scopes with date and form, answers read from yes/no and
their synonyms, every change audited with what it replaced, a spreadsheet of consent
imported whole or not at all."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.factories import make_participant

from mutualscope.errors import Conflict, InvalidInput, NotFound
from mutualscope.services.audit import find_events
from mutualscope.services.consent import (
    list_consent,
    parse_consent_date,
    quoting_consent,
    set_consent,
)
from mutualscope.services.consent_imports import import_consent
from mutualscope.storage.consent import ConsentRecord


def test_consent_set_keeps_other_scopes_and_audits_what_it_replaced(session: Session) -> None:
    make_participant(session, "P7", role="nurse")
    view = set_consent(
        session, "p7", answers={"quoting": "yes", "archiving": "no"},
        given_on=date(2026, 3, 1), form="forms/P7.pdf", actor="ana",
    )  # fmt: skip
    assert (view.interview, view.quoting, view.archiving, view.reuse) == (
        "unknown", "granted", "refused", "unknown",
    )  # fmt: skip
    later = set_consent(session, "P7", answers={"reuse": "Y"}, actor="ben")
    assert (later.quoting, later.reuse, later.form) == ("granted", "granted", "forms/P7.pdf")
    latest, first = find_events(session, action="set-consent")
    assert (latest.actor, first.actor) == ("ben", "ana")
    assert latest.before is not None and latest.before["reuse"] == "unknown"
    assert latest.after is not None and latest.after["reuse"] == "granted"
    # The same again changes nothing and records nothing.
    set_consent(session, "P7", answers={"reuse": "granted"})
    assert len(find_events(session, action="set-consent")) == 2


def test_consent_refuses_bad_input_and_changes_nothing(session: Session) -> None:
    make_participant(session, "P7", role="nurse")
    with pytest.raises(InvalidInput, match="quoting: 'maybe' is not an answer; give yes, no"):
        set_consent(session, "P7", answers={"quoting": "maybe"})
    with pytest.raises(InvalidInput, match="Nothing to record"):
        set_consent(session, "P7")
    with pytest.raises(NotFound, match="No participant 'P8'"):
        set_consent(session, "P8", answers={"quoting": "yes"})
    with pytest.raises(InvalidInput, match="DD/MM/YYYY"):
        parse_consent_date("March 1st")
    assert parse_consent_date("01/03/2026") == date(2026, 3, 1)
    assert session.scalar(select(func.count()).select_from(ConsentRecord)) == 0


def test_consent_withdrawn_counts_as_refused_and_cannot_be_granted(session: Session) -> None:
    make_participant(session, "P7", role="nurse", consent="withdrawn")
    make_participant(session, "P8", role="ceo")
    answers = quoting_consent(session)
    assert sorted(answers.answers.values()) == ["refused", "unknown"]
    with pytest.raises(Conflict, match="P7 withdrew"):
        set_consent(session, "P7", answers={"quoting": "yes"})
    assert [v.status for v in list_consent(session)] == ["withdrawn", "given"]


def test_consent_import_reads_a_spreadsheet_with_real_quirks(
    session: Session, tmp_path: Path
) -> None:
    for label in ("Case 1 CEO", "Nurse 😀 A", 'The "Chair"'):
        make_participant(session, label, role="staff")
    path = tmp_path / "consent.csv"
    # Excel's CSV: a BOM, CR LF, CamelCase headers, doubled quotes, a blank line, a column
    # the import does not read.
    path.write_bytes(
        "\ufeffParticipantLabel,ConsentToQuoting,Archive,ConsentDate,FormRef,Notes\r\n"
        "Case 1 CEO,Yes,no,01/03/2026,forms/ceo.pdf,met at office\r\n"
        "nurse 😀 a,N,,2026-03-02,,\r\n"
        ",,,,,\r\n"
        '"The ""Chair""",granted,yes,,"forms/chair, signed.pdf",\r\n'.encode("utf-8")
    )
    result = import_consent(session, path, dry_run=True)
    assert (result.changed, result.ignored) == (3, ["Notes"])
    assert session.scalar(select(func.count()).select_from(ConsentRecord)) == 0
    result = import_consent(session, path, actor="ana")
    views = {v.participant: v for v in list_consent(session)}
    assert (views["Case 1 CEO"].quoting, views["Case 1 CEO"].archiving) == ("granted", "refused")
    assert views["Case 1 CEO"].date == date(2026, 3, 1)
    assert (views["Nurse 😀 A"].quoting, views["Nurse 😀 A"].archiving) == ("refused", "unknown")
    assert views['The "Chair"'].form == "forms/chair, signed.pdf"
    assert len(find_events(session, action="set-consent", user="ana")) == 3


def test_consent_import_bad_rows_are_all_named_and_nothing_changes(
    session: Session, tmp_path: Path
) -> None:
    make_participant(session, "P7", role="nurse")
    path = tmp_path / "consent.csv"
    path.write_text(
        "participant,quoting,date\nP7,yes,2026-03-01\nP9,yes,\nP7,no,\nP7,maybe,31/02/2026\n",
        encoding="utf-16",
    )
    with pytest.raises(InvalidInput) as refused:
        import_consent(session, path)
    message = str(refused.value)
    assert "3 rows could not be read; nothing was changed." in message
    assert "row 3: no participant 'P9'" in message
    assert "row 4: P7 is on row 2 already." in message
    assert "row 5: P7 is on row 2 already." in message
    assert session.scalar(select(func.count()).select_from(ConsentRecord)) == 0
    headers = tmp_path / "headers.csv"
    headers.write_text("Name,Quote\nP7,yes\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"no participant column.*'Name', 'Quote'"):
        import_consent(session, headers)
