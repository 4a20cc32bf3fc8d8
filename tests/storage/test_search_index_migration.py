"""Migration 0002 (search index): segments of an older project become searchable."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from mutualscope.services.project import open_project
from mutualscope.services.search import search_segments
from mutualscope.settings import resolve_database
from mutualscope.storage.engine import create_project_engine, release_project_engine
from mutualscope.storage.schema import downgrade_to, upgrade_to


def test_upgrade_from_0001_queues_and_then_finds_old_segments(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = create_project_engine(resolve_database(path))
    upgrade_to(engine, "0001_initial")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO document (id, name, kind, text, length, word_count, attributes, "
                "guid, created_at, updated_at) VALUES (1, 'old.txt', 'interview', "
                "'CEO: We did it under the radar.', 31, 7, '{}', 'g-1', "
                "'2020-01-01 00:00:00', '2020-01-01 00:00:00')"
            )
        )
        conn.execute(
            text(
                'INSERT INTO segment (document_id, position, start, "end", speaker) '
                "VALUES (1, 0, 5, 31, 'CEO')"
            )
        )
    release_project_engine(engine)

    project = open_project(path)  # backs up and upgrades to head
    try:
        with project.engine.connect() as conn:
            assert conn.scalar(text("SELECT count(*) FROM search_pending")) == 1
        with project.session() as session:
            hits = search_segments(session, '"under the radar"')
        assert [(h.document, h.speaker, h.match) for h in hits] == [
            ("old.txt", "CEO", "under the radar")
        ]
    finally:
        project.close()


def test_downgrade_removes_the_search_index(tmp_path: Path) -> None:
    engine = create_project_engine(resolve_database(tmp_path / "x.db"))
    upgrade_to(engine, "0002_search_index")
    downgrade_to(engine, "0001_initial")
    with engine.connect() as conn:
        names = {
            row[0]
            for row in conn.execute(text("SELECT name FROM sqlite_master WHERE type IN "
                                         "('table', 'trigger')"))
        }  # fmt: skip
    release_project_engine(engine)
    assert not {n for n in names if "search" in n}
