"""``mutualscope protect remove-originals`` (SQLite, and PostgreSQL when
MUTUALSCOPE_TEST_PG is set): it only says what it would do without --yes, refuses a
document without a pseudonymised text, and says what it did with the recordings."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from tests.fingerprint import fingerprint
from tests.services.protection.test_remove_originals import _build

from mutualscope.storage.models import Document, Recording


def _engine(session: Session) -> Engine:
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    return engine


def test_remove_originals_without_yes_says_what_and_changes_nothing(
    cli: Callable[..., Result], session: Session, tmp_path: Path
) -> None:
    _build(session, tmp_path)
    before = fingerprint(_engine(session))
    result = cli("protect", "remove-originals", "a.vtt")
    assert result.exit_code == 1
    assert "Would remove:" in result.output
    assert "a.vtt: the original text (5 replacement(s) made for good;" in result.output
    assert "Recordings to remove: a.wav" in result.output
    assert "protect key --out key.csv" in result.output
    assert "Nothing was changed: give --yes" in result.stderr
    assert fingerprint(_engine(session)) == before


def test_remove_originals_refuses_a_document_without_pseudonymised_text(
    cli: Callable[..., Result], session: Session, tmp_path: Path
) -> None:
    _build(session, tmp_path)
    before = fingerprint(_engine(session))
    result = cli("protect", "remove-originals", "--all", "--yes")
    assert result.exit_code != 0
    assert "'other.txt' has no pseudonymised text" in result.output
    assert "Nothing was removed." in result.output
    assert fingerprint(_engine(session)) == before


def test_remove_originals_yes_keeping_recordings(
    cli: Callable[..., Result], session: Session, tmp_path: Path
) -> None:
    _build(session, tmp_path)
    result = cli(
        "protect", "remove-originals", "a.vtt", "--yes", "--keep-recordings", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    done = json.loads(result.stdout)
    assert done["done"] and done["keep_recordings"] and done["recordings"] == ["a.wav"]
    assert done["documents"][0]["replaced"] == 5 and not done["drop_key"]
    text = session.scalar(select(Document.text).where(Document.name == "a.vtt"))
    assert text is not None and "[Person 1] did, with [Person 2] from [Town A]" in text
    assert [r.filename for r in session.scalars(select(Recording))] == ["a.wav"]
    assert "Patel" not in cli("search", "Patel").output
    assert "rang me, and the [ward] team owns it" in cli("search", "ward team").output
    key = cli("protect", "key", "--format", "json")
    assert "Dave Patel" in key.output
    # Run again: the document has no pseudonymised text any more (its text is one).
    again = cli("protect", "remove-originals", "a.vtt", "--yes")
    assert again.exit_code != 0 and "has no pseudonymised text" in again.output
