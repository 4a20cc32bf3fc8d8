"""How many requests a server process runs at once (``serve --threads``, WebSettings.threads),
and many people at once on one process: every request answered, none left waiting for a
database connection that another waiting request holds (docs/web.md, "Threads")."""

from __future__ import annotations

import os
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from anyio.to_thread import current_default_thread_limiter
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from tests.web.conftest import Sample, password_hash
from tests.web.test_concurrency import signed_in_client
from tests.web.test_workers import _command

from mutualscope.services.project import init_project
from mutualscope.storage.users import User
from mutualscope.web.app import create_app
from mutualscope.web.config import WebSettings


def test_threads_setting_bounds_the_requests_a_process_runs_at_once(db_url: str) -> None:
    app = create_app(db_url, settings=WebSettings(threads=3))
    with TestClient(app) as client:
        assert client.get("/api/v1/session").status_code == 200
        tokens = client.portal.call(lambda: current_default_thread_limiter().total_tokens)
    assert tokens == 3


def test_threads_default_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MUTUALSCOPE_THREADS", raising=False)
    assert WebSettings.from_environment().threads == 40
    monkeypatch.setenv("MUTUALSCOPE_THREADS", "12")
    assert WebSettings.from_environment().threads == 12
    for bad in ("0", "2.5", "many"):
        monkeypatch.setenv("MUTUALSCOPE_THREADS", bad)
        with pytest.raises(ValueError, match="MUTUALSCOPE_THREADS must be"):
            WebSettings.from_environment()


def test_threads_bad_environment_refused_by_serve_before_it_starts(tmp_path: Path) -> None:
    location = tmp_path / "project.db"
    project, _ = init_project(location)
    project.close()
    env = dict(os.environ, MUTUALSCOPE_THREADS="lots")
    result = subprocess.run(
        _command(str(location), "serve", "--port", "1"), capture_output=True, text=True,
        env=env, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    assert "MUTUALSCOPE_THREADS must be a whole number from 1, not 'lots'." in result.stderr
    refused = subprocess.run(
        _command(str(location), "serve", "--threads", "0"), capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert refused.returncode == 2 and "--threads" in refused.stderr


def test_more_coders_at_once_than_connections_all_get_answers(
    server: str, sample: Sample, session: Session
) -> None:
    """Forty coders saving at once, more than a SQLite project's pool holds (15),
    each answered at once. A request kept the connection of its session check while it
    waited for a thread; with few threads (4 was tried), the threads' own session checks
    then waited for connections that only those waiting requests could give back, and
    the requests failed after the pool's 30 s."""
    names = [f"many{n}" for n in range(40)]
    for name in names:
        session.add(User(name=name, role="coder", password_hash=password_hash(), active=True))
    session.commit()
    clients = {name: signed_in_client(server, name) for name in names}
    url = f"/api/v1/documents/{sample.document.id}/codings"
    length = len(sample.document.text)

    def code(name: str) -> list[int]:
        statuses = []
        for n in range(4):
            start = (names.index(name) * 3 + n) % (length - 10)
            body = {"code_id": sample.code.id, "start": start, "end": start + 5}
            statuses.append(clients[name].post(url, json=body).status_code)
        return statuses

    began = time.monotonic()
    with ThreadPoolExecutor(max_workers=len(names)) as pool:
        answered = [s for statuses in pool.map(code, names) for s in statuses]
    assert answered == [201] * (4 * len(names))
    assert time.monotonic() - began < 20
    for client in clients.values():
        client.close()


def test_more_readers_at_once_than_connections_all_get_answers(
    server: str, sample: Sample, session: Session
) -> None:
    """Forty people reading at once: a read leaves its endpoint still holding its
    connection, which is given back in a thread of its own, never one that session
    checks may be waiting in for a connection."""
    names = [f"reader{n}" for n in range(40)]
    for name in names:
        session.add(User(name=name, role="viewer", password_hash=password_hash(), active=True))
    session.commit()
    clients = {name: signed_in_client(server, name) for name in names}
    url = f"/api/v1/documents/{sample.document.id}/codings"

    def read(name: str) -> list[int]:
        return [clients[name].get(url).status_code for _ in range(4)]

    began = time.monotonic()
    with ThreadPoolExecutor(max_workers=len(names)) as pool:
        answered = [s for statuses in pool.map(read, names) for s in statuses]
    assert answered == [200] * (4 * len(names))
    assert time.monotonic() - began < 20
    for client in clients.values():
        client.close()
