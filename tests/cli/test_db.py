"""``mutualscope init`` and ``db status|upgrade|backup``."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from mutualscope.cli.main import main
from mutualscope.storage.schema import head_revision


def run(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(main, list(args), catch_exceptions=False)


def test_cli_version(runner: CliRunner) -> None:
    result = run(runner, "--version")
    assert result.exit_code == 0 and "mutualscope, version" in result.output


def test_cli_init_then_status_json(runner: CliRunner, tmp_path: Path, monkeypatch: object) -> None:
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MUTUALSCOPE_DB", raising=False)
    assert run(runner, "init").exit_code == 0
    assert (tmp_path / "mutualscope.db").exists()
    result = run(runner, "db", "status", "--format", "json")
    data = json.loads(result.output)
    assert data["backend"] == "sqlite"
    assert data["up_to_date"] is True
    assert data["revision"] == head_revision()
    assert data["counts"]["organisation"] == 0


def test_cli_status_on_fixture_project(cli: Callable[..., Result], backend: str) -> None:
    result = cli("db", "status")
    assert result.exit_code == 0, result.output
    assert f"Backend:   {backend}" in result.output
    assert "up to date" in result.output


def test_cli_upgrade_up_to_date(cli: Callable[..., Result]) -> None:
    result = cli("db", "upgrade")
    assert result.exit_code == 0
    assert "already up to date" in result.output


def test_cli_backup_sqlite(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    assert run(runner, "--db", str(db), "init").exit_code == 0
    target = tmp_path / "copy.db"
    result = run(runner, "--db", str(db), "db", "backup", str(target))
    assert result.exit_code == 0, result.output
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    again = run(runner, "--db", str(db), "db", "backup", str(target))
    assert again.exit_code == 1 and "already exists" in again.output


def test_cli_backup_postgresql_without_pg_dump_explains(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    url = "postgresql://postgres@127.0.0.1:5432/test"
    result = run(runner, "--db", url, "db", "backup", str(tmp_path / "x.dump"))
    assert result.exit_code == 1
    assert "pg_dump --format=custom" in result.output
    assert "postgresql://postgres@127.0.0.1:5432/test" in result.output
    assert "pg_restore --no-owner" in result.output
    assert not (tmp_path / "x.dump").exists()


def test_cli_backup_postgresql_runs_pg_dump(
    cli: Callable[..., Result], backend: str, tmp_path: Path
) -> None:
    if backend != "postgresql":
        pytest.skip("a PostgreSQL server")
    result = cli("db", "backup", str(tmp_path / "study.dump"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "study.dump").read_bytes().startswith(b"PGDMP")


def test_cli_bad_db_values(runner: CliRunner, tmp_path: Path) -> None:
    text_file = tmp_path / "notes.txt"
    text_file.write_text("hello")
    result = run(runner, "--db", str(text_file), "db", "status")
    assert result.exit_code == 1
    assert "not an SQLite database" in result.output
    assert text_file.read_text() == "hello"
    result = run(runner, "--db", "mysql://x@y/z", "db", "status")
    assert result.exit_code == 1 and "unsupported database URL" in result.output
    result = run(runner, "--db", "postgresql://postgres@127.0.0.1:1/x", "db", "status")
    assert result.exit_code == 1 and "Could not connect" in result.output


def test_cli_demo_builds_project(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = run(runner, "demo", "--out", str(out), "--no-serve")
    assert result.exit_code == 0, result.output
    assert (out / "mutualscope.db").exists()
    again = run(runner, "demo", "--out", str(out), "--no-serve")
    assert again.exit_code == 0
    assert (out / "mutualscope.previous.db").exists()
