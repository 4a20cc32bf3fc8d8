"""Migration 0009 (consent records, append-only audit trail): a project at 0008 upgrades
with its participants; one who had withdrawn gets every scope refused; audit rows can no
longer be changed or deleted; and down again.

Run on SQLite, and on a PostgreSQL database of its own when MUTUALSCOPE_TEST_PG is set.
"""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from mutualscope.storage.consent import ConsentRecord
from mutualscope.storage.schema import downgrade_to, upgrade_to, upgrade_to_head


def _old_rows(engine: Engine) -> None:
    with engine.begin() as conn:
        for pid, label, consent in ((1, "Case 3 CEO", "given"), (2, "Nurse A", "withdrawn")):
            conn.execute(
                text(
                    "INSERT INTO participant (id, label, role, external, consent, attributes, "
                    "guid, created_at, updated_at) VALUES (:id, :label, 'ceo', false, :consent, "
                    "'{}', :guid, '2020-01-01 00:00:00', '2020-01-01 00:00:00')"
                ),
                {"id": pid, "label": label, "consent": consent, "guid": f"g-{pid}"},
            )
        conn.execute(
            text(
                "INSERT INTO audit_event (id, at, actor, action, entity_type) "
                "VALUES (7, '2020-01-01 00:00:00', 'ana', 'create', 'participant')"
            )
        )


def test_upgrade_from_0008_records_withdrawals_and_freezes_the_audit_trail_but_redaction(
    empty_engine: Engine,
) -> None:
    upgrade_to(empty_engine, "0008_recording_words")
    _old_rows(empty_engine)

    upgrade_to_head(empty_engine)

    with Session(empty_engine) as session:
        records = {r.participant_id: r for r in session.scalars(select(ConsentRecord))}
        assert list(records) == [2]
        withdrawn = records[2]
        assert (withdrawn.interview, withdrawn.quoting, withdrawn.archiving, withdrawn.reuse) == (
            "refused", "refused", "refused", "refused",
        )  # fmt: skip
        session.add(ConsentRecord(participant_id=1, quoting="granted"))
        session.commit()
        assert session.get(ConsentRecord, 1).archiving == "unknown"  # type: ignore[union-attr]
    for statement in (
        "UPDATE audit_event SET actor = 'someone else' WHERE id = 7",
        'UPDATE audit_event SET "after" = \'{"text": "other words"}\' WHERE id = 7',
        # Only the marker may replace words, and only in what the event held.
        "UPDATE audit_event SET action = 'x', \"after\" = '\"[withdrawn]\"' WHERE id = 7",
        "DELETE FROM audit_event WHERE id = 7",
    ):
        with pytest.raises(DBAPIError, match="append-only"), empty_engine.begin() as conn:
            conn.execute(text(statement))
    with empty_engine.begin() as conn:
        conn.execute(
            text('UPDATE audit_event SET "before" = :v WHERE id = 7'),
            {"v": '{"text": "They said [withdrawn] then"}'},
        )
        conn.execute(
            text("INSERT INTO audit_event (at, action, entity_type) VALUES (:at, 'x', 'y')"),
            {"at": "2021-01-01 00:00:00"},
        )
        assert conn.execute(text("SELECT actor FROM audit_event WHERE id = 7")).scalar() == "ana"
    with empty_engine.begin() as conn, pytest.raises(DBAPIError):
        conn.execute(text("UPDATE consent_record SET quoting = 'maybe' WHERE participant_id = 1"))


def test_downgrade_to_0008_drops_consent_and_lets_audit_rows_go(empty_engine: Engine) -> None:
    upgrade_to(empty_engine, "0009_consent")
    _old_rows(empty_engine)
    downgrade_to(empty_engine, "0008_recording_words")
    with empty_engine.begin() as conn:
        assert "consent_record" not in set(inspect(conn).get_table_names())
        conn.execute(text("DELETE FROM audit_event WHERE id = 7"))
        assert conn.execute(text("SELECT count(*) FROM participant")).scalar() == 2
