"""Issue 7: a 50,000-word transcript with 2,000 codings renders in under 300 ms on the
server, and adding a coding through the JSON API has p95 under 30 ms with 20 concurrent
clients on PostgreSQL.

Rendering is timed in process through the ASGI app (no network, so the figure is the
server's work: the services' queries, cutting the text into pieces and the template).
The add-coding test runs ``mutualscope serve`` in a process of its own on 127.0.0.1
against a fresh PostgreSQL database (``MUTUALSCOPE_BENCH_PG`` or ``MUTUALSCOPE_TEST_PG``;
without one, SQLite is measured and reported without a target), with 20 client threads
each signed in as a coder of its own, all coding the same transcript at once.
"""

from __future__ import annotations

import itertools
import random
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert

from bench.bench_transcripts import postgresql_database
from bench.measure import (
    concurrent_latencies,
    latencies,
    latency_results,
    result,
    stats_of,
)
from bench.taguette import free_port
from bench.words import WORDS
from mutualscope.services.codebook_exchange import load_preset
from mutualscope.services.project import Project, init_project
from mutualscope.services.users import add_user, hash_password
from mutualscope.storage.models import Code, Coding, Document, Segment, User

ISSUE = 7
#: (words, codings) of the transcript rendered, by scale.
SIZES = {"small": (10_000, 400), "medium": (50_000, 2_000), "large": (50_000, 2_000)}
RENDER_RUNS = {"small": 5, "medium": 15, "large": 30}
CLIENTS = 20
PER_CLIENT = {"small": 5, "medium": 25, "large": 50}
PASSWORD = "bench-password-not-secret"
#: Seconds between one client's codings in the paced test (a coder codes far less often).
PACE = 0.5
#: Faster paces, to find the load up to which p95 stays under the target: 20 clients at
#: 0.1 s offer 200 codings a second.
SWEEP = (0.2, 0.1, 0.05)


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


def start_server(location: str, workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    code = "from mutualscope.cli.main import main; main()"
    command = [sys.executable, "-c", code, "--db", location, "serve", "--port", str(port)]
    log = (workdir / "server.log").open("wb")
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


def add_coding_latency(location: str, workdir: Path, per_client: int) -> Any:
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
    server, base = start_server(location, workdir)
    clients: list[httpx.Client] = []
    try:
        for n in range(CLIENTS):
            client = httpx.Client(base_url=base, timeout=60)
            token = client.get("/api/v1/session").json()["csrf_token"]
            answer = client.post(
                "/api/v1/session",
                json={"name": f"coder{n}", "password": PASSWORD},
                headers={"x-csrf-token": token},
            )
            answer.raise_for_status()
            client.headers["x-csrf-token"] = answer.json()["csrf_token"]
            clients.append(client)
        url = f"/api/v1/documents/{document_id}/codings"
        # Every request codes a span its coder has not coded yet (the same coding again
        # is answered 200 with the one there is, a different path).
        calls = itertools.count()

        def add(number: int, i: int) -> None:
            start = (number * 997 + next(calls) * 31) % (length - 100)
            body = {"code_id": code_id, "start": start, "end": start + 50}
            response = clients[number].post(url, json=body)
            assert response.status_code == 201, response.text

        for n in range(CLIENTS):  # warm every connection and the server's caches
            add(n, -1)
        burst = concurrent_latencies(add, CLIENTS, per_client)
        paced = paced_latencies(add, per_client)
        sweep = {pace: paced_latencies(add, per_client, pace) for pace in SWEEP}
        return burst, paced, sweep
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
        burst, paced, sweep = add_coding_latency(location, workdir, per_client)
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
    rows += latency_results(
        f"web add coding {backend} ({CLIENTS} clients back to back)",
        burst,
        issue=ISSUE,
        note=f"{CLIENTS} clients x {per_client} codings with no pause, {server}: "
        f"{burst.per_second:.0f} codings/s at saturation{missing}",
    )
    return rows
