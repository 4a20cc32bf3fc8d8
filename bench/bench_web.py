"""Issue 7: a 50,000-word transcript with 2,000 codings renders in under 300 ms on the
server, and adding a coding through the JSON API has p95 under 30 ms with 20 concurrent
clients on PostgreSQL. Issue 18: with 20 clients coding back to back, ``serve --workers
2`` on PostgreSQL adds at least 500 codings a second with p95 under 60 ms, and a server
process stays within 1.5 times Taguette's memory (88 MB on the same machine), idle and
under that load. One and two workers are measured side by side.

Rendering is timed in process through the ASGI app (no network, so the figure is the
server's work: the services' queries, cutting the text into pieces and the template).
The add-coding test runs ``mutualscope serve`` in a process of its own on 127.0.0.1
against a fresh PostgreSQL database (``MUTUALSCOPE_BENCH_PG`` or ``MUTUALSCOPE_TEST_PG``;
without one, SQLite is measured and reported without a target), with 20 client threads
each signed in as a coder of its own, all coding the same transcript at once. The clients
sign in with httpx and then send their codings through a lean keep-alive client
(``bench.raw_http``): they share the server's two cores, and httpx's own 0.8 ms of CPU a
request would be taken from the server.
"""

from __future__ import annotations

import itertools
import random
import subprocess
import sys
import threading
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert

from bench.bench_transcripts import postgresql_database
from bench.measure import (
    PeakRss,
    child_pids,
    concurrent_latencies,
    latencies,
    latency_results,
    result,
    rss_mb,
    stats_of,
)
from bench.mixed_writers import sign_in
from bench.raw_http import RawClient
from bench.taguette import free_port
from bench.words import WORDS
from mutualscope.services.codebook_exchange import load_preset
from mutualscope.services.project import Project, init_project
from mutualscope.services.users import add_user, hash_password
from mutualscope.storage.models import Code, Coding, Document, Segment, User

ISSUE = 7
TEAM_ISSUE = 18
#: Worker processes of ``mutualscope serve`` measured side by side (back to back).
WORKERS = (1, 2)
#: Issue 18's targets for 20 clients back to back with two workers on PostgreSQL.
TARGET_PER_SECOND = 500.0
TARGET_P95 = 60.0
#: Taguette's server on the same corpus (bench/side_taguette.py, issue 9's comparison),
#: and the memory a server process may use: 1.5 times that.
TAGUETTE_MB = 88.0
TARGET_MB = 1.5 * TAGUETTE_MB
#: (words, codings) of the transcript rendered, by scale.
SIZES = {"small": (10_000, 400), "medium": (50_000, 2_000), "large": (50_000, 2_000)}
RENDER_RUNS = {"small": 5, "medium": 15, "large": 30}
CLIENTS = 20
PER_CLIENT = {"small": 5, "medium": 25, "large": 50}
#: Codings each client adds back to back: enough that the burst lasts seconds, so the
#: throughput is the server's steady rate, not its first second (500 codings, as at 25
#: each, are over in about a second, and gave 400 a second where 2,000 give 500-580).
BURST_PER_CLIENT = {"small": 10, "medium": 100, "large": 150}
PASSWORD = "bench-password-not-secret"
#: Seconds between one client's codings in the paced test (a coder codes far less often).
PACE = 0.5
#: Faster paces, to find the load up to which p95 stays under the target: 20 clients at
#: 0.1 s offer 200 codings a second.
SWEEP = (0.2, 0.1, 0.05)
#: Where each server's codings start, so runs on one project never repeat a span.
_CALLS = itertools.count(0, 100_000)


def make_transcript(session: Any, words: int, codings: int, seed: int = 7) -> int:
    """A two-speaker interview of ``words`` words, coded ``codings`` times by two coders."""
    rng = random.Random(seed)
    pieces: list[str] = []
    turns: list[tuple[str, int, int]] = []
    length, written, number = 0, 0, 0
    while written < words:
        speaker = "Interviewer" if number % 2 == 0 else "CEO"
        label = f"{speaker}: "
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 120))) + ".\n"
        turns.append((speaker, length + len(label), length + len(label) + len(body) - 1))
        pieces += [label, body]
        length += len(label) + len(body)
        written += body.count(" ") + 1
        number += 1
    text = "".join(pieces)
    document = Document(name="bench-interview.txt", text=text, length=len(text),
                        word_count=written)  # fmt: skip
    session.add(document)
    session.flush()
    session.execute(
        insert(Segment),
        [
            {"document_id": document.id, "position": i, "start": s, "end": e, "speaker": who}
            for i, (who, s, e) in enumerate(turns)
        ],
    )
    coders = [User(name=name, role="coder", active=True) for name in ("ana", "ben")]
    session.add_all(coders)
    session.flush()
    code_ids = [code.id for code in session.query(Code).all()]
    rows = []
    for _ in range(codings):
        start = rng.randrange(0, len(text) - 400)
        rows.append(
            {
                "document_id": document.id,
                "code_id": rng.choice(code_ids),
                "start": start,
                "end": start + rng.randint(20, 400),
                "coder_id": rng.choice(coders).id,
            }
        )
    session.execute(insert(Coding), rows)
    session.commit()
    return document.id


def prepare(project: Project, words: int, codings: int) -> int:
    with project.session() as session:
        load_preset(session, "seed")
        add_user(session, name="reader", role="viewer", password=PASSWORD)
        return make_transcript(session, words, codings)


def render_latency(project: Project, document_id: int, runs: int) -> Any:
    from fastapi.testclient import TestClient

    from mutualscope.web.app import create_app

    app = create_app(project.target.url)
    # As the app is served: the lifespan runs (it prepares the process for serving, and
    # closes the project at the end).
    with TestClient(app) as client:
        token = client.get("/api/v1/session").json()["csrf_token"]
        client.post(
            "/api/v1/session",
            json={"name": "reader", "password": PASSWORD},
            headers={"x-csrf-token": token},
        ).raise_for_status()

        def render(_: int) -> None:
            response = client.get(f"/documents/{document_id}")
            assert response.status_code == 200 and "hl code-" in response.text

        return latencies(render, runs, warmup=2)


def start_server(
    location: str, workdir: Path, workers: int = 1
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    code = "from mutualscope.cli.main import main; main()"
    command = [sys.executable, "-c", code, "--db", location, "serve", "--port", str(port)]
    command += ["--workers", str(workers)]
    log = (workdir / f"server-{workers}.log").open("wb")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"{base}/api/v1/session", timeout=2)
            return server, base
        except httpx.TransportError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError(f"mutualscope serve did not start; see {workdir}") from None
            time.sleep(0.2)


def paced_latencies(add: Any, per_client: int, pace: float = PACE) -> Any:
    """Every client codes one passage every ``pace`` seconds (start times spread), as a
    team of coders working at once does; only the requests are timed."""
    durations: list[float] = []
    lock = threading.Lock()

    def client(number: int) -> None:
        time.sleep(pace * number / CLIENTS)
        for i in range(per_client):
            began = time.perf_counter()
            add(number, 1000 + i)
            took = time.perf_counter() - began
            with lock:
                durations.append(took * 1000)
            time.sleep(max(0.0, pace - took))

    began = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return stats_of(durations, time.perf_counter() - began)


def prepare_coders(location: str) -> tuple[int, int, int]:
    """The project the add-coding runs share: (document id, code id, text length)."""
    project, _ = init_project(location)
    try:
        document_id = prepare(project, 5_000, 200)
        secret_hash = hash_password(PASSWORD)
        with project.session() as session:
            session.add_all(
                User(name=f"coder{n}", role="coder", password_hash=secret_hash, active=True)
                for n in range(CLIENTS)
            )
            session.commit()
            code_id = session.query(Code.id).first()[0]  # type: ignore[index]
            length = session.get(Document, document_id).length  # type: ignore[union-attr]
    finally:
        project.close()
    return document_id, code_id, length


def worker_pids(server: subprocess.Popen[bytes], workers: int) -> list[int]:
    """The processes answering requests: the server itself, or its worker children."""
    if workers == 1:
        return [server.pid]
    deadline = time.monotonic() + 30
    while len(pids := child_pids(server.pid)) < workers and time.monotonic() < deadline:
        time.sleep(0.1)
    # A spawned worker's start also leaves multiprocessing's resource tracker; the
    # workers are the children holding the app (the largest).
    return sorted(pids, key=rss_mb, reverse=True)[:workers]


@dataclass
class ServerRun:
    """One server's figures: latencies, and its processes' resident memory in MB."""

    burst: Any
    paced: Any = None
    sweep: dict[float, Any] = field(default_factory=dict)
    idle_mb: float = 0.0  # the largest worker, signed in and warmed up, before the load
    load_mb: float = 0.0  # the largest worker's peak during the back-to-back load
    total_mb: float = 0.0  # every process of the server at that peak, supervisor included


def signed_in_client(base: str, name: str) -> RawClient:
    """A connection signed in as ``name``: signed in with httpx, then the session's
    cookie and CSRF token carried by the lean client the load is sent with."""
    client = sign_in(base, name, PASSWORD)
    try:
        cookie = "; ".join(f"{key}={value}" for key, value in client.cookies.items())
        csrf = client.headers["x-csrf-token"]
    finally:
        client.close()
    url = httpx.URL(base)
    host, port = url.host, url.port or 80
    return RawClient(host, port, headers={"Cookie": cookie, "X-CSRF-Token": csrf})


def add_coding_latency(
    location: str,
    workdir: Path,
    per_client: int,
    prepared: tuple[int, int, int],
    burst: int,
    *,
    workers: int = 1,
    paced_too: bool = True,
) -> ServerRun:
    document_id, code_id, length = prepared
    server, base = start_server(location, workdir, workers)
    clients: list[RawClient] = []
    try:
        for n in range(CLIENTS):
            clients.append(signed_in_client(base, f"coder{n}"))
        url = f"/api/v1/documents/{document_id}/codings"
        # Every request codes a span its coder has not coded yet (the same coding again
        # is answered 200 with the one there is, a different path); runs on one project
        # start where the last left off.
        calls = itertools.count(next(_CALLS))

        def add(number: int, i: int) -> None:
            start = (number * 997 + next(calls) * 31) % (length - 100)
            body = {"code_id": code_id, "start": start, "end": start + 50}
            answer = clients[number].post_json(url, body)
            assert answer.status == 201, answer.body

        for n in range(CLIENTS):  # warm every connection and the server's caches
            add(n, -1)
        pids = worker_pids(server, workers)
        run = ServerRun(burst=None, idle_mb=max(rss_mb(pid) for pid in pids))
        samplers = [PeakRss(pid) for pid in pids]
        with ExitStack() as sampling:
            whole = sampling.enter_context(PeakRss(server.pid))
            for sampler in samplers:
                sampling.enter_context(sampler)
            run.burst = concurrent_latencies(add, CLIENTS, burst)
        run.load_mb, run.total_mb = max(s.mb for s in samplers), whole.mb
        if paced_too:
            run.paced = paced_latencies(add, per_client)
            run.sweep = {pace: paced_latencies(add, per_client, pace) for pace in SWEEP}
        return run
    finally:
        for client in clients:
            client.close()
        server.terminate()
        server.wait(timeout=30)


def run(scale: str, workdir: Path) -> list[dict[str, Any]]:
    words, codings = SIZES[scale]
    project, _ = init_project(workdir / "render.db")
    try:
        document_id = prepare(project, words, codings)
        render = render_latency(project, document_id, RENDER_RUNS[scale])
    finally:
        project.close()
    label = f"{words:,} words, {codings:,} codings"
    rows = latency_results(
        f"web transcript render ({label})", render, issue=ISSUE, target_p95=300.0,
        note=f"{render.count} renders of the transcript page, in process, SQLite",
    )  # fmt: skip
    per_client = PER_CLIENT[scale]
    with postgresql_database() as pg_url:
        backend = "postgresql" if pg_url else "sqlite"
        location = pg_url or str(workdir / "add.db")
        prepared = prepare_coders(location)
        # SQLite is served by one process only (serve --workers refuses it).
        counts = WORKERS if pg_url else (1,)
        runs = {
            workers: add_coding_latency(location, workdir, per_client, prepared,
                                        BURST_PER_CLIENT[scale],
                                        workers=workers, paced_too=workers == 1)
            for workers in counts
        }  # fmt: skip
    paced, sweep = runs[1].paced, runs[1].sweep
    server = f"via mutualscope serve (one process) on 127.0.0.1, {backend}"
    missing = "" if pg_url else "; no PostgreSQL server configured"
    rows += latency_results(
        f"web add coding {backend} ({CLIENTS} clients, one coding each every {PACE} s)",
        paced,
        issue=ISSUE,
        target_p95=30.0 if backend == "postgresql" else None,
        note=f"{CLIENTS} clients x {per_client} codings, paced, {server}{missing}",
    )
    for pace, stats in sweep.items():
        rows.append(
            result(
                f"web add coding {backend} ({CLIENTS} clients, one coding each every {pace} s)",
                "p95",
                stats.p95,
                "ms",
                issue=ISSUE,
                note=f"{CLIENTS / pace:.0f} codings/s offered, {stats.per_second:.0f} served; "
                f"{server}{missing}",
            )
        )
    for workers, run in runs.items():
        rows += team_rows(backend, workers, run, BURST_PER_CLIENT[scale], missing)
    return rows


def team_rows(
    backend: str, workers: int, run: ServerRun, per_client: int, missing: str
) -> list[dict[str, Any]]:
    """Issue 18's figures for one server: back-to-back latency and throughput, memory."""
    two_on_pg = workers == 2 and backend == "postgresql"
    processes = "1 worker" if workers == 1 else f"{workers} workers"
    label = f"web add coding {backend} ({CLIENTS} clients back to back, {processes})"
    note = (f"{CLIENTS} clients x {per_client} codings with no pause, via mutualscope serve "
            f"--workers {workers} on 127.0.0.1, {backend}{missing}")  # fmt: skip
    rows = latency_results(label, run.burst, issue=TEAM_ISSUE,
                           target_p95=TARGET_P95 if two_on_pg else None, note=note)  # fmt: skip
    rows.append(
        result(label, "codings/s", run.burst.per_second, "codings/s", issue=TEAM_ISSUE,
               target=TARGET_PER_SECOND if two_on_pg else None, better="higher", note=note)
    )  # fmt: skip
    memory = f"web server memory ({processes}, {backend})"
    each = "the largest worker process" if workers > 1 else "the server process"
    for metric, value, when in (
        ("idle RSS", run.idle_mb, "signed in and warmed up, before the load"),
        ("RSS under load", run.load_mb, f"peak while {CLIENTS} clients code back to back"),
    ):
        rows.append(
            result(memory, metric, value, "MB", issue=TEAM_ISSUE, target=TARGET_MB,
                   note=f"{each}, {when}; target 1.5 x Taguette's {TAGUETTE_MB:.0f} MB")
        )  # fmt: skip
    if workers > 1:
        rows.append(
            result(memory, "total RSS under load", run.total_mb, "MB", issue=TEAM_ISSUE,
                   note="every process of the server (its workers and supervisor) at the peak")
        )  # fmt: skip
    return rows
