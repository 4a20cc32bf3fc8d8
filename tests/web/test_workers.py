"""``mutualscope serve --workers 2`` on PostgreSQL, as a real server: a browser signed in
through one worker is served by the other, sign-in throttling counts across workers,
jobs run by either are followed and downloaded through the other, and a server killed
and started again has lost no job. On SQLite, ``--workers`` is refused with the reason.

Which worker answered a request is read from the kernel: the process holding the
server's end of the request's TCP connection.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.reliability.processes import kill_group
from tests.web.conftest import PASSWORD, free_port

from mutualscope.services.jobs import ABANDONED, RESULT, create_job
from mutualscope.services.project import init_project, open_project
from mutualscope.storage.jobs import WebJob, WebJobFile
from mutualscope.storage.users import User

START_SECONDS = 90
#: A job whose worker died is failed this long after its last heartbeat.
STALE_SECONDS = 2


def _command(location: str, *args: str) -> list[str]:
    return [str(Path(sys.executable).with_name("mutualscope")), "--db", location, *args]


class Workers:
    """``mutualscope serve --workers 2`` in a process group of its own."""

    def __init__(self, location: str, log: Path) -> None:
        self.location = location
        self.log = log
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {**os.environ, "MUTUALSCOPE_JOB_STALE_SECONDS": str(STALE_SECONDS)}
        command = _command(self.location, "serve", "--port", str(self.port), "--workers", "2")
        with self.log.open("ab") as log:  # the child keeps its own copy of the handle
            self.process = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=log, env=env, start_new_session=True
            )
        deadline = time.monotonic() + START_SECONDS
        while True:
            if self.process.poll() is not None:
                said = self.log.read_text(errors="replace")[-1500:]
                raise AssertionError(f"the server exited: {said}")
            assert time.monotonic() < deadline, "the server did not answer"
            try:
                if httpx.get(f"{self.url}/api/v1/session", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)

    def kill(self) -> None:
        """kill -9 the whole server, its workers included."""
        if self.process is not None:
            kill_group(self.process.pid)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=30)
        if self.process is not None:
            kill_group(self.process.pid)


def _socket_inode(server_port: int, client_port: int) -> str | None:
    """The inode of the server's end of the connection from ``client_port``."""
    want_local, want_remote = f"{server_port:04X}", f"{client_port:04X}"
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local, remote = fields[1].rsplit(":", 1)[1], fields[2].rsplit(":", 1)[1]
            if local == want_local and remote == want_remote:
                return fields[9]
    return None


def served_by(response: httpx.Response, server_port: int) -> int:
    """The pid of the worker that answered ``response`` (its connection is still open)."""
    stream: Any = response.extensions["network_stream"]
    client_port = stream.get_extra_info("client_addr")[1]
    inode = _socket_inode(server_port, client_port)
    assert inode is not None, "the connection is not in the kernel's table"
    target = f"socket:[{inode}]"
    for pid in (p for p in os.listdir("/proc") if p.isdigit()):
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                if os.readlink(f"/proc/{pid}/fd/{fd}") == target:
                    return int(pid)
        except OSError:
            continue
    raise AssertionError(f"no process holds {target}")


def on_other_worker(
    server: Workers, cookies: httpx.Cookies, headers: dict[str, str], than: int
) -> tuple[httpx.Client, int]:
    """A client with these cookies whose connection is held by a worker other than
    ``than`` (new connections until the kernel hands one to the other worker)."""
    for _ in range(200):
        client = httpx.Client(base_url=server.url, cookies=cookies, headers=headers, timeout=30)
        response = client.get("/api/v1/session")
        pid = served_by(response, server.port)
        if pid != than:
            return client, pid
        client.close()
    raise AssertionError("every connection went to one worker")


@pytest.fixture
def pg_location(backend: str, db_url: str) -> str:
    if backend != "postgresql":
        pytest.skip("several workers serve PostgreSQL projects only (MUTUALSCOPE_TEST_PG)")
    return db_url


@pytest.fixture
def workers(pg_location: str, people: dict[str, User], tmp_path: Path) -> Iterator[Workers]:
    server = Workers(pg_location, tmp_path / "server.log")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def sign_in(server: Workers, name: str) -> tuple[httpx.Client, int]:
    client = httpx.Client(base_url=server.url, timeout=30)
    token = client.get("/api/v1/session").json()["csrf_token"]
    answer = client.post(
        "/api/v1/session", json={"name": name, "password": PASSWORD},
        headers={"x-csrf-token": token},
    )  # fmt: skip
    assert answer.status_code == 200, answer.text
    client.headers["x-csrf-token"] = answer.json()["csrf_token"]
    return client, served_by(answer, server.port)


def test_workers_share_sessions_and_throttling(workers: Workers) -> None:
    first, signed_in_by = sign_in(workers, "coder")
    second, other = on_other_worker(workers, first.cookies, dict(first.headers), signed_in_by)
    assert other != signed_in_by
    seen = second.get("/api/v1/session")
    assert served_by(seen, workers.port) == other
    assert seen.json()["signed_in"] and seen.json()["user"]["name"] == "coder"
    # A change with the CSRF token the first worker gave is accepted by the second.
    made = second.post("/api/v1/codes", json={"path": "Enablers/Funding sources"})
    assert served_by(made, workers.port) == other
    # Refused for the role (a coder may not edit the codebook), not for the token.
    assert made.status_code == 403 and made.json()["error"]["code"] == "permission_denied"
    # Signing out through the second worker ends the session for the first.
    assert second.delete("/api/v1/session").status_code in (200, 204)
    assert first.get("/api/v1/session").json()["signed_in"] is False

    # Failed sign-ins through both workers add up: the sixth is one too many.
    one = httpx.Client(base_url=workers.url, timeout=30)
    token = one.get("/api/v1/session").json()["csrf_token"]
    one_pid = served_by(one.get("/api/v1/session"), workers.port)
    two, two_pid = on_other_worker(workers, one.cookies, {}, one_pid)
    statuses = []
    for attempt in range(7):
        guesser, pid = (one, one_pid) if attempt % 2 else (two, two_pid)
        answer = guesser.post(
            "/api/v1/session", json={"name": "owner", "password": "wrong guess"},
            headers={"x-csrf-token": token},
        )  # fmt: skip
        assert served_by(answer, workers.port) == pid
        statuses.append(answer.status_code)
    assert statuses[:5] == [401] * 5 and statuses[6] == 429, statuses
    for client in (first, second, one, two):
        client.close()


def _wait(client: httpx.Client, job_id: str, states: tuple[str, ...]) -> dict[str, Any]:
    deadline = time.monotonic() + 90
    while True:
        job: dict[str, Any] = client.get(f"/api/v1/jobs/{job_id}").json()
        if job["state"] in states:
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.05)


def _transcripts(count: int) -> list[tuple[str, tuple[str, bytes]]]:
    body = "".join(
        f"Interviewer: Question {n}?\nNurse: Answer about ward {n}.\n" for n in range(400)
    )
    return [("files", (f"interview-{n:02d}.txt", body.encode())) for n in range(count)]


def test_workers_run_jobs_and_a_restart_loses_none(
    workers: Workers, pg_location: str, people: dict[str, User]
) -> None:
    owner, started_by = sign_in(workers, "owner")
    other, other_pid = on_other_worker(workers, owner.cookies, dict(owner.headers), started_by)

    # A report started through one worker, followed and downloaded through the other.
    report = owner.post("/api/v1/reports", data={"format": "md"})
    assert report.status_code == 202, report.text
    done = _wait(other, report.json()["id"], ("done", "failed"))
    assert done["state"] == "done", done
    download = other.get(done["download"])
    assert download.status_code == 200 and download.text.startswith("# ")
    assert "evidence.md" in download.headers["content-disposition"]

    # Several jobs at once: each runs once, by one of the two workers.
    many = [owner.post("/api/v1/reports", data={"format": "html"}).json()["id"] for _ in range(6)]
    finished = [_wait(other, job_id, ("done", "failed")) for job_id in many]
    assert [job["state"] for job in finished] == ["done"] * 6
    with _open(pg_location) as session:
        rows = session.scalars(select(WebJob).where(WebJob.id.in_(many))).all()
        ran_by = {row.worker for row in rows}
        # Run once each: one result file per job (a second run would add another).
        results = session.scalars(
            select(WebJobFile.job_id).where(
                WebJobFile.job_id.in_(many), WebJobFile.purpose == RESULT
            )
        ).all()
    assert sorted(results) == sorted(many)
    assert ran_by <= {f"{socket.gethostname()}:{pid}" for pid in (started_by, other_pid)}

    # An import killed part-way: its progress was in the project, and after the restart
    # it is failed with the reason, not left running for ever.
    files = _transcripts(60)
    started = owner.post("/api/v1/imports/documents", files=files, data={"kind": "interview"})
    assert started.status_code == 202, started.text
    job_id = started.json()["id"]
    running = _wait(other, job_id, ("running", "done", "failed"))
    progressed = running
    deadline = time.monotonic() + 60
    while progressed["state"] == "running" and progressed["done"] == 0:
        assert time.monotonic() < deadline, progressed
        progressed = other.get(f"/api/v1/jobs/{job_id}").json()
    workers.kill()
    for client in (owner, other):
        client.close()

    with _open(pg_location) as session:
        row = session.get(WebJob, job_id)
        assert row is not None
        killed_state, killed_done = row.state, row.done
        # Queued while the server is down: the next server runs it.
        owner_id = session.scalars(select(User.id).where(User.name == "owner")).one()
        create_job(session, job_id="queued-while-down", kind="report", owner_id=owner_id,
                   params={"format": "md"})  # fmt: skip
    if killed_state == "running":
        assert killed_done > 0  # the progress written before the kill is kept

    workers.start()
    owner, _ = sign_in(workers, "owner")
    after = _wait(owner, job_id, ("done", "failed"))
    if killed_state == "running":
        assert after["state"] == "failed" and after["error"] == ABANDONED
        assert after["done"] == killed_done
    else:  # the machine was quicker than the kill: the job had finished
        assert after["state"] in ("done", "failed") and after["state"] == killed_state
    # The report from before the restart is still there, and so is the queued job's.
    assert owner.get(done["download"]).text == download.text
    queued = _wait(owner, "queued-while-down", ("done", "failed"))
    assert queued["state"] == "done" and owner.get(queued["download"]).text.startswith("# ")
    owner.close()


class _open:
    """A session on the project, outside any server."""

    def __init__(self, location: str) -> None:
        self.project = open_project(location)
        self.session: Session | None = None

    def __enter__(self) -> Session:
        self.session = self.project.session()
        return self.session

    def __exit__(self, *_: object) -> None:
        assert self.session is not None
        self.session.close()
        self.project.close()


def test_workers_refused_on_sqlite_with_the_reason(tmp_path: Path) -> None:
    location = tmp_path / "solo.db"
    project, _ = init_project(location)
    project.close()
    command = _command(str(location), "serve", "--port", str(free_port()), "--workers", "2")
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "A SQLite project is served by one process: --workers 2 refused." in result.stderr
    assert "Serve a PostgreSQL project for several workers" in result.stderr
    assert result.stdout == ""
