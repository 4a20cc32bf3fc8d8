"""Migration 0012 (web jobs in the database): a project at 0011 upgrades, its users
keep their jobs' foreign key, a job with files is stored and removed with its files, and
the migration goes down again.

Run on SQLite, and on a PostgreSQL database of its own when MUTUALSCOPE_TEST_PG is set.
"""

from __future__ import annotations

from sqlalchemy import inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from mutualscope.services.jobs import INPUT, create_job, job_files
from mutualscope.storage.jobs import WebJob, WebJobFile
from mutualscope.storage.schema import downgrade_to, upgrade_to, upgrade_to_head


def test_upgrade_from_0011_stores_jobs_with_their_files_and_goes_down(
    empty_engine: Engine,
) -> None:
    upgrade_to(empty_engine, "0011_protection_findings")
    with empty_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO app_user (id, name, role, active, guid, created_at, updated_at) "
                "VALUES (4, 'ana', 'owner', true, 'g-4', '2020-01-01', '2020-01-01')"
            )
        )

    upgrade_to_head(empty_engine)

    with Session(empty_engine) as session:
        create_job(
            session,
            job_id="j1",
            kind="import",
            owner_id=4,
            params={"case": "Case 3"},
            inputs=[("b.txt", b"second"), ("a.txt", b"first \x00 bytes")],
        )
        assert job_files(session, "j1", INPUT) == [
            ("b.txt", b"second"),
            ("a.txt", b"first \x00 bytes"),
        ]
        job = session.get(WebJob, "j1")
        assert job is not None and (job.state, job.params) == ("queued", {"case": "Case 3"})
        # Removing the user removes their jobs and the jobs' files.
        session.execute(text("DELETE FROM app_user WHERE id = 4"))
        session.commit()
        assert session.scalars(select(WebJobFile.id)).all() == []

    downgrade_to(empty_engine, "0011_protection_findings")
    assert "web_job" not in inspect(empty_engine).get_table_names()
