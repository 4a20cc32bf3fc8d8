"""Where a database stands: the quick check of a current project (no Alembic) agrees
with Alembic, and leaves every other case to it."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from mutualscope.services.project import Project
from mutualscope.storage.schema import (
    SchemaState,
    head_in_files,
    head_revision,
    known_revisions,
    quick_state,
    schema_state,
)


def stamp(engine: Engine, revision: str) -> None:
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})


def test_schema_head_in_files_is_alembics_head() -> None:
    assert head_in_files() == head_revision()


def test_schema_quick_state_of_a_current_project(project: Project) -> None:
    head = head_revision()
    assert quick_state(project.engine) == SchemaState(head, head, "current", ())
    assert schema_state(project.engine).status == "current"


@pytest.mark.parametrize(
    ("revision", "status"), [("0001_initial", "outdated"), ("9999_from_a_newer_version", "newer")]
)
def test_schema_quick_state_leaves_other_revisions_to_alembic(
    project: Project, revision: str, status: str
) -> None:
    assert (revision in known_revisions()) == (status == "outdated")
    stamp(project.engine, revision)
    try:
        assert quick_state(project.engine) is None
        state = schema_state(project.engine)
        assert (state.current, state.status) == (revision, status)
    finally:
        stamp(project.engine, head_revision())


def test_schema_quick_state_of_an_empty_database(empty_engine: Engine) -> None:
    assert quick_state(empty_engine) is None
    assert schema_state(empty_engine).status == "empty"
